import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { MyAnonamouseSessionProvider } from '../../transport';
import { callSummary, callWithNewestCookie, mamIdOverrideProperty } from '../common';
import { seedboxAddress } from './common';

const properties: INodeProperties[] = [mamIdOverrideProperty];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['keepalive'] } }, properties);

/**
 * The dynamic seedbox call: registers this machine's address with the session and keeps it
 * alive. MAM's answer is data, not an error — a dead session comes out as
 * `outcome: "invalid_session"` for the workflow to branch on. `newMamId` appears only when
 * MAM rotated the cookie; push it wherever else the cookie is used (Prowlarr).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], mam: MyAnonamouseSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const session = await mam();
		const call = await callWithNewestCookie(this, session, itemIndex, async (mamId) => await session.client.updateDynamicSeedbox(mamId));
		return { ...callSummary(call), ...seedboxAddress(call.result.data), ...(call.rotated ? { newMamId: call.currentMamId } : {}) };
	});
}
