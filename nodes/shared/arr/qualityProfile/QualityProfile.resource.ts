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
		displayOptions: { show: { resource: ['qualityProfile'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the quality profiles titles can be given',
				action: 'Get many quality profiles',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
