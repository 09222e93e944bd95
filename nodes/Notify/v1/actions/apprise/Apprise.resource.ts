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
		displayOptions: { show: { resource: ['apprise'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a message through an Apprise API server',
				action: 'Send a notification through an API server',
			},
		],
		default: 'send',
	},
	...operationFields(operations),
];
