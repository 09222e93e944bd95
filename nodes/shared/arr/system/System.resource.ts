import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../router';
import * as getHealth from './getHealth.operation';
import * as getStatus from './getStatus.operation';

export const operations = { getHealth, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['system'] } },
		options: [
			{
				name: 'Get Health',
				value: 'getHealth',
				description: 'List the health warnings the app shows under System → Status',
				action: 'Get health checks',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the app\'s version and system information',
				action: 'Get system status',
			},
		],
		default: 'getStatus',
	},
	...operationFields(operations),
];
