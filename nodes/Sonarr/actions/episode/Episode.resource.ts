import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getAll from './getAll.operation';

export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['episode'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the episodes of a series, with whether each has a file',
				action: 'Get many episodes',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
