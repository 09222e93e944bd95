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
