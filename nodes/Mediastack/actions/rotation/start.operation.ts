import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MediastackSessionProvider } from '../../transport';
import { sessionLabelProperty } from '../common';

const properties: INodeProperties[] = [
	sessionLabelProperty,
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description: 'Whether to push the cookie to Prowlarr even when Prowlarr already has it (a manual update)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['rotation'], operation: ['start'] } }, properties);

/**
 * Asks the runner to rotate a session: it saves the newest cookie first, then updates and
 * verifies the MyAnonamouse indexer in Prowlarr, and records the event. The runner's answer is
 * the output; the cookie itself never leaves the runner.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const label = String(this.getNodeParameter('label', itemIndex));
		const force = this.getNodeParameter('force', itemIndex, false) as boolean;
		return await (await runner()).client.startMamRotation({ label, force });
	});
}
