import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getHealth from './getHealth.operation';
import * as getServerTime from './getServerTime.operation';

export const operations = { getHealth, getServerTime };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['system'] } },
		options: [
			{
				name: 'Get Health',
				value: 'getHealth',
				description: 'Get the runner\'s health summary (Temporal, services, schedules)',
				action: 'Get runner health',
			},
			{
				name: 'Get Server Time',
				value: 'getServerTime',
				description: 'Get the runner\'s clock and time zone',
				action: 'Get the server time',
			},
		],
		default: 'getHealth',
	},
	...operationFields(operations),
];
