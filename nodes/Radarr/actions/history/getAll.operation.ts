import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RadarrHistoryEventType } from '../../../../clients/radarr/types';
import { downloadIdFilter } from '../../../shared/arr/fields';
import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getIdListParameter, getLimitParameter } from '../../../shared/parameters';
import { getOptionalStringParameter } from '../../../shared/pickers';
import type { RadarrSessionProvider } from '../../transport';
import { includeMovieOption, movieIdsFilter } from '../common';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			downloadIdFilter,
			{
				displayName: 'Event Types',
				name: 'eventType',
				type: 'multiOptions',
				options: [
					{ name: 'Download Failed', value: 'downloadFailed' },
					{ name: 'Download Ignored', value: 'downloadIgnored' },
					{ name: 'Grabbed', value: 'grabbed' },
					{ name: 'Imported', value: 'downloadFolderImported' },
					{ name: 'Imported From Movie Folder', value: 'movieFolderImported' },
					{ name: 'Movie File Deleted', value: 'movieFileDeleted' },
					{ name: 'Movie File Renamed', value: 'movieFileRenamed' },
				],
				default: [],
				description: 'Only records of these kinds',
			},
			includeMovieOption,
			movieIdsFilter,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['history'], operation: ['getAll'] } }, properties);

/** One item per history record, newest first, read page by page until the limit. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { eventType?: RadarrHistoryEventType[]; includeMovie?: boolean };
		return await (await radarr()).client.listHistory(
			{
				sortKey: 'date',
				sortDirection: 'descending',
				eventType: filters.eventType?.length ? filters.eventType : undefined,
				movieIds: getIdListParameter(this, 'filters.movieIds', itemIndex),
				downloadId: getOptionalStringParameter(this, 'filters.downloadId', itemIndex),
				includeMovie: filters.includeMovie,
			},
			{ limit },
		);
	});
}
