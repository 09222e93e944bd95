import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as application from './actions/application/Application.resource';
import * as indexer from './actions/indexer/Indexer.resource';
import { router } from './actions/router';
import * as search from './actions/search/Search.resource';
import * as system from './actions/system/System.resource';
import { prowlarrApiTest } from './methods/credentialTest';
import { getApplicationKinds, getApplications } from './methods/loadOptions';

export class Prowlarr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prowlarr',
		name: 'prowlarr',
		icon: { light: 'file:prowlarr.svg', dark: 'file:prowlarr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage indexers, searches and the apps Prowlarr feeds (Sonarr, Radarr...)',
		defaults: {
			name: 'Prowlarr',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'prowlarrApi',
				required: true,
				testedBy: 'prowlarrApiTest',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Application', value: 'application' },
					{ name: 'Indexer', value: 'indexer' },
					{ name: 'Search', value: 'search' },
					{ name: 'System', value: 'system' },
				],
				default: 'indexer',
			},
			...application.description,
			...indexer.description,
			...search.description,
			...system.description,
		],
	};

	methods = {
		credentialTest: { prowlarrApiTest },
		loadOptions: { getApplicationKinds, getApplications },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
