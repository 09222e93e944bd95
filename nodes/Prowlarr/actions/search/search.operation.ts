import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdListParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. dune frank herbert',
		description: 'What to search for',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Book', value: 'book' },
			{ name: 'Movie', value: 'movie' },
			{ name: 'Music', value: 'music' },
			{ name: 'Search (Any)', value: 'search' },
			{ name: 'TV', value: 'tvsearch' },
		],
		default: 'search',
		description: 'Which kind of search the indexers run',
	},
	{
		displayName: 'Indexer IDs',
		name: 'indexerIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1, 5',
		description: 'Comma-separated IDs of the indexers to search; empty searches all enabled indexers',
	},
	{
		displayName: 'Categories',
		name: 'categories',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2000, 5000',
		description: 'Comma-separated Newznab category numbers (2000 movies, 5000 TV, 7000 books); empty for all',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName:
			'Prowlarr signs download links with its API key; the node drops the key from them. To download, use an HTTP Request node with the Prowlarr credential.',
		name: 'downloadNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['search'], operation: ['search'] } }, properties);

/** One item per release found, as Prowlarr returns it (the router strips the API key from links). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
		const results = await (await prowlarr()).client.search({
			query: String(this.getNodeParameter('query', itemIndex, '')),
			type: this.getNodeParameter('type', itemIndex, 'search') as string,
			indexerIds: getIdListParameter(this, 'indexerIds', itemIndex),
			categories: getIdListParameter(this, 'categories', itemIndex),
			limit,
		});
		// Never emit more than asked for, whatever the server made of the limit.
		return results.slice(0, limit);
	});
}
