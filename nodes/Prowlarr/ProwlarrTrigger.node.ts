import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { arrTrigger, arrTriggerWebhooks, includeHealthWarningsProperty, eventTypeIs } from '../shared/arr-trigger';
import { prowlarr } from './transport';

const trigger = arrTrigger({
	connection: prowlarr,
	events: [
		{ value: 'applicationUpdate', flags: ['onApplicationUpdate'], matches: eventTypeIs('ApplicationUpdate') },
		{ value: 'grab', flags: ['onGrab'], matches: eventTypeIs('Grab') },
		{ value: 'health', flags: ['onHealthIssue', 'onHealthRestored'], matches: eventTypeIs('Health', 'HealthRestored') },
		{ value: 'test', flags: [], matches: eventTypeIs('Test') },
	],
});

export class ProwlarrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prowlarr Trigger',
		name: 'prowlarrTrigger',
		icon: { light: 'file:prowlarr.svg', dark: 'file:prowlarr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Prowlarr grabs a release, reports a health problem or updates itself',
		defaults: {
			name: 'Prowlarr Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'prowlarrApi',
				required: true,
				testedBy: 'prowlarrApiTest',
			},
		],
		webhooks: arrTriggerWebhooks,
		properties: [
			{
				displayName:
					'Activating the workflow adds a Webhook connection in Prowlarr (Settings → Connect) for the chosen events; deactivating removes it. Prowlarr must be able to reach this n8n\'s webhook URL.',
				name: 'connectionNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: [
					{ name: 'Application Update', value: 'applicationUpdate', description: 'Prowlarr updated itself' },
					{ name: 'Grab', value: 'grab', description: 'A release was grabbed through Prowlarr by one of its apps (or in its own UI, with Include Manual Grabs)' },
					{ name: 'Health', value: 'health', description: 'A health check failed, or passes again (eventType Health or HealthRestored)' },
					{ name: 'Test', value: 'test', description: 'The Test button of the connection in Prowlarr' },
				],
				description: 'Which of Prowlarr\'s events start the workflow; each item has `event` (the choice) and Prowlarr\'s own payload',
			},
			{
				displayName: 'Include Manual Grabs',
				name: 'includeManualGrabs',
				type: 'boolean',
				default: false,
				description: 'Whether grabs made in Prowlarr\'s own search page start the workflow too, not only those of its apps',
				displayOptions: { show: { events: ['grab'] } },
			},
			includeHealthWarningsProperty,
		],
	};

	methods = {
		credentialTest: { prowlarrApiTest: prowlarr.credentialTest },
	};

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
