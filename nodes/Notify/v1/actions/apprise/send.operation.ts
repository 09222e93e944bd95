import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../../shared/items';
import { appriseProperties, sendWithApprise } from '../../../common/channels';
import { messageProperties } from '../../../common/message';

const properties: INodeProperties[] = [...appriseProperties, ...messageProperties];

export const description = updateDisplayOptions({ show: { resource: ['apprise'], operation: ['send'] } }, properties);

/** Sends one message per item through the Apprise API server; a target that fails fails the item. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => await sendWithApprise(this, itemIndex));
}
