import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['getAll'] } }, properties);

/** One item per indexer, as Prowlarr returns it (settings included). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		// Prowlarr has no paging for indexers: the whole list always comes back.
		const indexers = await (await prowlarr()).client.listIndexers();
		return limit === undefined ? indexers : indexers.slice(0, limit);
	});
}
