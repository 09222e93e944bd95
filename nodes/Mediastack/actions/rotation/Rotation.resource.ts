import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as start from './start.operation';

export const operations = { start };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['rotation'] } },
		options: [
			{
				name: 'Start',
				value: 'start',
				description: 'Rotate a MAM session\'s cookie in the runner and push it to Prowlarr',
				action: 'Start a cookie rotation',
			},
		],
		default: 'start',
	},
	...operationFields(operations),
];
