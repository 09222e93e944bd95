import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdListParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Episode IDs',
		name: 'episodeIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12, 13',
		description: 'Comma-separated IDs of the episodes, as Episode → Get Many lists them',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['searchEpisodes'] } }, properties);

/** Searches the indexers for these episodes; outputs the queued command. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const episodeIds = getIdListParameter(this, 'episodeIds', itemIndex);
		if (!episodeIds) throw new NodeOperationError(this.getNode(), 'Episode IDs is empty', { itemIndex, description: 'Give the IDs of the episodes to search for, e.g. from Episode → Get Many.' });
		return await (await sonarr()).client.searchEpisodes(episodeIds);
	});
}
