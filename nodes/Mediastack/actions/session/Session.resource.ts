import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as testExpiryNotification from './testExpiryNotification.operation';

export const operations = { testExpiryNotification };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Test Expiry Notification',
				value: 'testExpiryNotification',
				description: 'Send a MAM session\'s expiry warning now, to check the notification channels',
				action: 'Test the expiry notification',
			},
		],
		default: 'testExpiryNotification',
	},
	...operationFields(operations),
];
