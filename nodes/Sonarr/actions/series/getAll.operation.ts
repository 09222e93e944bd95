import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems, upTo } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { getOptionalIdParameter } from '../../../shared/pickers';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'TVDB ID',
				name: 'tvdbId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 81189',
				description: 'Only the series with this TVDB ID; nothing when the show is not in the library',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['getAll'] } }, properties);

/** One item per series of the library, with its statistics, as Sonarr returns it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const tvdbId = getOptionalIdParameter(this, 'filters.tvdbId', itemIndex, 'TVDB ID');
		// Sonarr has no paging for the library: the whole list always comes back.
		return upTo(await (await sonarr()).client.listSeries({ tvdbId }), limit);
	});
}
