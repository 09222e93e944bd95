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
				description: 'List the downloads Radarr is waiting for, with their progress',
				action: 'Get many queue items',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove a download from the queue, optionally blocklisting the release',
				action: 'Remove a queue item',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
