import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['getStatuses'] } }, properties);

/** One item per indexer Prowlarr has disabled or seen failing; none when all are healthy. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await prowlarr()).client.getIndexerStatuses());
}
