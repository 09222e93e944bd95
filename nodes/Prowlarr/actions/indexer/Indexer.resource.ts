import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as findMyAnonamouse from './findMyAnonamouse.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getStats from './getStats.operation';
import * as getStatuses from './getStatuses.operation';
import * as test from './test.operation';
import * as updateField from './updateField.operation';

export const operations = { findMyAnonamouse, get, getAll, getStats, getStatuses, test, updateField };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['indexer'] } },
		options: [
			{
				name: 'Find MyAnonamouse',
				value: 'findMyAnonamouse',
				description: 'Get the MyAnonamouse indexer, wherever it sits in the list',
				action: 'Find the MAM indexer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one indexer by ID',
				action: 'Get an indexer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the indexers set up in Prowlarr',
				action: 'Get many indexers',
			},
			{
				name: 'Get Stats',
				value: 'getStats',
				description: 'Get query and grab counts per indexer',
				action: 'Get indexer stats',
			},
			{
				name: 'Get Statuses',
				value: 'getStatuses',
				description: 'List indexers Prowlarr has disabled after failures',
				action: 'Get indexer statuses',
			},
			{
				name: 'Test',
				value: 'test',
				description: 'Run Prowlarr\'s connection test for an indexer',
				action: 'Test an indexer',
			},
			{
				name: 'Update Field',
				value: 'updateField',
				description: 'Change one setting of an indexer, such as the MyAnonamouse cookie',
				action: 'Update an indexer setting',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
