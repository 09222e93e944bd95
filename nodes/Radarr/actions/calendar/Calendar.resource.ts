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
		displayOptions: { show: { resource: ['calendar'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List movies with a cinema, digital or physical release in a date range',
				action: 'Get many calendar entries',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
