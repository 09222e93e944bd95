import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../router';
import * as getAll from './getAll.operation';

export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['rootFolder'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the root folders with their free space',
				action: 'Get many root folders',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
