import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AppriseFormat } from '../../../../clients/notify/apprise-api';
import { mapItems } from '../../../shared/items';
import type { AppriseTarget } from '../../transport';
import { createAppriseNotifier } from '../../transport';
import { buildMessage, messageProperties, sentSummary } from '../message';

const properties: INodeProperties[] = [
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
	...messageProperties,
];

export const description = updateDisplayOptions({ show: { resource: ['apprise'], operation: ['send'] } }, properties);

/** Sends one message per item through the Apprise API server; a target that fails fails the item. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const message = buildMessage(this, itemIndex);
		const target: AppriseTarget =
			this.getNodeParameter('target', itemIndex, 'stateless') === 'key'
				? { kind: 'key', key: String(this.getNodeParameter('key', itemIndex)).trim(), tag: String(this.getNodeParameter('tag', itemIndex, '')).trim() || undefined }
				: { kind: 'stateless' };
		const format = this.getNodeParameter('format', itemIndex, 'text') as AppriseFormat;
		const notifier = await createAppriseNotifier(this, target, format);
		const receipt = await notifier.send(message);
		return sentSummary(message, receipt.channelType, receipt.detail);
	});
}
