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
		 * returns. A refusal is an answer (the workflow decides); an unclear answer (an HTML
		 * page, an unknown message) fails retryably after the cookie was saved.
		 */
		async mamKeepalive(label: string): Promise<MamKeepaliveResult> {
			return run(async () => {
				const result = await mam().keepalive(label);
				if (UNCLEAR_ANSWERS.has(result.outcome)) {
					throw new ServerError(`MyAnonamouse answered the keepalive for "${label}" unexpectedly (HTTP ${result.status}): ${result.message}`, { service: 'MyAnonamouse', status: result.status });
				}
				return result;
			});
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
			return run(() => withHeartbeat((beat) => mam().checkSessions(input.labels, new Date(input.now), beat)));
		},

		/** Sends a notice through its event rule's channels; never fails for a channel (each failure becomes a `notify_failed` event). */
		async mamNotify(notice: MamNotice): Promise<DeliverySummary[]> {
			return run(async () => mam().notify(notice));
		},
	};
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
