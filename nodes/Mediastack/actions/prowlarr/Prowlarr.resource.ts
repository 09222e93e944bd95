import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as test from './test.operation';

export const operations = { test };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['prowlarr'] } },
		options: [
			{
				name: 'Test',
				value: 'test',
				description: 'Have the runner test Prowlarr and find the MyAnonamouse indexer',
				action: 'Test the MAM indexer connection',
			},
		],
		default: 'test',
	},
	...operationFields(operations),
];
