import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getOptionalDateParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description: 'Only count queries and grabs from this moment on; empty for Prowlarr\'s default',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description: 'Only count queries and grabs up to this moment; empty for now',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['getStats'] } }, properties);

/** One item per indexer with its query and grab counts, as Prowlarr reports them. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const startDate = getOptionalDateParameter(this, 'startDate', itemIndex);
		const endDate = getOptionalDateParameter(this, 'endDate', itemIndex);
		const stats = await (await prowlarr()).client.getIndexerStats({ startDate, endDate });
		return stats.indexers ?? [];
	});
}
