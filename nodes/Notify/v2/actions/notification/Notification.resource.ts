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
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a message by the channel of the credential: a webhook, or an Apprise API server',
				action: 'Send a notification',
			},
		],
		default: 'send',
	},
	...operationFields(operations),
];
