import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MediastackSessionProvider } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['system'], operation: ['getHealth'] } }, properties);

/** The runner's health summary; `ok: false` is output, not raised, so a workflow can alert on it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await runner()).client.getHealth());
}
