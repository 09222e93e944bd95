import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MyAnonamouseSessionProvider } from '../../transport';
import { callWithNewestCookie, mamIdOverrideProperty } from '../common';
import { errorForRefusal } from './common';

const properties: INodeProperties[] = [mamIdOverrideProperty];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getStats'] } }, properties);

/**
 * The user's stats as MAM sends them (ratio, bonus points, class...). Unlike Session → Check,
 * no stats is a failure here: a refused session raises an error naming the fix, after the
 * rotated cookie, if any, was saved.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], mam: MyAnonamouseSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const session = await mam();
		const call = await callWithNewestCookie(this, session, itemIndex, async (mamId) => await session.client.getUserStats(mamId));
		if (!call.result.accepted || !call.result.data) throw errorForRefusal(call.result);
		return call.result.data;
	});
}
