import type { INodeProperties } from 'n8n-workflow';

/** The movie an operation works on: picked from the library, or an id from an expression. */
export const movieIdProperty: INodeProperties = {
	displayName: 'Movie Name or ID',
	name: 'movieId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMovies' },
	required: true,
	default: '',
	description: 'This is Radarr\'s own movie ID, not the TMDB ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** An Add and Update field (a collection option). */
export const minimumAvailabilityProperty: INodeProperties = {
	displayName: 'Minimum Availability',
	name: 'minimumAvailability',
	type: 'options',
	options: [
		{ name: 'Announced', value: 'announced' },
		{ name: 'In Cinemas', value: 'inCinemas' },
		{ name: 'Released', value: 'released' },
	],
	default: 'released',
	description: 'From when on Radarr considers the movie available and grabs releases',
};

/** The queue's and history's filter by movie, and what they can add to each item (collection options). */
export const movieIdsFilter: INodeProperties = {
	displayName: 'Movie Names or IDs',
	name: 'movieIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getMovies' },
	default: [],
	description: 'Only the items of these movies. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const includeMovieOption: INodeProperties = {
	displayName: 'Include Movie',
	name: 'includeMovie',
	type: 'boolean',
	default: false,
	description: 'Whether to add the whole movie to each item (field "movie")',
};
