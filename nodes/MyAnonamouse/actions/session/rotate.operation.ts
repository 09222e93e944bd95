import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { maskSecret } from '../../../../clients/core/redact';
import { mapItems } from '../../../shared/items';
import type { MyAnonamouseSessionProvider } from '../../transport';
import { callSummary, callWithNewestCookie, mamIdOverrideProperty } from '../common';
import { seedboxAddress } from './common';

const properties: INodeProperties[] = [mamIdOverrideProperty];

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['rotate'] } }, properties);

/**
 * The same call as Keepalive, shaped for passing the cookie on: `mamId` is always the cookie
 * to use from now on (the rotated one, or the one sent when MAM kept it), and `rotated` says
 * whether it changed — branch on it before updating Prowlarr.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], mam: MyAnonamouseSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const session = await mam();
		const call = await callWithNewestCookie(this, session, itemIndex, async (mamId) => await session.client.updateDynamicSeedbox(mamId));
		return {
			...callSummary(call),
			...seedboxAddress(call.result.data),
			mamId: call.currentMamId,
			previousMamIdTail: call.rotated ? maskSecret(call.sent.mamId) : null,
		};
	});
}
