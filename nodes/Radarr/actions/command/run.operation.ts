import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ArrCommand } from '../../../../clients/arr/types';
import { mapItems } from '../../../shared/items';
import { getIdListParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Command',
		name: 'command',
		type: 'options',
		options: [
			{ name: 'Missing Movies Search', value: 'missingMoviesSearch', description: 'Search for every monitored movie that has no file' },
			{ name: 'Movie Search', value: 'moviesSearch', description: 'Search the indexers for the chosen movies' },
			{ name: 'Refresh Movie', value: 'refreshMovie', description: 'Update metadata from TMDB and rescan the files of the chosen movies, or of all' },
			{ name: 'Rescan Movie', value: 'rescanMovie', description: 'Look for new or removed files on disk, without a metadata refresh' },
		],
		default: 'refreshMovie',
		description: 'What Radarr should do',
	},
	{
		displayName: 'Movie Names or IDs',
		name: 'movieIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getMovies' },
		default: [],
		description:
			'The movies to work on; empty means all of them (a search needs at least one). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { command: ['moviesSearch', 'refreshMovie', 'rescanMovie'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['run'] } }, properties);

/**
 * Queues the command and outputs it as Radarr queued it (its `id` and `status`); Get tells
 * when it is done. A rescan covers one movie per command, so several movies give one each.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex): Promise<ArrCommand | ArrCommand[]> => {
		const command = this.getNodeParameter('command', itemIndex, 'refreshMovie') as string;
		const movieIds = command === 'missingMoviesSearch' ? [] : (getIdListParameter(this, 'movieIds', itemIndex) ?? []);
		const { client } = await radarr();
		switch (command) {
			case 'refreshMovie':
				return await client.refreshMovies(movieIds);
			case 'rescanMovie':
				if (!movieIds.length) return await client.rescanMovie();
				return await rescanEach(movieIds, async (movieId) => await client.rescanMovie(movieId));
			case 'moviesSearch':
				if (!movieIds.length) {
					throw new NodeOperationError(this.getNode(), 'A movie search needs at least one movie', {
						itemIndex,
						description: 'Choose the movies under Movie Names or IDs, or run Missing Movies Search to search for every missing one.',
					});
				}
				return await client.searchMovies(movieIds);
			case 'missingMoviesSearch':
				return await client.searchMissingMovies();
			default:
				throw new NodeOperationError(this.getNode(), `Radarr has no command "${command}" in this node`, { itemIndex });
		}
	});
}

/** One after the other, so the commands' ids follow the order the movies were given in. */
async function rescanEach(movieIds: number[], rescan: (movieId: number) => Promise<ArrCommand>): Promise<ArrCommand[]> {
	const queued: ArrCommand[] = [];
	for (const movieId of movieIds) queued.push(await rescan(movieId));
	return queued;
}
