import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { lookupLimitProperty, lookupReturnAllProperty } from '../../../shared/arr/fields';
import { mapItems, upTo } from '../../../shared/items';
import { getIdParameter, getLimitParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'IMDb ID', value: 'imdbId', description: 'One movie by its IMDb ID' },
			{ name: 'Term', value: 'term', description: 'Movies whose title matches, as in Radarr\'s search box' },
			{ name: 'TMDB ID', value: 'tmdbId', description: 'One movie by its TMDB ID' },
		],
		default: 'term',
		description: 'What identifies the movie',
	},
	{
		displayName: 'Term',
		name: 'term',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. the martian',
		description: 'A title, optionally with the year',
		displayOptions: { show: { lookupBy: ['term'] } },
	},
	{
		displayName: 'TMDB ID',
		name: 'tmdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 286217',
		description: 'The number in the movie\'s themoviedb.org address',
		displayOptions: { show: { lookupBy: ['tmdbId'] } },
	},
	{
		displayName: 'IMDb ID',
		name: 'imdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tt3659388',
		description: 'The ID in the movie\'s imdb.com address, with or without "tt"',
		displayOptions: { show: { lookupBy: ['imdbId'] } },
	},
	lookupReturnAllProperty,
	lookupLimitProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['lookup'] } }, properties);

/**
 * One item per movie found. A movie already in the library comes back as it is there (with
 * its `id`); one that is not has `id` 0 and is what Add takes by its `tmdbId`.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const lookupBy = this.getNodeParameter('lookupBy', itemIndex, 'term') as string;
		if (lookupBy === 'tmdbId') return await (await radarr()).client.lookupMovieByTmdbId(getIdParameter(this, 'tmdbId', itemIndex));
		if (lookupBy === 'imdbId') return await (await radarr()).client.lookupMovieByImdbId(String(this.getNodeParameter('imdbId', itemIndex, '')));
		const limit = getLimitParameter(this, itemIndex);
		return upTo(await (await radarr()).client.lookupMovies(String(this.getNodeParameter('term', itemIndex, ''))), limit);
	});
}
