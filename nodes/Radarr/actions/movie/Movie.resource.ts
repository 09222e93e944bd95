import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as add from './add.operation';
import * as deleteMovie from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as lookup from './lookup.operation';
import * as update from './update.operation';

export const operations = { add, delete: deleteMovie, get, getAll, lookup, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['movie'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add a movie by its TMDB ID; quality profile and root folder default to the ones used last',
				action: 'Add a movie',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a movie from Radarr, with or without its files',
				action: 'Delete a movie',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one movie of the library',
				action: 'Get a movie',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the movies in the library',
				action: 'Get many movies',
			},
			{
				name: 'Look Up',
				value: 'lookup',
				description: 'Find movies on TMDB by title, TMDB ID or IMDb ID, as Radarr\'s Add New screen does',
				action: 'Look up a movie',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change chosen settings of a movie, keeping the rest',
				action: 'Update a movie',
			},
		],
		default: 'getAll',
	},
	...operationFields(operations),
];
