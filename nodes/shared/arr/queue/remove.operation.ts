import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import { getIdParameter } from '../../parameters';
import type { ArrLibrarySessionProvider } from '../session';

const properties: INodeProperties[] = [
	{
		displayName: 'Queue Item ID',
		name: 'queueId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1404981001',
		description: 'The "ID" of the download, as Queue → Get Many lists it (usually from an expression)',
	},
	{
		displayName: 'Remove From Client',
		name: 'removeFromClient',
		type: 'boolean',
		default: true,
		description: 'Whether to remove the download and its data from the download client too',
	},
	{
		displayName: 'Blocklist',
		name: 'blocklist',
		type: 'boolean',
		default: false,
		description: 'Whether to block the release so the app never grabs it again',
	},
	{
		displayName: 'Skip Redownload',
		name: 'skipRedownload',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out the search for another release that the app starts after a blocklisting',
		displayOptions: { show: { blocklist: [true] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['remove'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrLibrarySessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const queueId = getIdParameter(this, 'queueId', itemIndex, 'Queue Item ID');
		const removeFromClient = this.getNodeParameter('removeFromClient', itemIndex, true) as boolean;
		const blocklist = this.getNodeParameter('blocklist', itemIndex, false) as boolean;
		const skipRedownload = blocklist && (this.getNodeParameter('skipRedownload', itemIndex, false) as boolean);
		await (await app()).client.removeQueueItem(queueId, { removeFromClient, blocklist, skipRedownload: blocklist ? skipRedownload : undefined });
		return { queueId, removed: true, removeFromClient, blocklist, skipRedownload };
	});
}
