import type { INodeProperties } from 'n8n-workflow';

import { operationFields } from '../../../shared/router';
import * as get from '../../../shared/arr/command/get.operation';
import * as getAll from './getAll.operation';
import * as run from './run.operation';

export const operations = { get, getAll, run };

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
				description: 'Get the status of a command: queued, started, completed or failed',
				action: 'Get a command',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the commands queued, running or recently finished',
				action: 'Get many commands',
			},
			{
				name: 'Run',
				value: 'run',
				description: 'Start a refresh, a disk rescan or a search, as Radarr\'s buttons do',
				action: 'Run a command',
			},
		],
		default: 'run',
	},
	...operationFields(operations),
];
