import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as search from './search.operation';

export const operations = { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['search'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Search the indexers through Prowlarr',
				action: 'Search releases',
			},
		],
		default: 'search',
	},
	...operationFields(operations),
];
