import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../../shared/items';
import { appriseProperties, sendWithApprise, sendWithWebhook, webhookProperties } from '../../../common/channels';
import { messageProperties } from '../../../common/message';
import { APPRISE_CREDENTIAL_TYPE, WEBHOOK_CREDENTIAL_TYPE } from '../../../transport';

const properties: INodeProperties[] = [
	...updateDisplayOptions({ show: { authentication: [APPRISE_CREDENTIAL_TYPE] } }, appriseProperties),
	...messageProperties,
	...updateDisplayOptions({ show: { authentication: [WEBHOOK_CREDENTIAL_TYPE] } }, webhookProperties),
];

export const description = updateDisplayOptions({ show: { resource: ['notification'], operation: ['send'] } }, properties);

/** One message per item, by the channel of the credential the node uses. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const channel = this.getNodeParameter('authentication', 0) as string;
	if (channel !== APPRISE_CREDENTIAL_TYPE && channel !== WEBHOOK_CREDENTIAL_TYPE) {
		throw new NodeOperationError(this.getNode(), `Unknown channel "${channel}"`, { description: 'Pick a Webhook or an Apprise API credential for the node.' });
	}
	const send = channel === APPRISE_CREDENTIAL_TYPE ? sendWithApprise : sendWithWebhook;
	return await mapItems.call(this, items, async (itemIndex) => await send(this, itemIndex));
}
