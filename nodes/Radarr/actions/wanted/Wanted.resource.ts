import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getMissing from './getMissing.operation';

export const operations = { getMissing };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['wanted'] } },
		options: [
			{
				name: 'Get Missing',
				value: 'getMissing',
				description: 'List available movies that have no file yet',
				action: 'Get missing movies',
			},
		],
		default: 'getMissing',
	},
	...operationFields(operations),
];
