import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getAll from './getAll.operation';
import * as remove from '../../../shared/arr/queue/remove.operation';

export const operations = { getAll, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['queue'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the downloads Sonarr is waiting for',
				action: 'Get many queue items',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove a download from the queue, optionally blocking its release',
				action: 'Remove a queue item',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
