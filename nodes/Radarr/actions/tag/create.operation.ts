import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. kids',
		description: 'The tag\'s label: letters, digits and dashes; Radarr stores it lower-cased',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['create'] } }, properties);

/**
 * Outputs the tag with its id. Radarr answers a label it already has with that tag rather
 * than a second one, so running the node twice neither fails nor duplicates it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex, '')).trim();
		return await (await radarr()).client.createTag(label);
	});
}
