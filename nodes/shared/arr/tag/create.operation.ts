import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import type { ArrSessionProvider } from '../session';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. kids',
		description: 'The tag\'s label: letters, digits and dashes; the app stores it in lower case',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['create'] } }, properties);

/**
 * Outputs the tag with its id. The apps answer a label they already have with that tag rather
 * than a second one, so running the node twice neither fails nor duplicates it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex, '')).trim();
		if (!label) throw new NodeOperationError(this.getNode(), 'Label is empty', { itemIndex });
		return await (await app()).client.createTag(label);
	});
}
