import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import type { ArrSessionProvider } from '../session';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['system'], operation: ['getStatus'] } }, properties);

/** The app's version, OS, URL base and start time, as its System → Status page shows them. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await app()).client.getSystemStatus());
}
