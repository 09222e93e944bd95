import { ApplicationFailure } from '@temporalio/common';
import { ClientError, ConfigError, NotFoundError, ServerError, isMediastackError } from '../../../clients/core/errors';
import { scrubSecrets } from '../../../clients/core/redact';
import type { MamCallOptions } from '../../../clients/myanonamouse/client';
import type { MamOutcome, MamResult } from '../../../clients/myanonamouse/types';
import type { NotificationMessage } from '../../../clients/notify/types';
import { MAM_ID_FIELD, PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import type { MamSessionConfig, MediastackConfig } from '../config/schema';
import type { ChannelResult } from '../notify/dispatcher';
import type { EventLog } from '../state/events';
import { registerSecret, unregisterSecret } from '../state/scrub';
import type {
	DeliverySummary,
	FailureSummary,
	MamCookieRef,
	MamKeepaliveResult,
	MamNotice,
	MamSaw,
	MamRefusalName,
	MamSessionCheckSummary,
	MamSessionRef,
	ProwlarrPushOptions,
	ProwlarrPushResult,
} from '../workflows/types';
import { cookieFingerprint, cookieTail } from './fingerprint';
import { KeyedMutex, mapWithConcurrency } from './locks';
import { buildMamMessage } from './messages';
import { keepaliveProblem } from './problems';
import { ConfigAdoption, MamSessionState, StoredCookie } from './state';
import { sessionExpiry } from './time';

/**
 * The MAM session logic, free of Temporal: the activities are thin wrappers around it, and
 * the API uses it for the parts that must not wait for a workflow (saving a pasted cookie).
 *
 * Two rules hold everywhere:
 * - a cookie MAM hands back is saved before anything else happens, whatever MAM said: as soon
 *   as the answer's headers are in (before its body is read) when the transport allows;
 * - one session's cookie is used by one call at a time (MAM rotates it on each use, so a
 *   second call with the same cookie would be refused), and its Prowlarr update reads the
 *   newest cookie under its own lock, so racing rotations converge on the newest.
 */

/** The MAM calls the engine makes (MyAnonamouseClient, or a stand-in in tests). */
export interface MamCalls {
	updateDynamicSeedbox(mamId: string, options?: MamCallOptions): Promise<MamResult<unknown>>;
	getUserStats(mamId: string, options?: MamCallOptions): Promise<MamResult<unknown>>;
}

/** Where notifications go (NotificationDispatcher). */
export interface MamNotifier {
	dispatch(message: NotificationMessage): Promise<ChannelResult[]>;
}

export interface MamEngineOptions {
	config: MediastackConfig;
	state: MamSessionState;
	prowlarr: (service: string) => ProwlarrClient;
	/** One client for every session, or the client of each session (its own proxy: see mam/clients.ts). */
	mam: MamCalls | ((label: string) => MamCalls);
	events: Pick<EventLog, 'record'>;
	/** Absent when the config has no notification channels. */
	notifier?: MamNotifier;
	/** The clock; tests move it. */
	now?: () => Date;
	/** Sessions checked at once within one batch. */
	checkConcurrency?: number;
}

/** MAM answered, and knows the session. */
const ALIVE: ReadonlySet<MamOutcome> = new Set(['ok', 'no_change', 'rate_limited']);
const REFUSED: ReadonlySet<MamOutcome> = new Set(['invalid_session', 'wrong_session_type']);
const DEFAULT_CHECK_CONCURRENCY = 32;

/** Prowlarr masks some secret fields in answers; a mask says nothing about the value behind it. */
const MASKED_VALUE = /^\*+$/;

export class MamEngine {
	private readonly config: MediastackConfig;
	readonly state: MamSessionState;
	private readonly cookieLocks = new KeyedMutex();
	/** Per session, the cookie the last rotation replaced: still masked in case MAM still honours it. */
	private readonly justReplaced = new Map<string, string>();
	private readonly pushLocks = new KeyedMutex();
	private readonly now: () => Date;

	constructor(private readonly options: MamEngineOptions) {
		this.config = options.config;
		this.state = options.state;
		this.now = options.now ?? (() => new Date());
	}

	get sessions(): MamSessionConfig[] {
		return this.config.mam?.sessions ?? [];
	}

	/** The session's config entry; a ConfigError naming the configured labels when there is none. */
	session(label: string): MamSessionConfig {
		const found = this.sessions.find((session) => session.label === label);
		if (!found) {
			const known = this.sessions.map((session) => session.label);
			throw new ConfigError(`There is no MAM session labelled "${label}" (configured: ${known.join(', ') || 'none'}). Fix: add it under mam.sessions in the config.`, {
				service: 'MyAnonamouse',
				fix: 'add the session under mam.sessions.',
			});
		}
		return found;
	}

	hasSession(label: string): boolean {
		return this.sessions.some((session) => session.label === label);
	}

	/**
	 * Whether the session's Prowlarr was confirmed to hold its newest cookie (by the service it
	 * feeds now). True for a session that feeds none: there is nothing to push.
	 */
	prowlarrInSync(label: string): boolean {
		const service = this.prowlarrService(this.session(label));
		if (service === undefined) return true;
		const record = this.state.record(label);
		return record !== undefined && record.prowlarr?.fingerprint === record.fingerprint && record.prowlarr.service === service;
	}

	/** The Prowlarr a session feeds, or undefined when none (or switched off). */
	prowlarrService(session: MamSessionConfig): string | undefined {
		return session.prowlarr?.enabled ? session.prowlarr.service : undefined;
	}

	prowlarrHost(service: string | undefined): string | undefined {
		if (service === undefined) return undefined;
		const url = this.config.services[service]?.url;
		try {
			return url === undefined ? undefined : new URL(url).host;
		} catch {
			return undefined;
		}
	}

	listSessions(labels?: string[]): MamSessionRef[] {
		const chosen = labels && labels.length > 0 ? labels.map((label) => this.session(label)) : this.sessions;
		return chosen.map((session) => ({ label: session.label, created: this.createdOf(session), prowlarrService: this.prowlarrService(session) }));
	}

	/**
	 * The effective creation time: the later of the config's `created` and the one confirmed
	 * by `set-id --created` (kept in the state), so a session re-created in either place counts
	 * from its newest start. Keepalives do not move it: MAM's lifetime runs from creation, and a
	 * session kept alive daily would otherwise never warn.
	 */
	createdOf(session: MamSessionConfig): string | undefined {
		const confirmed = this.state.record(session.label)?.created;
		if (confirmed === undefined || session.created === undefined) return confirmed ?? session.created;
		return Date.parse(confirmed) >= Date.parse(session.created) ? confirmed : session.created;
	}

	/** The newest cookie; a NotFoundError when the session was never adopted (the runner adopts every configured one at start). */
	newestCookie(label: string): StoredCookie {
		const cookie = this.state.cookie(label);
		if (!cookie) {
			throw new NotFoundError(`The MAM session "${label}" has no saved cookie yet. Fix: restart the runner (it adopts the config's mam_id) or set one with \`mediastack mam set-id ${label} MAM_ID\`.`, {
				service: 'MyAnonamouse',
			});
		}
		return cookie;
	}

	cookieRef(label: string): MamCookieRef {
		this.session(label);
		const cookie = this.newestCookie(label);
		return { label, version: cookie.version, mamIdTail: cookieTail(cookie.value), source: cookie.source };
	}

	/** Adopts each configured session's cookie where it is new or changed in the config (see MamSessionState.adoptConfig). */
	async reconcileConfig(): Promise<Array<ConfigAdoption & { label: string }>> {
		// All at once: the state saves them together (group commit).
		return Promise.all(
			this.sessions.map(async (session) => {
				registerSecret(session.mam_id);
				const adoption = await this.cookieLocks.run(session.label, () => this.state.adoptConfig(session, this.now()));
				return { label: session.label, ...adoption };
			}),
		);
	}

	/**
	 * A cookie the user pasted (API, CLI): saved at once, encrypted. `changed` is false when
	 * it is the cookie the state already holds; then only `created` may change.
	 */
	async setMamId(label: string, mamId: string, created?: Date): Promise<{ changed: boolean; version: number; mamIdTail: string; created?: string }> {
		this.session(label);
		const value = mamId.trim();
		if (value === '' || /[\s;,]/.test(value)) {
			throw new ClientError('The MAM ID is empty or contains spaces, commas or semicolons. Fix: copy only the mam_id value from MAM → Preferences → Security.', { service: 'MyAnonamouse' });
		}
		registerSecret(value);
		return this.cookieLocks.run(label, () =>
			this.state.commit(label, (tx) => {
				const record = tx.record();
				const changed = !record || record.fingerprint !== cookieFingerprint(value) || tx.cookie() === undefined;
				const version = changed ? tx.setCookie(value, 'manual', this.now()) : record!.version;
				const current = tx.record()!;
				const next = created === undefined ? current : { ...current, created: created.toISOString() };
				tx.setRecord(next);
				return { changed, version, mamIdTail: cookieTail(value), created: next.created };
			}),
		);
	}

	/**
	 * One keepalive call to MAM with the newest cookie. Any cookie MAM hands back is saved
	 * before this returns, also when MAM refused the session or answered with an error, and with
	 * the runner's transport as soon as the answer's headers are in, before its body is read.
	 * Throws only when no answer came at all (then the cookie is unchanged).
	 *
	 * Each call is marked in flight in the state before it goes out, and the mark is removed
	 * when the answer's headers arrive. A mark still there at the next call means the previous
	 * one was interrupted while MAM was answering; if MAM then refuses the cookie, it rotated it
	 * in the lost answer, and the result says so (`interruptedAt`).
	 */
	async keepalive(label: string): Promise<MamKeepaliveResult> {
		const session = this.session(label);
		return this.cookieLocks.run(label, async () => {
			const cookie = this.newestCookie(label);
			const mam = this.mamFor(label);
			const interrupted = await this.state.commit(label, (tx) => {
				const record = tx.record()!;
				const previous = record.in_flight?.fingerprint === cookie.fingerprint ? record.in_flight : undefined;
				tx.setRecord({ ...record, in_flight: { at: this.now().toISOString(), fingerprint: cookie.fingerprint } });
				return previous;
			});
			const call: MamCallOptions = {
				onAnswerHead: async ({ newMamId }) => {
					const rotatedTo = newMamId !== undefined && newMamId !== cookie.value ? newMamId : undefined;
					if (rotatedTo !== undefined) registerSecret(rotatedTo);
					const at = this.now();
					await this.state.commit(label, (tx) => {
						if (rotatedTo !== undefined && tx.cookie() !== rotatedTo) tx.setCookie(rotatedTo, 'rotation', at);
						const { in_flight: _answered, ...record } = tx.record()!;
						tx.setRecord(record);
					});
				},
			};
			const answer = session.keepalive === 'user_stats' ? await mam.getUserStats(cookie.value, call) : await mam.updateDynamicSeedbox(cookie.value, call);
			const mamSaw = mamSawIn(answer.data);
			const rotated = answer.newMamId !== undefined && answer.newMamId !== cookie.value;
			if (rotated) registerSecret(answer.newMamId);
			const alive = ALIVE.has(answer.outcome);
			const now = this.now();
			const message = scrubSecrets(answer.message, [cookie.value, answer.newMamId]);
			const version = await this.state.commit(label, (tx) => {
				// Already saved when the headers came in, unless the transport could not say so early.
				const version = rotated && tx.cookie() !== answer.newMamId ? tx.setCookie(answer.newMamId!, 'rotation', now) : (tx.record()?.version ?? cookie.version);
				const { in_flight: _answered, ...record } = tx.record()!;
				tx.setRecord({
					...record,
					last_check: { at: now.toISOString(), outcome: answer.outcome, message, ...mamSaw },
					last_confirmed_use: alive ? now.toISOString() : record.last_confirmed_use,
				});
				return version;
			});
			// Masking every cookie ever issued would grow without end (a thousand sessions rotate
			// daily). The one just replaced stays masked, since MAM may honour it a little longer;
			// the one replaced before it is forgotten. The config's stays masked: it is in the file.
			if (rotated) {
				const older = this.justReplaced.get(label);
				if (older !== undefined && older !== session.mam_id) unregisterSecret(older);
				this.justReplaced.set(label, cookie.value);
			}
			// Only a dead-cookie answer is explained by the lost one; any other answer speaks for itself.
			const interruptedAt = answer.outcome === 'invalid_session' && !rotated ? interrupted?.at : undefined;
			return {
				label,
				outcome: answer.outcome,
				alive,
				rotated,
				version,
				mamIdTail: cookieTail(rotated ? answer.newMamId : cookie.value),
				status: answer.status,
				message,
				retryAfterMs: answer.retryAfterMs,
				mamSaw,
				interruptedAt,
				problem: keepaliveProblem(label, session.keepalive, { outcome: answer.outcome, status: answer.status, message }, interruptedAt),
			};
		});
	}

	private mamFor(label: string): MamCalls {
		const mam = this.options.mam;
		return typeof mam === 'function' ? mam(label) : mam;
	}

	/**
	 * A keepalive, then what its answer means for the session's alert, as the rotation and the
	 * daily check both need it: a refusal raises `mam_session_invalid` (latched), an accepted
	 * answer clears it. `stepKey` makes the alert's event and notification those of one step.
	 */
	async keepaliveAndAlert(label: string, stepKey?: string): Promise<MamKeepaliveResult> {
		const keepalive = await this.keepalive(label);
		if (REFUSED.has(keepalive.outcome)) keepalive.invalidAlert = await this.raiseInvalid(label, keepalive, stepKey);
		else if (keepalive.alive) keepalive.recovered = await this.clearInvalid(label, stepKey);
		return keepalive;
	}

	/**
	 * Makes the session's Prowlarr hold the newest cookie. Reads the newest cookie under the
	 * session's push lock, so of two racing updates the later one writes the newer cookie (or
	 * finds it there). Skips the write when Prowlarr already holds it: a retry after a crash in
	 * the middle of the PUT sees the value and does not write again. Without forceSave, so
	 * Prowlarr tests the indexer and drops the cookie it cached from earlier searches.
	 */
	async pushToProwlarr(label: string, options: ProwlarrPushOptions = {}): Promise<ProwlarrPushResult> {
		const session = this.session(label);
		const service = this.prowlarrService(session);
		if (service === undefined) {
			throw new ConfigError(`The MAM session "${label}" feeds no Prowlarr (mam.sessions[].prowlarr is not set or not enabled).`, { service: PROWLARR.name });
		}
		const client = this.options.prowlarr(service);
		return this.pushLocks.run(label, async () => {
			const cookie = this.newestCookie(label);
			const indexer = await client.findMyAnonamouseIndexer();
			const current = await client.getIndexer(indexer.id);
			const held = ProwlarrClient.fieldValue(current, MAM_ID_FIELD);
			const record = this.state.record(label);
			const masked = typeof held === 'string' && MASKED_VALUE.test(held);
			const holdsNewest = masked ? record?.prowlarr?.fingerprint === cookie.fingerprint && record.prowlarr.indexer_id === indexer.id && record.prowlarr.service === service : held === cookie.value;
			let outcome: ProwlarrPushResult['outcome'] = 'unchanged';
			let test: ProwlarrPushResult['test'];
			if (!holdsNewest || options.force) {
				await client.updateIndexerField(indexer.id, MAM_ID_FIELD, cookie.value);
				outcome = 'updated';
				const after = ProwlarrClient.fieldValue(await client.getIndexer(indexer.id), MAM_ID_FIELD);
				if (!(typeof after === 'string' && MASKED_VALUE.test(after)) && after !== cookie.value) {
					// Someone else wrote in between; the retry writes ours again.
					throw new ServerError(`Prowlarr indexer ${indexer.id} does not hold the MAM ID just saved (it changed in between). Retrying.`, { service: PROWLARR.name });
				}
				// An unchanged definition is saved without a test, so the cached cookie would survive: test explicitly.
				if (options.force && holdsNewest) test = await client.testIndexer(indexer.id);
			}
			const confirmedAt = this.now().toISOString();
			await this.state.patch(label, (latest) => ({
				...latest,
				prowlarr: { service, indexer_id: indexer.id, fingerprint: cookie.fingerprint, version: cookie.version, confirmed_at: confirmedAt },
			}));
			return {
				label,
				outcome,
				service,
				prowlarrHost: this.prowlarrHost(service) ?? service,
				indexerId: indexer.id,
				indexerName: indexer.name ?? 'MyAnonamouse',
				version: cookie.version,
				mamIdTail: cookieTail(cookie.value),
				test,
			};
		});
	}

	/**
	 * Sends a notice through the channels its event rule names. Never throws; failures come back
	 * in the summaries. With a `key` (one per workflow step), a channel that already took the
	 * message under that key is not sent it again, and receivers get the key too.
	 */
	async notify(notice: MamNotice, key?: string): Promise<DeliverySummary[]> {
		const notifier = this.options.notifier;
		if (!notifier) return [];
		const session = this.session(notice.label);
		const cookie = this.state.cookie(notice.label);
		const message = buildMamMessage(notice, { mamId: cookie?.value ?? '', prowlarrHost: this.prowlarrHost(this.prowlarrService(session)), timeZone: this.config.timezone });
		if (key !== undefined) message.idempotencyKey = key;
		const results = await notifier.dispatch(message);
		return results.map(deliverySummary);
	}

	/** Expiry facts of a session with a creation time, as of `now`. */
	expiryOf(label: string, now: Date = this.now()): { created: string; expires: string; daysRemaining: number; today: string } | undefined {
		const session = this.session(label);
		const created = this.createdOf(session);
		if (created === undefined) return undefined;
		const expiry = sessionExpiry(new Date(created), session.lifetime_days, now, this.config.timezone);
		return { created, expires: expiry.expires.toISOString(), daysRemaining: expiry.daysRemaining, today: expiry.today };
	}

	/**
	 * The daily check of some sessions: keepalive (saving the rotated cookie), the invalid
	 * alert latch, and the expiry warning. Sessions are checked a few at a time; one failing
	 * does not stop the others.
	 */
	async checkSessions(labels: string[], now: Date, onProgress?: () => void, stepKey?: string): Promise<MamSessionCheckSummary[]> {
		const concurrency = this.options.checkConcurrency ?? DEFAULT_CHECK_CONCURRENCY;
		return mapWithConcurrency(labels, concurrency, async (label) => {
			try {
				return await this.checkOne(label, now, stepKey === undefined ? undefined : `${stepKey}/${label}`);
			} finally {
				onProgress?.();
			}
		});
	}

	private async checkOne(label: string, now: Date, stepKey?: string): Promise<MamSessionCheckSummary> {
		const session = this.session(label);
		const service = this.prowlarrService(session);
		const summary: MamSessionCheckSummary = { label, outcome: 'error', alive: false, rotated: false, needsPush: false, prowlarrService: service };
		try {
			const keepalive = await this.keepaliveAndAlert(label, stepKey);
			Object.assign(summary, {
				outcome: keepalive.outcome,
				alive: keepalive.alive,
				rotated: keepalive.rotated,
				version: keepalive.version,
				mamIdTail: keepalive.mamIdTail,
				message: keepalive.message,
				mamSaw: keepalive.mamSaw,
				problem: keepalive.problem?.message,
				interruptedAt: keepalive.interruptedAt,
				invalidAlert: keepalive.invalidAlert,
				recovered: keepalive.recovered,
			});
			await this.recordSafely({
				type: 'mam_keepalive',
				subject: label,
				ok: keepalive.alive,
				details: { outcome: keepalive.outcome, message: keepalive.message, rotated: keepalive.rotated, version: keepalive.version, mam_id_tail: keepalive.mamIdTail, mam_saw: keepalive.mamSaw, interrupted_at: keepalive.interruptedAt, trigger: 'session_check' },
			});
		} catch (error) {
			summary.error = failureSummary(error);
			summary.message = summary.error.message;
			await this.recordSafely({ type: 'mam_keepalive', subject: label, ok: false, details: { outcome: summary.outcome, message: summary.message, rotated: false, error: summary.error, trigger: 'session_check' } });
		}

		if (service !== undefined && summary.version !== undefined) {
			// A rotated cookie must reach Prowlarr even when MAM refused this call (the old one is dead now);
			// an older one Prowlarr never confirmed is pushed once MAM says it is good.
			summary.needsPush = summary.rotated || (summary.alive && !this.prowlarrInSync(label));
		}

		const expiry = this.expiryOf(label, now);
		if (expiry) {
			Object.assign(summary, { created: expiry.created, expires: expiry.expires, daysRemaining: expiry.daysRemaining });
			if (expiry.daysRemaining <= session.notify_before_days) summary.expiryWarning = await this.warnExpiry(label, expiry, stepKey);
		}
		return summary;
	}

	/** One warning per session per day: the day is marked `pending` before sending, so a crash in between sends it again rather than never. */
	private async warnExpiry(label: string, expiry: { created: string; expires: string; daysRemaining: number; today: string }, stepKey?: string): Promise<'sent' | 'already_sent' | 'failed'> {
		const send = await this.state.commit(label, (tx) => {
			const record = tx.record();
			if (!record) return false;
			if (record.expiry_warning?.day === expiry.today && record.expiry_warning.status === 'sent') return false;
			tx.setRecord({ ...record, expiry_warning: { day: expiry.today, status: 'pending' } });
			return true;
		});
		if (!send) return 'already_sent';
		const key = stepKey === undefined ? undefined : `${stepKey}/mam_session_expiry/${expiry.today}`;
		const deliveries = await this.notify({ kind: 'expiry', label, created: expiry.created, expires: expiry.expires, daysRemaining: expiry.daysRemaining }, key);
		const delivered = deliveries.length === 0 || deliveries.some((delivery) => delivery.ok);
		if (delivered) await this.state.patch(label, (record) => ({ ...record, expiry_warning: { day: expiry.today, status: 'sent' } }));
		await this.recordSafely({
			type: 'mam_session_expiry',
			subject: label,
			ok: delivered,
			details: { created: expiry.created, expires: expiry.expires, days_remaining: expiry.daysRemaining, day: expiry.today, deliveries },
			key,
		});
		return delivered ? 'sent' : 'failed';
	}

	/** The alert is latched: sent once, then not again until MAM accepts the session (or refuses it for another reason). */
	private async raiseInvalid(label: string, keepalive: MamKeepaliveResult, stepKey?: string): Promise<'sent' | 'already_sent' | 'failed'> {
		const reason = keepalive.outcome as MamRefusalName;
		const mamMessage = keepalive.message;
		const nowIso = this.now().toISOString();
		const send = await this.state.commit(label, (tx) => {
			const record = tx.record();
			if (!record) return false;
			const latched = record.invalid;
			if (latched && latched.reason === reason && latched.alert === 'sent') return false;
			tx.setRecord({ ...record, invalid: { since: latched?.reason === reason ? latched.since : nowIso, reason, message: mamMessage, alert: 'pending' } });
			return true;
		});
		if (!send) return 'already_sent';
		const key = stepKey === undefined ? undefined : `${stepKey}/mam_session_invalid`;
		const deliveries = await this.notify({ kind: 'invalid', label, reason, mamMessage, interruptedAt: keepalive.interruptedAt }, key);
		const delivered = deliveries.length === 0 || deliveries.some((delivery) => delivery.ok);
		if (delivered) await this.state.patch(label, (record) => (record.invalid ? { ...record, invalid: { ...record.invalid, alert: 'sent' } } : record));
		const kind = reason === 'wrong_session_type' ? 'session refused here (wrong type, IP or ASN)' : keepalive.interruptedAt ? 'cookie lost in an interrupted rotation' : 'dead cookie';
		await this.recordSafely({
			type: 'mam_session_invalid',
			subject: label,
			ok: false,
			details: { reason, message: mamMessage, kind, interrupted_at: keepalive.interruptedAt, fix: keepalive.problem?.fix, alerted: delivered, deliveries },
			key,
		});
		return delivered ? 'sent' : 'failed';
	}

	/** MAM accepts the session again: clear the latch and say so (at most once). */
	private async clearInvalid(label: string, stepKey?: string): Promise<boolean> {
		const cleared = await this.state.commit(label, (tx) => {
			const record = tx.record();
			if (!record?.invalid) return undefined;
			const { invalid, ...rest } = record;
			tx.setRecord(rest);
			return invalid;
		});
		if (!cleared) return false;
		const key = stepKey === undefined ? undefined : `${stepKey}/mam_session_recovered`;
		const deliveries = cleared.alert === 'sent' ? await this.notify({ kind: 'recovered', label }, key) : [];
		await this.recordSafely({
			type: 'mam_session_invalid',
			subject: label,
			ok: true,
			details: { resolved: true, reason: cleared.reason, since: cleared.since, deliveries },
			key,
		});
		return true;
	}

	/** Events record what happened; a failing event log must not undo a check that worked. */
	private async recordSafely(event: Parameters<EventLog['record']>[0]): Promise<void> {
		try {
			await this.options.events.record(event);
		} catch {
			// The event log is on the same disk as the state; the state write would have failed first.
		}
	}
}

/** MAM's `ip`, `ASN` and `AS` from an answer that has them (the dynamic seedbox call's). */
export function mamSawIn(data: unknown): MamSaw | undefined {
	if (!data || typeof data !== 'object') return undefined;
	const { ip, ASN, AS } = data as { ip?: unknown; ASN?: unknown; AS?: unknown };
	if (typeof ip !== 'string' || ip.trim() === '') return undefined;
	const saw: MamSaw = { ip: ip.trim() };
	if (typeof ASN === 'number' || (typeof ASN === 'string' && ASN.trim() !== '')) saw.asn = typeof ASN === 'string' ? ASN.trim() : ASN;
	if (typeof AS === 'string' && AS.trim() !== '') saw.as = AS.trim();
	return saw;
}

export function deliverySummary(result: ChannelResult): DeliverySummary {
	return {
		channel: result.channel,
		channelType: result.channelType,
		ok: result.ok,
		durationMs: result.durationMs,
		detail: result.detail,
		error: result.error?.message,
	};
}

export function failureSummary(error: unknown): FailureSummary {
	if (error instanceof ApplicationFailure) {
		// Rotations put the stage that failed (and the fix) in the failure's details.
		const detail = (error.details?.[0] ?? {}) as { stage?: FailureSummary['stage']; fix?: unknown };
		const summary: FailureSummary = { type: error.type ?? 'Error', message: error.message };
		if (detail.stage === 'mam' || detail.stage === 'cookie' || detail.stage === 'prowlarr') summary.stage = detail.stage;
		if (typeof detail.fix === 'string') summary.fix = detail.fix;
		return summary;
	}
	if (isMediastackError(error)) return { type: error.name, message: error.message };
	if (error instanceof Error) return { type: error.name || 'Error', message: error.message };
	return { type: 'Error', message: String(error) };
}
