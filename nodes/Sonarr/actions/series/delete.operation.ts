import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { seriesIdProperty } from '../common';

const properties: INodeProperties[] = [
	seriesIdProperty,
	{
		displayName: 'Delete Files',
		name: 'deleteFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to delete the series folder and its episode files from disk too',
	},
	{
		displayName: 'Add Import List Exclusion',
		name: 'addImportListExclusion',
		type: 'boolean',
		default: false,
		description: 'Whether to keep import lists from adding the series again',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getIdParameter(this, 'seriesId', itemIndex);
		const deleteFiles = this.getNodeParameter('deleteFiles', itemIndex, false) as boolean;
		const addImportListExclusion = this.getNodeParameter('addImportListExclusion', itemIndex, false) as boolean;
		await (await sonarr()).client.deleteSeries(seriesId, { deleteFiles, addImportListExclusion });
		return { id: seriesId, deleted: true, deleteFiles, addImportListExclusion };
	});
}
