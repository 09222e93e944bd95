import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { calendarEndProperty, calendarStartProperty } from '../../../shared/arr/fields';
import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems, upTo } from '../../../shared/items';
import { getIdListParameter, getLimitParameter, getOptionalDateParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	calendarStartProperty,
	calendarEndProperty,
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Unmonitored',
				name: 'unmonitored',
				type: 'boolean',
				default: false,
				description: 'Whether to list movies Radarr does not monitor too',
			},
			{
				displayName: 'Tag Names or IDs',
				name: 'tags',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getTags' },
				default: [],
				description: 'Only movies with one of these tags. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['calendar'], operation: ['getAll'] } }, properties);

/** One item per movie with a release in the range, as Radarr returns it (all three release dates included). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { unmonitored?: boolean };
		const movies = await (await radarr()).client.getCalendar({
			start: getOptionalDateParameter(this, 'start', itemIndex),
			end: getOptionalDateParameter(this, 'end', itemIndex),
			unmonitored: options.unmonitored,
			tags: getIdListParameter(this, 'options.tags', itemIndex),
		});
		return upTo(movies, limit);
	});
}
