import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../../shared/router';
import * as send from './send.operation';

export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'POST a JSON message to the webhook, optionally signed',
				action: 'Send a webhook notification',
			},
		],
		default: 'send',
	},
	...operationFields(operations),
];
