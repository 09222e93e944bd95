import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';
import { applicationIdProperty } from './common';

const properties: INodeProperties[] = [applicationIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => await (await prowlarr()).client.getApplication(getIdParameter(this, 'applicationId', itemIndex, 'Application ID')));
}
