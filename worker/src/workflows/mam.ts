/**
 * MyAnonamouse workflows. Deterministic: every call to MAM, Prowlarr, the state, the event log
 * or a notification channel is an activity. Sessions travel by label; cookies never enter the
 * workflow history (see types.ts).
 */
import type { ActivityOptions } from '@temporalio/common';
import { ApplicationFailure, ParentClosePolicy, log, patched, proxyActivities, proxyLocalActivities, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
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
	MamRotationStage,
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

/**
 * The one workflow id that brings a session's Prowlarr up to date with the saved cookie (a
 * rotation with source `sync` or `config`): started whenever a push is known to be missing,
 * and, being one id, never twice at once.
 */
export function mamProwlarrSyncWorkflowId(label: string): string {
	return `mam-prowlarr-sync-${label}`;
}

/** Patch: a rotation whose keepalive MAM refused, but with a new cookie, starts the Prowlarr sync. */
export const SYNC_AFTER_REFUSED_ROTATION = 'sync-prowlarr-after-refused-rotation';

/** The key of one step of this run: the same when the step is resumed after a crash, so it is recorded and sent once. */
function stepKey(step: string): string {
	const info = workflowInfo();
	return `${info.workflowId}/${info.runId}/${step}`;
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
 * notification that name the stage that failed (MyAnonamouse or Prowlarr); a refused session
 * also raises the latched `mam_session_invalid` alert (in the keepalive activity). Prowlarr
 * being down is retried until it is back. Each event and notification carries a key of its
 * step, so a step resumed after a crash is recorded and sent once.
 */
export async function mamRotation(input: MamRotationInput): Promise<MamRotationResult> {
	const { label, source } = input;
	const mode = source === 'manual' ? 'manual' : 'auto';
	const eventType = mode === 'manual' ? 'prowlarr_manual_update' : 'prowlarr_auto_update';
	const workflowId = workflowInfo().workflowId;
	const [session] = await reads.mamListSessions([label]);

	const fail = async (stage: MamRotationStage, failure: FailureSummary, extra: Record<string, unknown> = {}): Promise<never> => {
		await recordSafely({
			type: eventType,
			subject: label,
			ok: false,
			details: { stage, source, error: failure, workflow_id: workflowId, service: session.prowlarrService, ...extra },
			key: stepKey(eventType),
		});
		await notifySafely({ kind: 'prowlarr_update', label, mode, outcome: 'failed', stage, error: failure.message }, stepKey(`notify/${eventType}`));
		throw ApplicationFailure.create({ message: `${label}: ${failure.message}`, type: failure.type, nonRetryable: true, details: [{ stage, fix: failure.fix }] });
	};

	let keepalive: MamKeepaliveResult | undefined;
	let version: number;
	let mamIdTail: string;
	if (source === 'keepalive' && input.version === undefined) {
		try {
			keepalive = await mamCalls.mamKeepalive(label);
		} catch (error) {
			return fail('mam', summarizeFailure(error));
		}
		await recordSafely({
			type: 'mam_keepalive',
			subject: label,
			ok: keepalive.alive,
			details: {
				outcome: keepalive.outcome,
				message: keepalive.message,
				rotated: keepalive.rotated,
				version: keepalive.version,
				mam_id_tail: keepalive.mamIdTail,
				mam_saw: keepalive.mamSaw,
				interrupted_at: keepalive.interruptedAt,
				trigger: 'rotation',
				workflow_id: workflowId,
			},
			key: stepKey('mam_keepalive'),
		});
		if (!keepalive.alive) {
			// (A result without `problem` comes from an activity of an older runner.)
			const problem = keepalive.problem ?? { type: keepalive.outcome === 'wrong_session_type' ? 'SessionRefused' : 'InvalidSession', message: `MyAnonamouse refused the session: ${keepalive.message}`, fix: '' };
			const extra: Record<string, unknown> = { outcome: keepalive.outcome, mam_id_tail: keepalive.mamIdTail, interrupted_at: keepalive.interruptedAt, invalid_alert: keepalive.invalidAlert };
			if (keepalive.rotated && session.prowlarrService !== undefined && patched(SYNC_AFTER_REFUSED_ROTATION)) {
				// MAM refused the session but rotated its cookie all the same: the one Prowlarr holds
				// is dead now. The push runs on in its own workflow, so this failure is reported now.
				extra.prowlarr_sync = await startProwlarrSync(label, input.timing);
			}
			return fail('mam', { type: problem.type, message: problem.message, fix: problem.fix || undefined }, extra);
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
		key: stepKey(eventType),
	});
	const deliveries = await notifySafely({ kind: 'prowlarr_update', label, mode, outcome: push.outcome, indexerId: push.indexerId, indexerName: push.indexerName }, stepKey(`notify/${eventType}`));
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

/** Starts the session's Prowlarr sync (one id per session); one already running will push the newest cookie anyway. */
async function startProwlarrSync(label: string, timing: MamRotationInput['timing']): Promise<string> {
	const workflowId = mamProwlarrSyncWorkflowId(label);
	try {
		await startChild(mamRotation, { workflowId, args: [{ label, source: 'sync', timing }], parentClosePolicy: ParentClosePolicy.ABANDON });
		return workflowId;
	} catch (error) {
		log.info('the Prowlarr sync of this session is already running', { label, error: summarizeFailure(error) });
		return `${workflowId} (already running)`;
	}
}

async function recordSafely(event: EventInput): Promise<void> {
	try {
		await writes.recordEvent(event);
	} catch (error) {
		log.warn('could not record an event', { type: event.type, subject: event.subject, error: summarizeFailure(error) });
	}
}

async function notifySafely(notice: MamNotice, key: string): Promise<DeliverySummary[]> {
	try {
		return await notices.mamNotify(notice, key);
	} catch (error) {
		log.warn('could not send a notification', { kind: notice.kind, label: notice.label, error: summarizeFailure(error) });
		return [];
	}
}
