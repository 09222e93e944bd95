import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getStats from './getStats.operation';

export const operations = { getStats };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Stats',
				value: 'getStats',
				description: 'Get the ratio, bonus points, class and transfer totals of the session\'s user',
				action: 'Get user stats',
			},
		],
		default: 'getStats',
	},
	...operationFields(operations),
];
