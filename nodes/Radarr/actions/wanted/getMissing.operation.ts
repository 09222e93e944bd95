import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Monitored Only',
		name: 'monitored',
		type: 'boolean',
		default: true,
		description: 'Whether to list only monitored movies (off lists only the unmonitored ones, as Radarr\'s filter does)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['wanted'], operation: ['getMissing'] } }, properties);

/** One item per missing movie, read page by page until the limit. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const monitored = this.getNodeParameter('monitored', itemIndex, true) as boolean;
		return await (await radarr()).client.listWantedMissing({ monitored }, { limit });
	});
}
