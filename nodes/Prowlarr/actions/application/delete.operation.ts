import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';
import { applicationIdProperty } from './common';

const properties: INodeProperties[] = [applicationIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['delete'] } }, properties);

/** Removes the app from Prowlarr; the indexers Prowlarr added to the app stay there. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const applicationId = getIdParameter(this, 'applicationId', itemIndex, 'Application ID');
		await (await prowlarr()).client.deleteApplication(applicationId);
		return { applicationId, deleted: true };
	});
}
