import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as indexer from './actions/indexer/Indexer.resource';
import { router } from './actions/router';
import * as search from './actions/search/Search.resource';
import * as system from './actions/system/System.resource';
import { prowlarrApiTest } from './methods/credentialTest';

export class Prowlarr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prowlarr',
		name: 'prowlarr',
		icon: { light: 'file:prowlarr.svg', dark: 'file:prowlarr.dark.svg' },
		group: ['transform'],
		// 2: required indexer IDs have no default (1 used to be picked silently).
		version: [1, 2],
		defaultVersion: 2,
		// The action the user picked, as the node panel names it (operation values are unique across resources).
		subtitle:
			'={{ {"findMyAnonamouse": "Find the MAM indexer", "get": "Get an indexer", "getAll": "Get many indexers", "getStats": "Get indexer stats", "getStatuses": "Get indexer statuses", "test": "Test an indexer", "updateField": "Update an indexer setting", "search": "Search releases", "getHealth": "Get health checks", "getStatus": "Get system status"}[$parameter["operation"]] }}',
		description: 'Manage indexers, their settings and searches in Prowlarr',
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
					{ name: 'Indexer', value: 'indexer' },
					{ name: 'Search', value: 'search' },
					{ name: 'System', value: 'system' },
				],
				default: 'indexer',
			},
			...indexer.description,
			...search.description,
			...system.description,
		],
	};

	methods = {
		credentialTest: { prowlarrApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
