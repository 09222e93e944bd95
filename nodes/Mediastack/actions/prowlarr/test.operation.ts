import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MediastackSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Session Label',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'main',
		description: 'Test the Prowlarr this MAM session feeds; leave empty for the runner\'s default Prowlarr',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['prowlarr'], operation: ['test'] } }, properties);

/** The runner tests its connection to Prowlarr and looks for the MyAnonamouse indexer. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex, ''));
		return await (await runner()).client.testProwlarr({ label });
	});
}
