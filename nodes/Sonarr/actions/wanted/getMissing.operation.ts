import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { includeSeriesOption } from '../common';

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
			includeSeriesOption,
			{
				displayName: 'Monitored Only',
				name: 'monitored',
				type: 'boolean',
				default: true,
				description: 'Whether to list only monitored episodes, as Sonarr\'s Wanted page does',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['wanted'], operation: ['getMissing'] } }, properties);

/** One item per aired episode without a file, read page by page up to the limit. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeSeries?: boolean; monitored?: boolean };
		return await (await sonarr()).client.listWantedMissing({ includeSeries: options.includeSeries, monitored: options.monitored }, { limit });
	});
}
