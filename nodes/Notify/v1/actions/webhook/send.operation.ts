import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../../shared/items';
import { sendWithWebhook, webhookProperties } from '../../../common/channels';
import { messageProperties } from '../../../common/message';

const properties: INodeProperties[] = [...messageProperties, ...webhookProperties];

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['send'] } }, properties);

/** POSTs one JSON message per item, signed with the credential's HMAC secret when it has one. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => await sendWithWebhook(this, itemIndex));
}
