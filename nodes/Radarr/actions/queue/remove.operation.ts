import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Queue Item ID',
		name: 'queueId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1728330001',
		description: 'The "ID" of the download, as Get Many lists it (usually from an expression)',
	},
	{
		displayName: 'Remove From Download Client',
		name: 'removeFromClient',
		type: 'boolean',
		default: true,
		description: 'Whether to remove the download (and its data) from the download client too',
	},
	{
		displayName: 'Blocklist Release',
		name: 'blocklist',
		type: 'boolean',
		default: false,
		description: 'Whether to blocklist the release so Radarr never grabs it again',
	},
	{
		displayName: 'Skip Redownload',
		name: 'skipRedownload',
		type: 'boolean',
		default: false,
		description: 'Whether to skip the search Radarr starts for another release after blocklisting this one',
		displayOptions: { show: { blocklist: [true] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['remove'] } }, properties);

/** Radarr answers a removal with nothing; the item says what was done. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const queueId = getIdParameter(this, 'queueId', itemIndex);
		const removeFromClient = this.getNodeParameter('removeFromClient', itemIndex, true) as boolean;
		const blocklist = this.getNodeParameter('blocklist', itemIndex, false) as boolean;
		const skipRedownload = blocklist && (this.getNodeParameter('skipRedownload', itemIndex, false) as boolean);
		await (await radarr()).client.removeQueueItem(queueId, { removeFromClient, blocklist, skipRedownload: blocklist ? skipRedownload : undefined });
		return { queueId, removed: true, removeFromClient, blocklist, skipRedownload };
	});
}
