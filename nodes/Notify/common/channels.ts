import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AppriseFormat } from '../../../clients/notify/apprise-api';
import type { AppriseTarget } from '../transport';
import { createAppriseNotifier, createWebhookNotifier } from '../transport';
import { buildMessage, sentSummary } from './message';

/** The Apprise API channel's own fields, the same in every version of the node. */
export const appriseProperties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Credential\'s Notification URLs', value: 'stateless', description: 'The Apprise URLs kept in the credential (stateless)' },
			{ name: 'Configuration Key', value: 'key', description: 'A configuration stored on the Apprise API server' },
		],
		default: 'stateless',
		description: 'Where the Apprise API server sends the message',
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'mediastack',
		description: 'The configuration key on the server (1–128 letters, digits, _ or -)',
		displayOptions: { show: { target: ['key'] } },
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		placeholder: 'admins',
		description: 'Only the stored URLs with this tag (Apprise tag syntax: "a, b" for either, "a b" for both); empty for all',
		displayOptions: { show: { target: ['key'] } },
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text' },
			{ name: 'Markdown', value: 'markdown' },
			{ name: 'HTML', value: 'html' },
		],
		default: 'text',
		description: 'How the targets should read the body',
	},
];

/** The webhook channel's own fields, the same in every version of the node. */
export const webhookProperties: INodeProperties[] = [
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

/** Sends one item's message through the Apprise API server; a target that fails fails the item. */
export async function sendWithApprise(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const message = buildMessage(context, itemIndex);
	const target: AppriseTarget =
		context.getNodeParameter('target', itemIndex, 'stateless') === 'key'
			? { kind: 'key', key: String(context.getNodeParameter('key', itemIndex)).trim(), tag: String(context.getNodeParameter('tag', itemIndex, '')).trim() || undefined }
			: { kind: 'stateless' };
	const format = context.getNodeParameter('format', itemIndex, 'text') as AppriseFormat;
	const notifier = await createAppriseNotifier(context, target, format);
	const receipt = await notifier.send(message);
	return sentSummary(message, receipt.channelType, receipt.detail);
}

/**
 * POSTs one item's message: `{source, event, severity, subject, body, data, timestamp}`,
 * signed with the credential's HMAC secret when it has one.
 */
export async function sendWithWebhook(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const message = buildMessage(context, itemIndex);
	const notifier = await createWebhookNotifier(context, extraHeaders(context, itemIndex));
	const receipt = await notifier.send(message);
	return sentSummary(message, receipt.channelType, receipt.detail);
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

/**
 * Notify's router session: none. Each item builds its own notifier (headers and targets may
 * differ per item); the output holds only the message as sent, which the formatters keep free of secrets.
 */
export const noSession = async (): Promise<undefined> => undefined;
