import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { calendarEndProperty, calendarStartProperty } from '../../../shared/arr/fields';
import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems, upTo } from '../../../shared/items';
import { getLimitParameter, getOptionalDateParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { includeEpisodeFileOption, includeSeriesOption } from '../common';

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
			includeEpisodeFileOption,
			includeSeriesOption,
			{
				displayName: 'Include Unmonitored',
				name: 'unmonitored',
				type: 'boolean',
				default: false,
				description: 'Whether to list episodes Sonarr does not monitor too',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['calendar'], operation: ['getAll'] } }, properties);

/** One item per episode airing in the range, in air-date order. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const start = getOptionalDateParameter(this, 'start', itemIndex);
		const end = getOptionalDateParameter(this, 'end', itemIndex);
		const limit = getLimitParameter(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeEpisodeFile?: boolean; includeSeries?: boolean; unmonitored?: boolean };
		const episodes = await (await sonarr()).client.getCalendar({
			start,
			end,
			unmonitored: options.unmonitored,
			includeSeries: options.includeSeries,
			includeEpisodeFile: options.includeEpisodeFile,
		});
		return upTo(episodes, limit);
	});
}
