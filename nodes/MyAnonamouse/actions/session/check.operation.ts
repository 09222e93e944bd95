import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MyAnonamouseSessionProvider } from '../../transport';
import { callSummary, callWithNewestCookie, mamIdOverrideProperty } from '../common';

const properties: INodeProperties[] = [mamIdOverrideProperty];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['check'] } }, properties);

/**
 * Asks MAM for the user's stats, which only a live session gets, and classifies the answer:
 * `valid` with the stats, or the outcome (`invalid_session` when MAM shows its login page).
 * Changes nothing on MAM's side apart from a possibly rotated cookie, saved as always.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], mam: MyAnonamouseSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const session = await mam();
		const call = await callWithNewestCookie(this, session, itemIndex, async (mamId) => await session.client.getUserStats(mamId));
		return {
			...callSummary(call),
			valid: call.result.accepted,
			stats: call.result.accepted && call.result.data ? call.result.data : null,
			...(call.rotated ? { newMamId: call.currentMamId } : {}),
		};
	});
}
