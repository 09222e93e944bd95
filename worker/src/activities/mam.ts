import { Context } from '@temporalio/activity';
import { ConfigError, ServerError } from '../../../clients/core/errors';
import type { MamEngine } from '../mam/engine';
import type {
	DeliverySummary,
	MamCheckSessionsInput,
	MamCookieRef,
	MamKeepaliveResult,
	MamNotice,
	MamSessionCheckSummary,
	MamSessionRef,
	ProwlarrPushOptions,
	ProwlarrPushResult,
} from '../workflows/types';

/**
 * MyAnonamouse activities: thin wrappers around the MamEngine (mam/engine.ts). Inputs and
 * results carry labels, versions and masked cookie tails only; the engine reads and saves the
 * cookies themselves in the encrypted state.
 */

/** MAM answered, but not in a way that says anything about the session: worth another try. */
const UNCLEAR_ANSWERS = new Set(['unexpected_html', 'unexpected']);

export function createMamActivities(engine: MamEngine | undefined, run: <T>(body: () => Promise<T>) => Promise<T>) {
	const mam = (): MamEngine => {
		if (!engine) throw new ConfigError('This worker was started without MyAnonamouse support (no state store).', { service: 'MyAnonamouse' });
		return engine;
	};

	return {
		/** The configured sessions (or the named ones; an unknown label is a ConfigError). Asked at run time, so schedules need no update. */
		async mamListSessions(labels?: string[]): Promise<MamSessionRef[]> {
			return run(async () => mam().listSessions(labels));
		},

		/**
		 * One keepalive call with the newest cookie; a rotated cookie is saved before this
		 * returns. A refusal is an answer (the workflow decides), and raises the session's
		 * latched `mam_session_invalid` alert here, as the daily check does; an unclear answer (an
		 * HTML page, an unknown message) fails retryably after the cookie was saved. Heartbeats,
		 * so a worker that dies during the call is replaced within seconds.
		 */
		async mamKeepalive(label: string): Promise<MamKeepaliveResult> {
			return run(() =>
				withHeartbeat(async () => {
					const result = await mam().keepaliveAndAlert(label, stepKey());
					if (UNCLEAR_ANSWERS.has(result.outcome)) {
						const problem = result.problem!;
						throw new ServerError(problem.message, { service: 'MyAnonamouse', status: result.status, fix: problem.fix });
					}
					return result;
				}),
			);
		},

		/** The cookie already in the state (saved by set-id, the API or a new config value). */
		async mamAdoptCookie(label: string): Promise<MamCookieRef> {
			return run(async () => mam().cookieRef(label));
		},

		/** Makes Prowlarr hold the newest cookie (see MamEngine.pushToProwlarr); heartbeats while Prowlarr is slow. */
		async prowlarrPushMamId(label: string, options: ProwlarrPushOptions = {}): Promise<ProwlarrPushResult> {
			return run(() => withHeartbeat(() => mam().pushToProwlarr(label, options)));
		},

		/** Checks a batch of sessions (keepalive, alert latch, expiry warning); heartbeats per session. */
		async mamCheckSessions(input: MamCheckSessionsInput): Promise<MamSessionCheckSummary[]> {
			return run(() => withHeartbeat((beat) => mam().checkSessions(input.labels, new Date(input.now), beat, stepKey())));
		},

		/**
		 * Sends a notice through its event rule's channels; never fails for a channel (each failure
		 * becomes a `notify_failed` event). `key` (one per workflow step) keeps a resumed step
		 * from sending again what a channel already took.
		 */
		async mamNotify(notice: MamNotice, key?: string): Promise<DeliverySummary[]> {
			return run(async () => mam().notify(notice, key));
		},
	};
}

/**
 * This activity's place in its workflow (workflow id, run id, activity id): the same for every
 * attempt, so the alerts and events it sends are those of one step. Undefined outside an activity.
 */
function stepKey(): string | undefined {
	try {
		const { workflowExecution, activityId } = Context.current().info;
		return workflowExecution ? `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}` : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Runs `body` while heartbeating, so a worker that dies mid-call is noticed within the
 * activity's heartbeat timeout rather than its much longer start-to-close timeout. Outside an
 * activity (plain unit tests) it just runs the body.
 */
async function withHeartbeat<T>(body: (beat: () => void) => Promise<T>): Promise<T> {
	let context: Context | undefined;
	try {
		context = Context.current();
	} catch {
		context = undefined;
	}
	const timeoutMs = context?.info.heartbeatTimeoutMs;
	if (!context || !timeoutMs) return body(() => undefined);
	const active = context;
	const beat = (): void => active.heartbeat();
	const timer = setInterval(beat, Math.max(100, Math.min(5_000, Math.floor(timeoutMs / 3))));
	beat();
	try {
		return await body(beat);
	} finally {
		clearInterval(timer);
	}
}
