import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as get from '../../../shared/arr/command/get.operation';
import * as refreshSeries from './refreshSeries.operation';
import * as rescanSeries from './rescanSeries.operation';
import * as searchEpisodes from './searchEpisodes.operation';
import * as searchMissing from './searchMissing.operation';
import * as searchSeason from './searchSeason.operation';
import * as searchSeries from './searchSeries.operation';

export const operations = { get, refreshSeries, rescanSeries, searchEpisodes, searchMissing, searchSeason, searchSeries };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['command'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the status of a queued command',
				action: 'Get a command status',
			},
			{
				name: 'Refresh Series',
				value: 'refreshSeries',
				description: 'Refresh metadata and rescan files, of one series or all',
				action: 'Refresh series',
			},
			{
				name: 'Rescan Series',
				value: 'rescanSeries',
				description: 'Rescan the disk for the files of one series or all',
				action: 'Rescan series',
			},
			{
				name: 'Search Episodes',
				value: 'searchEpisodes',
				description: 'Search the indexers for chosen episodes',
				action: 'Search for episodes',
			},
			{
				name: 'Search Missing',
				value: 'searchMissing',
				description: 'Search for every missing monitored episode',
				action: 'Search for missing episodes',
			},
			{
				name: 'Search Season',
				value: 'searchSeason',
				description: 'Search for a whole season of a series',
				action: 'Search for a season',
			},
			{
				name: 'Search Series',
				value: 'searchSeries',
				description: 'Search for every monitored episode of a series',
				action: 'Search for a series',
			},
		],
		default: 'searchMissing',
	},
	...operationFields(operations),
];
