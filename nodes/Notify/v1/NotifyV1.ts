import type { INodeType, INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { appriseApiTest, webhookNotifyApiTest } from '../methods/credentialTest';
import * as apprise from './actions/apprise/Apprise.resource';
import * as webhook from './actions/webhook/Webhook.resource';
import { createRouter, resourceFields } from '../../shared/router';
import { noSession } from '../common/channels';

const resources = { apprise, webhook };

/**
 * Mediastack Notify version 1, kept so saved workflows run as they were saved (not a .node.ts
 * file: package.json lists Notify.node.ts, which holds both versions). Its channel is the Resource, and
 * its credentials hang on that Resource: n8n 2.x takes such a field for the node's
 * authentication choice, hides it, and sets it from whichever credential gets picked, so the
 * editor could save another channel than the action the user chose. Version 2 fixes that.
 */
export class NotifyV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle:
				'={{ ($parameter["resource"] === "apprise" ? "Apprise" : "Webhook") + ": " + {"custom": "Custom message", "mam_session_expiry": "MAM session expiry", "mam_session_invalid": "MAM session invalid", "mam_session_recovered": "MAM session recovered", "prowlarr_update": "Prowlarr MAM ID update"}[$parameter["event"]] }}',
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
					testedBy: 'appriseApiTest',
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
				...resourceFields(resources),
			],
		};
	}

	methods = {
		credentialTest: { appriseApiTest, webhookNotifyApiTest },
	};

	execute = createRouter<undefined>({ resources, openSession: noSession });
}
