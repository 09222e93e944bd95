import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { includeEpisodeOption, includeSeriesOption } from '../common';

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
			includeEpisodeOption,
			includeSeriesOption,
			{
				displayName: 'Include Unknown Series',
				name: 'includeUnknownSeriesItems',
				type: 'boolean',
				default: false,
				description: 'Whether to list downloads Sonarr could not match to a series too',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['getAll'] } }, properties);

/** One item per download in Sonarr's queue, read page by page up to the limit. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeEpisode?: boolean; includeSeries?: boolean; includeUnknownSeriesItems?: boolean };
		return await (await sonarr()).client.listQueue(
			{ includeEpisode: options.includeEpisode, includeSeries: options.includeSeries, includeUnknownSeriesItems: options.includeUnknownSeriesItems },
			{ limit },
		);
	});
}
