/**
 * MyAnonamouse workflows. Deterministic: every call to MAM, Prowlarr, the state, the event log
 * or a notification channel is an activity. Sessions travel by label; cookies never enter the
 * workflow history (see types.ts).
 */
import type { ActivityOptions } from '@temporalio/common';
import { ApplicationFailure, ParentClosePolicy, log, proxyActivities, proxyLocalActivities, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { summarizeFailure } from './failures';
import { LOCAL_NOTIFY_ACTIVITY, LOCAL_READ_ACTIVITY, LOCAL_WRITE_ACTIVITY, MAM_CALL_ACTIVITY, MAM_CHECK_ACTIVITY, PROWLARR_PUSH_ACTIVITY, PROWLARR_PUSH_RETRY } from './policies';
import type {
	DeliverySummary,
	EventInput,
	FailureSummary,
	MamKeepaliveResult,
	MamNotice,
	MamRotationInput,
	MamRotationResult,
	MamRotationTiming,
	MamSessionCheckInput,
	MamSessionCheckResult,
	MamSessionCheckSummary,
} from './types';

// The bookkeeping steps (reading the session list and the saved cookie, appending an event,
// sending the notices) are local activities: they run in the worker that runs the workflow,
// without a round trip through the server's task queues, which made up most of a rotation's
// time. The calls to MAM and Prowlarr stay regular activities: they are the ones that must
// survive the worker dying and resume elsewhere.
const reads = proxyLocalActivities<Activities>(LOCAL_READ_ACTIVITY);
const writes = proxyLocalActivities<Activities>(LOCAL_WRITE_ACTIVITY);
const mamCalls = proxyActivities<Activities>(MAM_CALL_ACTIVITY);
const checks = proxyActivities<Activities>(MAM_CHECK_ACTIVITY);
const notices = proxyLocalActivities<Activities>(LOCAL_NOTIFY_ACTIVITY);

/** Sessions per check activity: a thousand sessions make ten activities, not thousands. */
export const MAM_CHECK_BATCH_SIZE = 100;

/** Workflow ids of rotations: one label may have several at once; the newest cookie wins. */
export function mamRotationWorkflowId(label: string, unique: string): string {
	return `mam-rotation-${label}-${unique}`;
}

function pushActivities(timing: MamRotationTiming | undefined) {
	if (!timing) return proxyActivities<Activities>(PROWLARR_PUSH_ACTIVITY);
	const options: ActivityOptions = {
		...PROWLARR_PUSH_ACTIVITY,
		heartbeatTimeout: timing.heartbeatTimeoutMs ?? PROWLARR_PUSH_ACTIVITY.heartbeatTimeout,
		retry: {
			...PROWLARR_PUSH_RETRY,
			initialInterval: timing.retryInitialMs ?? PROWLARR_PUSH_RETRY.initialInterval,
			maximumInterval: timing.retryMaximumMs ?? PROWLARR_PUSH_RETRY.maximumInterval,
		},
	};
	return proxyActivities<Activities>(options);
}

/**
 * Gets the session's cookie into Prowlarr: obtain it (a keepalive call to MAM, which saves
 * the rotated cookie before returning, or the one already saved by set-id or the config),
 * then have Prowlarr hold the newest cookie, then record the event and notify. An invalid
 * session, a refused API key or a missing indexer fail at once, with an event and a
 * notification; Prowlarr being down is retried until it is back.
 */
export async function mamRotation(input: MamRotationInput): Promise<MamRotationResult> {
	const { label, source } = input;
	const mode = source === 'manual' ? 'manual' : 'auto';
	const eventType = mode === 'manual' ? 'prowlarr_manual_update' : 'prowlarr_auto_update';
	const workflowId = workflowInfo().workflowId;
	const [session] = await reads.mamListSessions([label]);

	const fail = async (stage: string, failure: FailureSummary, extra: Record<string, unknown> = {}): Promise<never> => {
		await recordSafely({ type: eventType, subject: label, ok: false, details: { stage, source, error: failure, workflow_id: workflowId, service: session.prowlarrService, ...extra } });
		await notifySafely({ kind: 'prowlarr_update', label, mode, outcome: 'failed', error: failure.message });
		throw ApplicationFailure.create({ message: `${label}: ${failure.message}`, type: failure.type, nonRetryable: true });
	};

	let keepalive: MamKeepaliveResult | undefined;
	let version: number;
	let mamIdTail: string;
	if (source === 'keepalive' && input.version === undefined) {
		try {
			keepalive = await mamCalls.mamKeepalive(label);
		} catch (error) {
			return fail('keepalive', summarizeFailure(error));
		}
		await recordSafely({
			type: 'mam_keepalive',
			subject: label,
			ok: keepalive.alive,
			details: { outcome: keepalive.outcome, message: keepalive.message, rotated: keepalive.rotated, version: keepalive.version, mam_id_tail: keepalive.mamIdTail, mam_saw: keepalive.mamSaw, trigger: 'rotation', workflow_id: workflowId },
		});
		if (!keepalive.alive) {
			const type = keepalive.outcome === 'wrong_session_type' ? 'SessionRefused' : 'InvalidSession';
			return fail('keepalive', { type, message: `MyAnonamouse refused the session: ${keepalive.message}` }, { outcome: keepalive.outcome, mam_id_tail: keepalive.mamIdTail });
		}
		version = keepalive.version;
		mamIdTail = keepalive.mamIdTail;
	} else {
		try {
			const cookie = await reads.mamAdoptCookie(label);
			version = cookie.version;
			mamIdTail = cookie.mamIdTail;
		} catch (error) {
			return fail('cookie', summarizeFailure(error));
		}
	}

	const base = { label, source, eventType, keepalive } as const;
	if (session.prowlarrService === undefined) {
		return { ...base, version, mamIdTail, prowlarr: { outcome: 'disabled', skipped: true, reason: 'the session feeds no Prowlarr' }, deliveries: [] };
	}

	let push;
	try {
		push = await pushActivities(input.timing).prowlarrPushMamId(label, { force: input.force });
	} catch (error) {
		return fail('prowlarr', summarizeFailure(error), { version, mam_id_tail: mamIdTail });
	}
	const skipped = push.outcome === 'unchanged';
	const reason = skipped ? 'Prowlarr already holds this MAM ID' : undefined;
	await recordSafely({
		type: eventType,
		subject: label,
		ok: true,
		details: {
			outcome: push.outcome,
			skipped,
			reason,
			source,
			forced: input.force === true,
			version: push.version,
			mam_id_tail: push.mamIdTail,
			service: push.service,
			prowlarr_host: push.prowlarrHost,
			indexer_id: push.indexerId,
			indexer_name: push.indexerName,
			indexer_test: push.test,
			workflow_id: workflowId,
		},
	});
	const deliveries = await notifySafely({ kind: 'prowlarr_update', label, mode, outcome: push.outcome, indexerId: push.indexerId, indexerName: push.indexerName });
	return {
		...base,
		version: push.version,
		mamIdTail: push.mamIdTail,
		prowlarr: { outcome: push.outcome, service: push.service, indexerId: push.indexerId, indexerName: push.indexerName, skipped, reason },
		deliveries,
	};
}

/**
 * The daily check: keepalive every session (saving rotated cookies), the invalid-session
 * alert (latched) and the expiry warning (once per day), in batches of up to 100 sessions per
 * activity. Sessions whose new cookie must reach Prowlarr get a rotation of their own, which
 * runs on after the check ends (so a Prowlarr that is down does not hold up the check).
 */
export async function mamSessionCheck(input: MamSessionCheckInput = {}): Promise<MamSessionCheckResult> {
	const checkedAt = input.now ?? new Date().toISOString();
	const sessions = await reads.mamListSessions(input.labels);
	const batches: string[][] = [];
	for (let index = 0; index < sessions.length; index += MAM_CHECK_BATCH_SIZE) {
		batches.push(sessions.slice(index, index + MAM_CHECK_BATCH_SIZE).map((session) => session.label));
	}
	const results = (
		await Promise.all(
			batches.map(async (labels): Promise<MamSessionCheckSummary[]> => {
				try {
					return await checks.mamCheckSessions({ labels, now: checkedAt });
				} catch (error) {
					// The batch as a whole failed (state not writable...): report each session, check the others.
					const failure = summarizeFailure(error);
					return labels.map((label) => ({ label, outcome: 'error', alive: false, rotated: false, needsPush: false, error: failure }));
				}
			}),
		)
	).flat();

	const rotations = await Promise.all(
		results
			.filter((result) => result.needsPush && result.version !== undefined)
			.map(async (result) => {
				const workflowId = mamRotationWorkflowId(result.label, uuid4());
				await startChild(mamRotation, {
					workflowId,
					args: [{ label: result.label, source: 'keepalive', version: result.version, timing: input.rotationTiming }],
					parentClosePolicy: ParentClosePolicy.ABANDON,
				});
				return { label: result.label, workflowId };
			}),
	);
	return { checkedAt, sessions: results, rotations };
}

async function recordSafely(event: EventInput): Promise<void> {
	try {
		await writes.recordEvent(event);
	} catch (error) {
		log.warn('could not record an event', { type: event.type, subject: event.subject, error: summarizeFailure(error) });
	}
}

async function notifySafely(notice: MamNotice): Promise<DeliverySummary[]> {
	try {
		return await notices.mamNotify(notice);
	} catch (error) {
		log.warn('could not send a notification', { kind: notice.kind, label: notice.label, error: summarizeFailure(error) });
		return [];
	}
}
