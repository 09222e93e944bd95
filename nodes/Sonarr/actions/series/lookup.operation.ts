import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { lookupLimitProperty, lookupReturnAllProperty } from '../../../shared/arr/fields';
import { mapItems, upTo } from '../../../shared/items';
import { getIdParameter, getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'IMDb ID', value: 'imdbId' },
			{ name: 'Term', value: 'term', description: 'A title, or Sonarr\'s own prefixes such as tvdb:81189' },
			{ name: 'TMDB ID', value: 'tmdbId' },
			{ name: 'TVDB ID', value: 'tvdbId' },
		],
		default: 'term',
		description: 'What identifies the show',
	},
	{
		displayName: 'Term',
		name: 'term',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. breaking bad',
		description: 'What to search TheTVDB for',
		displayOptions: { show: { lookupBy: ['term'] } },
	},
	{
		displayName: 'TVDB ID',
		name: 'tvdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 81189',
		description: 'The show\'s number on TheTVDB',
		displayOptions: { show: { lookupBy: ['tvdbId'] } },
	},
	{
		displayName: 'TMDB ID',
		name: 'tmdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1396',
		description: 'The show\'s number on The Movie Database',
		displayOptions: { show: { lookupBy: ['tmdbId'] } },
	},
	{
		displayName: 'IMDb ID',
		name: 'imdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tt0903747',
		description: 'The show\'s IMDb ID, with or without "tt"',
		displayOptions: { show: { lookupBy: ['imdbId'] } },
	},
	lookupReturnAllProperty,
	lookupLimitProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['lookup'] } }, properties);

/**
 * Shows as Sonarr's metadata source describes them, ready for Add: one item per match of a
 * term, or the one show with that id. Shows already in the library have their library id.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const lookupBy = this.getNodeParameter('lookupBy', itemIndex, 'term') as string;
		if (lookupBy === 'tvdbId') return await (await sonarr()).client.lookupSeriesByTvdbId(getIdParameter(this, 'tvdbId', itemIndex));
		if (lookupBy === 'tmdbId') return await (await sonarr()).client.lookupSeriesByTmdbId(getIdParameter(this, 'tmdbId', itemIndex));
		if (lookupBy === 'imdbId') return await (await sonarr()).client.lookupSeriesByImdbId(String(this.getNodeParameter('imdbId', itemIndex, '')));
		const limit = getLimitParameter(this, itemIndex);
		return upTo(await (await sonarr()).client.lookupSeries(String(this.getNodeParameter('term', itemIndex, ''))), limit);
	});
}
