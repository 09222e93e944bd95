import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MediastackSessionProvider } from '../../transport';
import { sessionLabelProperty } from '../common';

const properties: INodeProperties[] = [sessionLabelProperty];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['testExpiryNotification'] } }, properties);

/**
 * Makes the runner send a session's expiry warning now through its notification channels.
 * Outputs `created`, `expires` and `days_remaining` as the runner computed them.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex));
		return await (await runner()).client.testExpiryNotification(label);
	});
}
