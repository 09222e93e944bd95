import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { arrTrigger, arrTriggerWebhooks, includeHealthWarningsProperty, libraryTriggerEvents } from '../shared/arr-trigger';
import { sonarr } from './transport';

const trigger = arrTrigger({
	connection: sonarr,
	events: libraryTriggerEvents({
		added: { value: 'seriesAdd', flag: 'onSeriesAdd', eventType: 'SeriesAdd' },
		deleted: { flags: ['onSeriesDelete', 'onEpisodeFileDelete'], eventTypes: ['SeriesDelete', 'EpisodeFileDelete'] },
	}),
});

export class SonarrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sonarr Trigger',
		name: 'sonarrTrigger',
		icon: { light: 'file:sonarr.svg', dark: 'file:sonarr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Sonarr grabs, downloads, upgrades, renames or deletes episodes, or reports a health problem',
		defaults: {
			name: 'Sonarr Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sonarrApi',
				required: true,
				testedBy: 'sonarrApiTest',
			},
		],
		webhooks: arrTriggerWebhooks,
		properties: [
			{
				displayName:
					'Activating the workflow adds a Webhook connection in Sonarr (Settings → Connect) for the chosen events; deactivating removes it. Sonarr must be able to reach this n8n\'s webhook URL.',
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
					{ name: 'Application Update', value: 'applicationUpdate', description: 'Sonarr updated itself' },
					{ name: 'Delete', value: 'delete', description: 'A series or an episode file was deleted (eventType SeriesDelete or EpisodeFileDelete)' },
					{ name: 'Download', value: 'download', description: 'An episode was downloaded and imported (not an upgrade)' },
					{ name: 'Grab', value: 'grab', description: 'A release was sent to the download client' },
					{ name: 'Health', value: 'health', description: 'A health check failed, or passes again (eventType Health or HealthRestored)' },
					{ name: 'Manual Interaction Required', value: 'manualInteraction', description: 'A download needs a decision in Activity → Queue' },
					{ name: 'Rename', value: 'rename', description: 'Episode files were renamed' },
					{ name: 'Series Add', value: 'seriesAdd', description: 'A series was added' },
					{ name: 'Test', value: 'test', description: 'The Test button of the connection in Sonarr' },
					{ name: 'Upgrade', value: 'upgrade', description: 'An episode file was replaced by a better one (eventType Download with isUpgrade)' },
				],
				description: 'Which of Sonarr\'s events start the workflow; each item has `event` (the choice) and Sonarr\'s own payload',
			},
			includeHealthWarningsProperty,
		],
	};

	methods = {
		credentialTest: { sonarrApiTest: sonarr.credentialTest },
	};

	webhookMethods = trigger.webhookMethods;

	webhook = trigger.webhook;
}
