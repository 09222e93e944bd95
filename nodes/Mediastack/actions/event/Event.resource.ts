import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Read the runner\'s event log: rotations, Prowlarr updates, session warnings',
				action: 'Get many events',
			},
		],
		default: 'getMany',
	},
	...operationFields(operations),
];
