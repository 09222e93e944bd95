import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { SonarrSeries, SonarrSeriesType } from '../../../../clients/sonarr/types';
import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { monitorNewItemsProperty, seasonFolderProperty, seriesIdProperty, seriesTypeProperty } from '../common';
import { getLabelListParameter, getOptionalIdParameter } from '../../../shared/pickers';

const properties: INodeProperties[] = [
	seriesIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			monitorNewItemsProperty,
			{
				displayName: 'Monitored',
				name: 'monitored',
				type: 'boolean',
				default: true,
				description: 'Whether Sonarr looks for the series\' monitored episodes (episodes keep their own setting)',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				placeholder: 'e.g. /tv/Breaking Bad (2008)',
				description: 'The series folder; turn on Move Files to move what is there',
			},
			{
				displayName: 'Quality Profile Name or ID',
				name: 'qualityProfileId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getQualityProfiles' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			seasonFolderProperty,
			seriesTypeProperty,
			{
				displayName: 'Tag Names or IDs',
				name: 'tags',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getTagLabels' },
				default: [],
				description:
					'The series\' tags, replacing those it has; a label Sonarr does not have yet is created. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Move Files',
		name: 'moveFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to move the files to the new Path; without it Sonarr only points the series at the new folder',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['update'] } }, properties);

interface UpdateFields {
	monitorNewItems?: 'all' | 'none';
	monitored?: boolean;
	path?: string;
	seasonFolder?: boolean;
	seriesType?: SonarrSeriesType;
	tags?: unknown;
}

/** Changes only the chosen fields (the client merges them over the series) and outputs the series as Sonarr saved it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getIdParameter(this, 'seriesId', itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as UpdateFields;
		const changes: Partial<SonarrSeries> = {};
		if (fields.monitorNewItems !== undefined) changes.monitorNewItems = fields.monitorNewItems;
		if (fields.monitored !== undefined) changes.monitored = fields.monitored;
		if (fields.path !== undefined && fields.path.trim() !== '') changes.path = fields.path.trim();
		const qualityProfileId = getOptionalIdParameter(this, 'updateFields.qualityProfileId', itemIndex, 'qualityProfileId');
		if (qualityProfileId !== undefined) changes.qualityProfileId = qualityProfileId;
		if (fields.seasonFolder !== undefined) changes.seasonFolder = fields.seasonFolder;
		if (fields.seriesType !== undefined) changes.seriesType = fields.seriesType;
		if (Object.keys(changes).length === 0 && fields.tags === undefined) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', { itemIndex, description: 'Add at least one field under Update Fields.' });
		}
		const { client } = await sonarr();
		if (fields.tags !== undefined) changes.tags = await client.tagIds(getLabelListParameter(this, 'updateFields.tags', itemIndex));
		return await client.updateSeries(seriesId, changes, { moveFiles: this.getNodeParameter('moveFiles', itemIndex, false) as boolean });
	});
}
