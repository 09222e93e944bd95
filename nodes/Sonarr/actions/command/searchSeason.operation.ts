import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { getSeasonNumber, seriesIdProperty } from '../common';

const properties: INodeProperties[] = [
	seriesIdProperty,
	{
		displayName: 'Season Number',
		name: 'seasonNumber',
		type: 'number',
		typeOptions: { minValue: 0 },
		required: true,
		default: 1,
		description: 'The season to search for (0 holds the specials)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['searchSeason'] } }, properties);

/** Searches for a whole season, season packs first as Sonarr does; outputs the queued command. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getIdParameter(this, 'seriesId', itemIndex);
		const seasonNumber = getSeasonNumber(this, itemIndex);
		return await (await sonarr()).client.searchSeason(seriesId, seasonNumber);
	});
}
