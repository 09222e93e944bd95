import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ClientError } from '../../../../clients/core/errors';
import { toNodeError } from '../../../shared/errors';
import { withoutSecrets } from '../../../shared/redact';
import { mapItems } from '../../../shared/items';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'App Name or ID',
		name: 'implementation',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getApplicationKinds' },
		required: true,
		default: '',
		description: 'Which kind of app Prowlarr feeds. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Sonarr',
		description: 'How the app is listed in Prowlarr → Settings → Apps (must be unique)',
	},
	{
		displayName: 'Prowlarr Server',
		name: 'prowlarrUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'http://prowlarr:9696',
		description: 'The address the app reaches Prowlarr at (from the app\'s side, e.g. a container name)',
	},
	{
		displayName: 'App Server',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'http://sonarr:8989',
		description: 'The address Prowlarr reaches the app at, with its URL base if it has one',
	},
	{
		displayName: 'App API Key',
		name: 'appApiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The app\'s own API key (its Settings → General). A value typed here is saved with the workflow; an expression from an earlier node keeps it out.',
	},
	{
		displayName: 'Sync Level',
		name: 'syncLevel',
		type: 'options',
		options: [
			{ name: 'Add and Remove Only', value: 'addOnly', description: 'Indexers added or removed in Prowlarr are added or removed in the app' },
			{ name: 'Disabled', value: 'disabled', description: 'Prowlarr does not change the app\'s indexers' },
			{ name: 'Full Sync', value: 'fullSync', description: 'The app\'s indexers follow Prowlarr\'s entirely, changes included' },
		],
		default: 'fullSync',
		description: 'How closely the app\'s indexers follow Prowlarr\'s',
	},
	{
		displayName: 'Test Before Saving',
		name: 'testFirst',
		type: 'boolean',
		default: true,
		description: 'Whether Prowlarr first calls the app with the key, and refuses to save when that fails',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['add'] } }, properties);

/** Adds an app to Prowlarr → Settings → Apps from Prowlarr's own template for that kind of app. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const text = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const apiKey = text('appApiKey');
		for (const [name, label] of [['implementation', 'App'], ['name', 'Name'], ['prowlarrUrl', 'Prowlarr Server'], ['baseUrl', 'App Server']] as const) {
			if (!text(name)) throw new NodeOperationError(this.getNode(), `${label} is empty`, { itemIndex });
		}
		if (!apiKey) throw new NodeOperationError(this.getNode(), 'App API Key is empty', { itemIndex, description: 'Copy it from the app\'s Settings → General → Security.' });
		const { client } = await prowlarr();
		const application = await client.newApplication({
			implementation: text('implementation'),
			name: text('name'),
			prowlarrUrl: text('prowlarrUrl'),
			baseUrl: text('baseUrl'),
			apiKey,
			syncLevel: this.getNodeParameter('syncLevel', itemIndex, 'fullSync') as 'fullSync',
		});
		try {
			const saved = await client.addApplication(application, { forceSave: !(this.getNodeParameter('testFirst', itemIndex, true) as boolean) });
			// Prowlarr masks the key in its answers; the node makes sure of it.
			return withoutSecrets(saved, [apiKey]);
		} catch (error) {
			if (error instanceof ClientError && error.status === 400) {
				throw new NodeOperationError(this.getNode(), withoutSecrets(error.message, [apiKey]), { itemIndex, description: 'Prowlarr refused to save the app; fix what it names (or turn Test Before Saving off to save it anyway).' });
			}
			throw toNodeError(this.getNode(), error, itemIndex);
		}
	});
}
