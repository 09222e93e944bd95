import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { SonarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. anime',
		description: 'The tag\'s name: letters, digits and dashes; Sonarr stores it in lower case. An existing label answers with that tag.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex, '')).trim();
		if (!label) throw new NodeOperationError(this.getNode(), 'Label is empty', { itemIndex });
		return await (await sonarr()).client.createTag(label);
	});
}
