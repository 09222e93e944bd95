import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../router';
import * as create from './create.operation';
import * as deleteTag from './delete.operation';
import * as getAll from './getAll.operation';

export const operations = { create, delete: deleteTag, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a tag',
				action: 'Create a tag',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a tag',
				action: 'Delete a tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the tags',
				action: 'Get many tags',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
