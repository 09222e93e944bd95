import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RadarrAddMovie } from '../../../../clients/radarr/types';
import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import { getLabelListParameter, getOptionalIdParameter, getOptionalStringParameter } from '../../../shared/pickers';
import type { RadarrSessionProvider } from '../../transport';
import { minimumAvailabilityProperty } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'TMDB ID',
		name: 'tmdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 286217',
		description: 'The movie to add, by its TMDB ID ("Look Up" finds it from a title or an IMDb ID)',
	},
	{
		displayName: 'Monitor',
		name: 'monitor',
		type: 'options',
		options: [
			{ name: 'Movie and Collection', value: 'movieAndCollection', description: 'Monitor the movie and add the rest of its collection, monitored' },
			{ name: 'Movie Only', value: 'movieOnly', description: 'Monitor the movie: Radarr grabs it when it is available' },
			{ name: 'None', value: 'none', description: 'Add the movie unmonitored: Radarr grabs nothing by itself' },
		],
		default: 'movieOnly',
		description: 'What Radarr watches for releases',
	},
	{
		displayName: 'Search on Add',
		name: 'searchForMovie',
		type: 'boolean',
		default: false,
		description: 'Whether to search the indexers for the movie right after adding it',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			minimumAvailabilityProperty,
			{
				displayName: 'Quality Profile Name or ID',
				name: 'qualityProfileId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getQualityProfiles' },
				default: '',
				description: 'Left out: the profile of the movie added last, else Radarr\'s first profile. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Root Folder Name or ID',
				name: 'rootFolderPath',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRootFolders' },
				default: '',
				description: 'Left out: the folder of the movie added last, else Radarr\'s first root folder. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. kids, 4k',
				description: 'Comma-separated tag labels; tags Radarr does not have yet are created',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['add'] } }, properties);

/**
 * Adds the movie and outputs it as Radarr saved it (id, path, the profile and folder chosen).
 * A movie already in the library fails with Radarr's own words, naming the movie.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const request: RadarrAddMovie = {
			tmdbId: getIdParameter(this, 'tmdbId', itemIndex),
			monitor: this.getNodeParameter('monitor', itemIndex, 'movieOnly') as RadarrAddMovie['monitor'],
			searchForMovie: this.getNodeParameter('searchForMovie', itemIndex, false) as boolean,
			qualityProfileId: getOptionalIdParameter(this, 'additionalFields.qualityProfileId', itemIndex),
			rootFolderPath: getOptionalStringParameter(this, 'additionalFields.rootFolderPath', itemIndex),
			minimumAvailability: getOptionalStringParameter(this, 'additionalFields.minimumAvailability', itemIndex) as RadarrAddMovie['minimumAvailability'],
			tags: getLabelListParameter(this, 'additionalFields.tags', itemIndex),
		};
		return await (await radarr()).client.addMovie(request);
	});
}
