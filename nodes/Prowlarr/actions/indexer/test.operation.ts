import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';
import { indexerIdProperties } from './common';

const properties: INodeProperties[] = [...indexerIdProperties];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['test'] } }, properties);

/**
 * Runs Prowlarr's connection test. A failing indexer is an answer, not an error:
 * the item says `ok: false` with Prowlarr's reasons, so a workflow can branch on it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const indexerId = getIdParameter(this, 'indexerId', itemIndex, 'Indexer ID');
		const result = await (await prowlarr()).client.testIndexer(indexerId);
		return { indexerId, ok: result.ok, errors: result.errors };
	});
}
