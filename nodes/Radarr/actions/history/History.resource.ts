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
		displayOptions: { show: { resource: ['history'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List what Radarr grabbed, imported, renamed or deleted, newest first',
				action: 'Get many history records',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
