import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SonarrHistoryEventType } from '../../../../clients/sonarr/types';
import { downloadIdFilter } from '../../../shared/arr/fields';
import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getIdListParameter, getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { includeEpisodeOption, includeSeriesOption } from '../common';

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
					{ name: 'Episode File Deleted', value: 'episodeFileDeleted' },
					{ name: 'Episode File Renamed', value: 'episodeFileRenamed' },
					{ name: 'Grabbed', value: 'grabbed' },
					{ name: 'Imported', value: 'downloadFolderImported', description: 'A download was imported' },
					{ name: 'Imported From Series Folder', value: 'seriesFolderImported' },
				],
				default: [],
				description: 'Only events of these kinds',
			},
			{
				displayName: 'Series Names or IDs',
				name: 'seriesIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSeries' },
				default: [],
				description: 'Only events of these series. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			includeEpisodeOption,
			includeSeriesOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['history'], operation: ['getAll'] } }, properties);

interface Filters {
	downloadId?: string;
	eventType?: SonarrHistoryEventType[];
}

/** One item per history event, newest first, read page by page up to the limit. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
		const options = this.getNodeParameter('options', itemIndex, {}) as { includeEpisode?: boolean; includeSeries?: boolean };
		const seriesIds = getIdListParameter(this, 'filters.seriesIds', itemIndex, 'Series IDs');
		return await (await sonarr()).client.listHistory(
			{
				eventType: filters.eventType?.length ? filters.eventType : undefined,
				seriesIds,
				downloadId: filters.downloadId?.trim() || undefined,
				includeEpisode: options.includeEpisode,
				includeSeries: options.includeSeries,
			},
			{ limit },
		);
	});
}
