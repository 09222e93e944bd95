import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { maskSecret } from '../../../clients/core/redact';
import type { MamResult } from '../../../clients/myanonamouse/types';
import type { MamCookie } from '../transport/cookie-jar';
import type { MyAnonamouseSession } from '../transport';

export const mamIdOverrideProperty: INodeProperties = {
	displayName: 'MAM ID Override',
	name: 'mamId',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description:
		'Send this mam_id instead of the credential\'s, e.g. an expression with the cookie an earlier step returned (a value typed here is saved with the workflow). The newest cookie MAM rotated it into is used once known. Leave empty to use the credential\'s session.',
};

/** One MAM call made with the newest cookie, after the cookie MAM handed back was saved. */
export interface MamCall<T> {
	result: MamResult<T>;
	/** The cookie that was sent. */
	sent: MamCookie;
	/** True when MAM handed back a different cookie. */
	rotated: boolean;
	/** The cookie to use from now on: the rotated one, or the one sent. */
	currentMamId: string;
}

/**
 * Sends one MAM call and saves a rotated cookie at once, whatever the outcome: MAM hands out
 * new cookies with refusals and rate limits too, and a cookie not saved is a session lost.
 */
export async function callWithNewestCookie<T>(
	context: IExecuteFunctions,
	session: MyAnonamouseSession,
	itemIndex: number,
	call: (mamId: string) => Promise<MamResult<T>>,
): Promise<MamCall<T>> {
	const override = String(context.getNodeParameter('mamId', itemIndex, '') ?? '').trim();
	const sent = session.cookieFor(override || undefined);
	const result = await call(sent.mamId);
	const rotated = session.remember(sent, result.newMamId);
	return { result, sent, rotated, currentMamId: rotated && result.newMamId ? result.newMamId : sent.mamId };
}

/** What every session operation reports; the cookie itself only where an operation promises it. */
export function callSummary<T>(call: MamCall<T>): IDataObject {
	const summary: IDataObject = {
		outcome: call.result.outcome,
		accepted: call.result.accepted,
		rotated: call.rotated,
		message: call.result.message,
		httpStatus: call.result.status,
		mamIdTail: maskSecret(call.currentMamId),
		cookieSource: call.sent.source,
	};
	if (call.result.retryAfterMs !== undefined) summary.retryAfterMs = call.result.retryAfterMs;
	return summary;
}

/** After the items ran: a manual run does not keep static data, so a rotated cookie must be copied by hand. */
export function hintUnsavedCookie(context: IExecuteFunctions, _output: INodeExecutionData[], mam: MyAnonamouseSession | undefined): void {
	if ((mam?.rotations ?? 0) > 0 && context.getMode() === 'manual') {
		context.addExecutionHints({
			message:
				'MyAnonamouse handed out a new cookie. n8n keeps static data only for active workflows, not for manual runs: copy the new value from the output into the credential, or this workflow will send the old one next time.',
			location: 'outputPane',
		});
	}
}
