import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems, upTo } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['getAll'] } }, properties);

/** One item per movie in the library, as Radarr returns it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		// Radarr has no paging for the library: the whole list always comes back.
		return upTo(await (await radarr()).client.listMovies(), limit);
	});
}
