import type { INodeType, INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { appriseApiTest, webhookNotifyApiTest } from './methods/credentialTest';
import { NotifyV1 } from './v1/NotifyV1';
import * as notification from './v2/actions/notification/Notification.resource';
import { createRouter, resourceFields } from '../shared/router';
import { noSession } from './common/channels';

const resources = { notification };

/**
 * Version 2, what the editor adds: the channel is the node's authentication choice, as n8n
 * means it. The Channel field's values are the credential types and each credential hangs on
 * its value (the GitHub Issues / Airtable pattern), so the channel the editor saves is always
 * the one of the credential the user picked, and the one action, "Send a notification",
 * promises no other. Described here, in the file package.json lists, because n8n's lint and
 * its package scanner read the node's description (and its credential tests) only there.
 */
export class NotifyV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediastack Notify',
		name: 'notify',
		icon: { light: 'file:notify.svg', dark: 'file:notify.dark.svg' },
		group: ['output'],
		version: 2,
		subtitle:
			'={{ ($parameter["authentication"] === "appriseApi" ? "Apprise" : "Webhook") + ": " + {"custom": "Custom message", "mam_session_expiry": "MAM session expiry", "mam_session_invalid": "MAM session invalid", "mam_session_recovered": "MAM session recovered", "prowlarr_update": "Prowlarr MAM ID update"}[$parameter["event"]] }}',
		description: 'Send mediastack notifications (MAM session expiry, Prowlarr updates, your own) by webhook or through an Apprise API server',
		defaults: {
			name: 'Notify',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'appriseApi',
				required: true,
				testedBy: 'appriseApiTest',
				displayOptions: { show: { authentication: ['appriseApi'] } },
			},
			{
				name: 'webhookNotifyApi',
				required: true,
				testedBy: 'webhookNotifyApiTest',
				displayOptions: { show: { authentication: ['webhookNotifyApi'] } },
			},
		],
		properties: [
			{
				displayName: 'Channel',
				name: 'authentication',
				type: 'options',
				// The credential depends on it: an expression could not pick one.
				noDataExpression: true,
				options: [
					{ name: 'Apprise API', value: 'appriseApi', description: 'Through an Apprise API server, to the targets its URLs name' },
					{ name: 'Webhook', value: 'webhookNotifyApi', description: 'A JSON POST to a URL, optionally signed' },
				],
				default: 'webhookNotifyApi',
				description: 'How the message is sent; the credential you pick sets it',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Notification', value: 'notification' }],
				default: 'notification',
			},
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { appriseApiTest, webhookNotifyApiTest },
	};

	execute = createRouter<undefined>({ resources, openSession: noSession });
}

/**
 * Mediastack Notify: version 2 for new nodes, version 1 for the workflows saved with it (see
 * v1/NotifyV1.ts for why it was replaced).
 */
export class Notify extends VersionedNodeType {
	constructor() {
		const current = new NotifyV2();
		const baseDescription: INodeTypeBaseDescription = {
			displayName: current.description.displayName,
			name: current.description.name,
			icon: current.description.icon,
			group: current.description.group,
			description: current.description.description,
			defaultVersion: 2,
		};
		super({ 1: new NotifyV1(baseDescription), 2: current }, baseDescription);
	}
}
