import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { createWebhookNotifier } from '../../transport';
import { buildMessage, messageProperties, sentSummary } from '../message';

const properties: INodeProperties[] = [
	...messageProperties,
	{
		displayName: 'Extra Headers',
		name: 'extraHeaders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		description: 'Further headers for the receiver. Put secrets in the credential\'s header instead: these are stored with the workflow.',
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The header\'s name, e.g. X-Source' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The header\'s value' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['webhook'], operation: ['send'] } }, properties);

/**
 * POSTs one JSON message per item: `{source, event, severity, subject, body, data, timestamp}`,
 * signed with the credential's HMAC secret when it has one.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const message = buildMessage(this, itemIndex);
		const notifier = await createWebhookNotifier(this, extraHeaders(this, itemIndex));
		const receipt = await notifier.send(message);
		return sentSummary(message, receipt.channelType, receipt.detail);
	});
}

function extraHeaders(context: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const collection = context.getNodeParameter('extraHeaders', itemIndex, {}) as { header?: Array<{ name?: string; value?: string }> };
	const headers: Record<string, string> = {};
	for (const { name, value } of collection.header ?? []) {
		const key = String(name ?? '').trim();
		if (!key) continue;
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
			throw new NodeOperationError(context.getNode(), `"${key}" is not a valid header name`, { itemIndex });
		}
		headers[key] = String(value ?? '');
	}
	return headers;
}
