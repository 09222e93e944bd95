import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems, upTo } from '../../../shared/items';
import { getIdParameter, getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { includeEpisodeFileOption, seriesIdProperty } from '../common';

const properties: INodeProperties[] = [
	seriesIdProperty,
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			includeEpisodeFileOption,
			{
				displayName: 'Season Number',
				name: 'seasonNumber',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'Only the episodes of this season (0 holds the specials)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['episode'], operation: ['getAll'] } }, properties);

/** One item per episode of the series, in Sonarr's order; their IDs feed Command → Search Episodes. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getIdParameter(this, 'seriesId', itemIndex);
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeEpisodeFile?: boolean; seasonNumber?: number };
		const episodes = await (await sonarr()).client.listEpisodes(seriesId, { seasonNumber: options.seasonNumber, includeEpisodeFile: options.includeEpisodeFile });
		return upTo(episodes, limit);
	});
}
