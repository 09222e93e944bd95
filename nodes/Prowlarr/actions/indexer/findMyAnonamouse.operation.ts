import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['findMyAnonamouse'] } }, properties);

/** The MyAnonamouse indexer as Prowlarr returns it; its `mamId` setting is in `fields`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await prowlarr()).client.findMyAnonamouseIndexer());
}
