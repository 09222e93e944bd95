import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import type { ArrSessionProvider } from '../session';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['system'], operation: ['getHealth'] } }, properties);

/** One item per health check the app reports; none when everything is fine. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await app()).client.getHealth());
}
