import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as apprise from './actions/apprise/Apprise.resource';
import { router } from './actions/router';
import * as webhook from './actions/webhook/Webhook.resource';
import { webhookNotifyApiTest } from './methods/credentialTest';

export class Notify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediastack Notify',
		name: 'notify',
		icon: { light: 'file:notify.svg', dark: 'file:notify.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["event"]}}',
		description: 'Send mediastack notifications (MAM session expiry, Prowlarr updates, your own) by webhook or through an Apprise API server',
		defaults: {
			name: 'Notify',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'webhookNotifyApi',
				required: true,
				testedBy: 'webhookNotifyApiTest',
				displayOptions: { show: { resource: ['webhook'] } },
			},
			{
				name: 'appriseApi',
				required: true,
				displayOptions: { show: { resource: ['apprise'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Apprise', value: 'apprise' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'webhook',
			},
			...apprise.description,
			...webhook.description,
		],
	};

	methods = {
		credentialTest: { webhookNotifyApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
