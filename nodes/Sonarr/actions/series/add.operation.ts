import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SonarrMonitorType, SonarrSeriesType } from '../../../../clients/sonarr/types';
import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { monitorNewItemsProperty, monitorOptions, seasonFolderProperty, seriesTypeProperty, tagLabelsProperty } from '../common';
import { getLabelListParameter, getOptionalIdParameter } from '../../../shared/pickers';

const properties: INodeProperties[] = [
	{
		displayName: 'TVDB ID',
		name: 'tvdbId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 81189',
		description: 'The show to add, by its number on TheTVDB; "Look Up" finds it from a title',
	},
	{
		displayName: 'Quality Profile Name or ID',
		name: 'qualityProfileId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getQualityProfiles' },
		default: '',
		description:
			'Empty (Default) takes the profile of the series added last, else Sonarr\'s first. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Root Folder Name or ID',
		name: 'rootFolderPath',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRootFolders' },
		default: '',
		description: 'Where the series folder is made. Empty (Default) takes the root folder of the series added last, else Sonarr\'s first. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Monitor',
		name: 'monitor',
		type: 'options',
		options: monitorOptions,
		default: 'all',
		description: 'Which episodes Sonarr looks for',
	},
	{
		displayName: 'Search on Add',
		name: 'searchForMissingEpisodes',
		type: 'boolean',
		default: false,
		description: 'Whether to search for the missing monitored episodes right after adding',
	},
	tagLabelsProperty,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			monitorNewItemsProperty,
			{
				displayName: 'Search for Cutoff Unmet',
				name: 'searchForCutoffUnmetEpisodes',
				type: 'boolean',
				default: false,
				description: 'Whether the search on add also looks for upgrades of episodes below the profile\'s cutoff',
			},
			seasonFolderProperty,
			seriesTypeProperty,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['add'] } }, properties);

interface AdditionalFields {
	monitorNewItems?: 'all' | 'none';
	searchForCutoffUnmetEpisodes?: boolean;
	seasonFolder?: boolean;
	seriesType?: SonarrSeriesType;
}

/** Adds the show and outputs it as Sonarr saved it (id, path, profile, root folder). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const tvdbId = getIdParameter(this, 'tvdbId', itemIndex);
		const rootFolderPath = String(this.getNodeParameter('rootFolderPath', itemIndex, '') ?? '').trim();
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;
		return await (await sonarr()).client.addSeries({
			tvdbId,
			// Empty means the server's defaults: the client reads them (SonarrClient.addSeries).
			qualityProfileId: getOptionalIdParameter(this, 'qualityProfileId', itemIndex),
			rootFolderPath: rootFolderPath || undefined,
			monitor: this.getNodeParameter('monitor', itemIndex, 'all') as SonarrMonitorType,
			searchForMissingEpisodes: this.getNodeParameter('searchForMissingEpisodes', itemIndex, false) as boolean,
			tags: getLabelListParameter(this, 'tags', itemIndex),
			monitorNewItems: extra.monitorNewItems,
			searchForCutoffUnmetEpisodes: extra.searchForCutoffUnmetEpisodes,
			seasonFolder: extra.seasonFolder,
			seriesType: extra.seriesType,
		});
	});
}
