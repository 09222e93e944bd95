import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as check from './check.operation';
import * as keepalive from './keepalive.operation';
import * as rotate from './rotate.operation';

export const operations = { check, keepalive, rotate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				description: 'Find out whether MAM still accepts the session, with the user\'s stats',
				action: 'Check a session',
			},
			{
				name: 'Keepalive',
				value: 'keepalive',
				description: 'Register this machine\'s IP with the session (dynamic seedbox) and keep it alive',
				action: 'Keep a session alive',
			},
			{
				name: 'Rotate',
				value: 'rotate',
				description: 'Make the dynamic seedbox call and output the cookie to use from now on',
				action: 'Rotate a session cookie',
			},
		],
		default: 'keepalive',
	},
	...operationFields(operations),
];
