import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getIdListParameter, getLimitParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';
import { includeMovieOption, movieIdsFilter } from '../common';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			includeMovieOption,
			{
				displayName: 'Include Unknown Movies',
				name: 'includeUnknownMovieItems',
				type: 'boolean',
				default: false,
				description: 'Whether to list downloads Radarr could not match to a movie too',
			},
			movieIdsFilter,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['getAll'] } }, properties);

/** One item per download, read page by page until the limit (or the end of the queue). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeMovie?: boolean; includeUnknownMovieItems?: boolean };
		return await (await radarr()).client.listQueue(
			{
				includeMovie: options.includeMovie,
				includeUnknownMovieItems: options.includeUnknownMovieItems,
				movieIds: getIdListParameter(this, 'options.movieIds', itemIndex),
			},
			{ limit },
		);
	});
}
