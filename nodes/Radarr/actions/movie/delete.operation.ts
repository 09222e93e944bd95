import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';
import { movieIdProperty } from '../common';

const properties: INodeProperties[] = [
	movieIdProperty,
	{
		displayName: 'Delete Files',
		name: 'deleteFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to delete the movie\'s folder and files from disk too',
	},
	{
		displayName: 'Add Import List Exclusion',
		name: 'addImportListExclusion',
		type: 'boolean',
		default: false,
		description: 'Whether to keep import lists from adding the movie again',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['delete'] } }, properties);

/** Radarr answers a delete with nothing; the item says what was done. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const movieId = getIdParameter(this, 'movieId', itemIndex);
		const deleteFiles = this.getNodeParameter('deleteFiles', itemIndex, false) as boolean;
		const addImportListExclusion = this.getNodeParameter('addImportListExclusion', itemIndex, false) as boolean;
		await (await radarr()).client.deleteMovie(movieId, { deleteFiles, addImportListExclusion });
		return { movieId, deleted: true, deleteFiles, addImportListExclusion };
	});
}
