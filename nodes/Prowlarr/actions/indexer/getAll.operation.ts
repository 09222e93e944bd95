import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['getAll'] } }, properties);

/** One item per indexer, as Prowlarr returns it (settings included). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const indexers = await (await prowlarr()).client.listIndexers();
		if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return indexers;
		// Prowlarr has no paging for indexers: the whole list always comes back.
		return indexers.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	});
}
