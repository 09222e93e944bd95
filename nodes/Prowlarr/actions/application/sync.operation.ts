import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['sync'] } }, properties);

/**
 * "Sync App Indexers": Prowlarr pushes its indexers to every app now. Outputs the queued
 * command; its `id` can be followed with Command → Get Status.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await prowlarr()).client.syncApplications());
}
