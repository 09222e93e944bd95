import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { arrTrigger, arrTriggerWebhooks, includeHealthWarningsProperty, libraryTriggerEvents } from '../shared/arr-trigger';
import { radarr } from './transport';

const trigger = arrTrigger({
	connection: radarr,
	events: libraryTriggerEvents({
		added: { value: 'movieAdded', flag: 'onMovieAdded', eventType: 'MovieAdded' },
		deleted: { flags: ['onMovieDelete', 'onMovieFileDelete'], eventTypes: ['MovieDelete', 'MovieFileDelete'] },
	}),
});

export class RadarrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Radarr Trigger',
		name: 'radarrTrigger',
		icon: { light: 'file:radarr.svg', dark: 'file:radarr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Radarr grabs, downloads, upgrades, renames or deletes movies, or reports a health problem',
		defaults: {
			name: 'Radarr Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'radarrApi',
				required: true,
				testedBy: 'radarrApiTest',
			},
		],
		webhooks: arrTriggerWebhooks,
		properties: [
			{
				displayName:
					'Activating the workflow adds a Webhook connection in Radarr (Settings → Connect) for the chosen events; deactivating removes it. Radarr must be able to reach this n8n\'s webhook URL.',
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
					{ name: 'Application Update', value: 'applicationUpdate', description: 'Radarr updated itself' },
					{ name: 'Delete', value: 'delete', description: 'A movie or a movie file was deleted (eventType MovieDelete or MovieFileDelete)' },
					{ name: 'Download', value: 'download', description: 'A movie was downloaded and imported (not an upgrade)' },
					{ name: 'Grab', value: 'grab', description: 'A release was sent to the download client' },
					{ name: 'Health', value: 'health', description: 'A health check failed, or passes again (eventType Health or HealthRestored)' },
					{ name: 'Manual Interaction Required', value: 'manualInteraction', description: 'A download needs a decision in Activity → Queue' },
					{ name: 'Movie Added', value: 'movieAdded', description: 'A movie was added' },
					{ name: 'Rename', value: 'rename', description: 'Movie files were renamed' },
					{ name: 'Test', value: 'test', description: 'The Test button of the connection in Radarr' },
					{ name: 'Upgrade', value: 'upgrade', description: 'A movie file was replaced by a better one (eventType Download with isUpgrade)' },
				],
				description: 'Which of Radarr\'s events start the workflow; each item has `event` (the choice) and Radarr\'s own payload',
			},
			includeHealthWarningsProperty,
		],
	};

	methods = {
		credentialTest: { radarrApiTest: radarr.credentialTest },
	};

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
