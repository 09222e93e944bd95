import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import { getIdParameter } from '../../parameters';
import type { ArrSessionProvider } from '../session';

const properties: INodeProperties[] = [
	{
		displayName: 'Tag Name or ID',
		name: 'tagId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTags' },
		required: true,
		default: '',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['delete'] } }, properties);

/** The apps refuse to delete a tag something still has (HTTP 400, "it is in use"). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const tagId = getIdParameter(this, 'tagId', itemIndex, 'Tag ID');
		await (await app()).client.deleteTag(tagId);
		return { tagId, deleted: true };
	});
}
