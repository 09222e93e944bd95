import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as add from './add.operation';
import * as deleteSeries from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as lookup from './lookup.operation';
import * as update from './update.operation';

export const operations = { add, delete: deleteSeries, get, getAll, lookup, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['series'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add a show to the library; profile and root folder default to those Sonarr would pick',
				action: 'Add a series',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a series from the library, with or without its files',
				action: 'Delete a series',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one series of the library',
				action: 'Get a series',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the series in the library',
				action: 'Get many series',
			},
			{
				name: 'Look Up',
				value: 'lookup',
				description: 'Find a show by title or by its TVDB, TMDB or IMDb ID',
				action: 'Look up a series',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change chosen settings of a series',
				action: 'Update a series',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
