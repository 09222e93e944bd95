import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as application from './actions/application/Application.resource';
import * as indexer from './actions/indexer/Indexer.resource';
import * as search from './actions/search/Search.resource';
import * as system from '../shared/arr/system/System.resource';
import { createRouter, resourceFields } from '../shared/router';
import { prowlarr } from './transport';
import { getApplicationKinds, getApplications } from './methods/loadOptions';

const resources = { application, indexer, search, system };

export class Prowlarr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prowlarr',
		name: 'prowlarr',
		icon: { light: 'file:prowlarr.svg', dark: 'file:prowlarr.dark.svg' },
		group: ['transform'],
		// 2: required indexer IDs have no default (1 used to be picked silently).
		version: [1, 2],
		defaultVersion: 2,
		// The action the user picked, as the node panel names it.
		subtitle:
			'={{ {"application:add": "Add an application", "application:delete": "Delete an application", "application:get": "Get an application", "application:getAll": "Get many applications", "application:sync": "Sync indexers to the applications", "application:test": "Test an application", "indexer:findMyAnonamouse": "Find the MAM indexer", "indexer:get": "Get an indexer", "indexer:getAll": "Get many indexers", "indexer:getStats": "Get indexer stats", "indexer:getStatuses": "Get indexer statuses", "indexer:test": "Test an indexer", "indexer:updateField": "Update an indexer setting", "search:search": "Search releases", "system:getHealth": "Get health checks", "system:getStatus": "Get system status"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
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
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { prowlarrApiTest: prowlarr.credentialTest },
		loadOptions: { getApplicationKinds, getApplications },
	};

	execute = createRouter({ resources, openSession: prowlarr.openSession });
}
