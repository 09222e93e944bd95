import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as add from './add.operation';
import * as deleteApplication from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as sync from './sync.operation';
import * as test from './test.operation';

export const operations = { add, delete: deleteApplication, get, getAll, sync, test };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add an app Prowlarr feeds its indexers to',
				action: 'Add an application',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove an app from Prowlarr',
				action: 'Delete an application',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one app by ID',
				action: 'Get an application',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the apps Prowlarr feeds (Settings → Apps)',
				action: 'Get many applications',
			},
			{
				name: 'Sync Indexers',
				value: 'sync',
				description: 'Push Prowlarr\'s indexers to every app now',
				action: 'Sync indexers to the applications',
			},
			{
				name: 'Test',
				value: 'test',
				description: 'Have Prowlarr call an app with its saved key',
				action: 'Test an application',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
