import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { isMediastackError } from '../../../clients/core/errors';
import { describeProxy, isParsedProxy, parseProxy } from '../../../clients/core/proxy';
import type { MamSessionConfig, MediastackConfig } from '../config/schema';
import type { Logger } from '../log';
import type { Services } from '../services';
import type { EventLog } from '../state/events';
import { mamProwlarrSyncWorkflowId } from '../workflows/mam';
import type { DeliverySummary, FailureSummary, MamRotationInput, MamRotationResult, MamRotationSource, MamSessionCheckInput, MamSessionCheckResult } from '../workflows/types';
import { MamEngine, MamNotifier, deliverySummary, failureSummary } from './engine';
import { cookieTail } from './fingerprint';
import { buildMamMessage } from './messages';

/**
 * What the API (and through it the CLI) can do with MAM sessions while the runner runs. Work
 * that talks to MAM or Prowlarr runs as workflows on the runner's own worker, so it is
 * retried, survives restarts and shows up in the Temporal Web UI; only saving a pasted cookie
 * happens directly, because it must be on disk before anything else.
 */
export interface MamServiceOptions {
	config: MediastackConfig;
	engine: MamEngine;
	client: Client;
	taskQueue: string;
	services: Pick<Services, 'prowlarr' | 'names'>;
	events: Pick<EventLog, 'record'>;
	notifier?: MamNotifier;
	logger: Logger;
	/** How long an API call waits for a rotation or check before answering with just the workflow id. */
	waitMs?: number;
}

export interface WorkflowOutcome<T> {
	workflowId: string;
	/** False when the workflow still runs after the wait (Prowlarr down: it keeps retrying). */
	done: boolean;
	result?: T;
	error?: FailureSummary;
}

export interface SessionView {
	label: string;
	/** `...` + the last 8 characters of the newest cookie. */
	mam_id: string;
	version?: number;
	source?: string;
	saved_at?: string;
	created?: string;
	expires?: string;
	days_remaining?: number;
	lifetime_days: number;
	notify_before_days: number;
	keepalive: string;
	/** The proxy the session's MAM calls go through (no password); absent when they go direct. */
	proxy?: string;
	prowlarr: { service?: string; enabled: boolean; version?: number; confirmed_at?: string; in_sync: boolean } | null;
	/** `ip`, `asn`, `as`: where MAM saw the last check come from, so a wrong exit shows. */
	last_check?: { at: string; outcome: string; message?: string; ip?: string; asn?: number | string; as?: string };
	last_confirmed_use?: string;
	invalid?: { since: string; reason: string; message?: string; alerted: boolean };
}

const DEFAULT_WAIT_MS = 30_000;

export class MamService {
	readonly engine: MamEngine;
	private readonly options: MamServiceOptions;

	constructor(options: MamServiceOptions) {
		this.options = options;
		this.engine = options.engine;
	}

	hasSession(label: string): boolean {
		return this.engine.hasSession(label);
	}

	/** Every configured session as the API shows it: no cookie, only its last 8 characters. */
	listSessions(now: Date = new Date()): SessionView[] {
		return this.engine.sessions.map((session) => {
			const record = this.engine.state.record(session.label);
			const cookie = this.engine.state.cookie(session.label);
			const expiry = this.engine.expiryOf(session.label, now);
			const service = session.prowlarr?.service;
			return {
				label: session.label,
				mam_id: cookieTail(cookie?.value ?? session.mam_id),
				version: record?.version,
				source: record?.source,
				saved_at: record?.saved_at,
				created: expiry?.created,
				expires: expiry?.expires,
				days_remaining: expiry?.daysRemaining,
				lifetime_days: session.lifetime_days,
				notify_before_days: session.notify_before_days,
				keepalive: session.keepalive,
				proxy: shownProxy(session.proxy),
				prowlarr: session.prowlarr
					? {
							service,
							enabled: session.prowlarr.enabled,
							version: record?.prowlarr?.version,
							confirmed_at: record?.prowlarr?.confirmed_at,
							// Confirmed for the service it feeds now; a switched-off one by what it last got.
							in_sync: session.prowlarr.enabled ? this.engine.prowlarrInSync(session.label) : record !== undefined && record.prowlarr?.fingerprint === record.fingerprint,
						}
					: null,
				last_check: record?.last_check,
				last_confirmed_use: record?.last_confirmed_use,
				invalid: record?.invalid ? { since: record.invalid.since, reason: record.invalid.reason, message: record.invalid.message, alerted: record.invalid.alert === 'sent' } : undefined,
			};
		});
	}

	/**
	 * Adopts config cookies that are new or changed since the last start, then brings every
	 * Prowlarr that is not confirmed to hold its session's newest cookie up to date (source
	 * `config` for a cookie just adopted, `sync` otherwise: say a push failed on a wrong API key
	 * that has been fixed since). Unchanged config values never replace a newer rotated cookie.
	 * Logs only what changed.
	 */
	async reconcileAtStart(): Promise<Array<{ label: string; outcome: string; version: number; workflowId?: string }>> {
		const adoptions = await this.engine.reconcileConfig();
		const out: Array<{ label: string; outcome: string; version: number; workflowId?: string }> = [];
		for (const adoption of adoptions) {
			const entry: { label: string; outcome: string; version: number; workflowId?: string } = { label: adoption.label, outcome: adoption.outcome, version: adoption.version };
			const adopted = adoption.outcome !== 'unchanged';
			if (!this.engine.prowlarrInSync(adoption.label)) {
				entry.workflowId = (await this.syncProwlarr(adoption.label, adopted ? 'config' : 'sync')).workflowId;
			}
			const log = { component: 'mam', label: adoption.label, version: adoption.version, prowlarr_sync: entry.workflowId };
			if (adopted) this.options.logger.info({ ...log, adopted: adoption.outcome }, adoption.outcome === 'new' ? 'MAM session adopted from the config' : 'MAM session: new mam_id adopted from the config');
			else if (adoption.createdChanged) this.options.logger.info({ ...log, created: this.engine.createdOf(this.engine.session(adoption.label)) }, 'MAM session: created date taken from the config');
			if (!adopted && entry.workflowId !== undefined) this.options.logger.info(log, 'MAM session: Prowlarr is not confirmed to hold the newest mam_id; pushing it');
			out.push(entry);
		}
		return out;
	}

	async startRotation(input: MamRotationInput): Promise<WorkflowHandle> {
		const workflowId = `mam-rotation-${input.label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
		return this.options.client.workflow.start('mamRotation', { taskQueue: this.options.taskQueue, workflowId, args: [input] });
	}

	/**
	 * Pushes the saved cookie to the session's Prowlarr through the session's one sync workflow
	 * (`mam-prowlarr-sync-<label>`): when one is already running (Prowlarr down, retrying), that
	 * one is returned instead of starting another; it reads the newest cookie when it pushes.
	 */
	async syncProwlarr(label: string, source: 'config' | 'sync' | 'manual' = 'sync'): Promise<WorkflowHandle> {
		return this.options.client.workflow.start('mamRotation', {
			taskQueue: this.options.taskQueue,
			workflowId: mamProwlarrSyncWorkflowId(label),
			workflowIdConflictPolicy: 'USE_EXISTING',
			args: [{ label, source } satisfies MamRotationInput],
		});
	}

	/**
	 * MouseTrap's "update Prowlarr": pushes the cookie pasted with set-id when Prowlarr has not
	 * confirmed it yet (source manual), otherwise gets a fresh one from MAM (keepalive) and
	 * pushes that; `force` writes it even when Prowlarr already holds it.
	 */
	async updateProwlarr(label: string, force: boolean, waitMs = this.waitMs): Promise<WorkflowOutcome<MamRotationResult> & { source: MamRotationSource }> {
		const record = this.engine.state.record(label);
		const pastedAndNotPushed = record?.source === 'manual' && record.prowlarr?.fingerprint !== record.fingerprint;
		const source: MamRotationSource = pastedAndNotPushed ? 'manual' : 'keepalive';
		const handle = await this.startRotation({ label, source, force });
		return { source, ...(await this.waitFor<MamRotationResult>(handle, waitMs)) };
	}

	/**
	 * Saves a pasted cookie first (encrypted, on disk), then, if it differs from the one the
	 * state holds, starts a rotation (source manual) to push it to Prowlarr; an unchanged one is
	 * pushed too when Prowlarr is not confirmed to hold it (through the session's sync workflow).
	 */
	async setMamId(label: string, mamId: string, created: Date | undefined, waitMs = this.waitMs): Promise<{ changed: boolean; version: number; mamIdTail: string; created?: string; rotation?: WorkflowOutcome<MamRotationResult> }> {
		const saved = await this.engine.setMamId(label, mamId, created);
		await this.options.events.record({ type: 'mam_id_set', subject: label, ok: true, details: { changed: saved.changed, version: saved.version, mam_id_tail: saved.mamIdTail, created: saved.created } });
		if (this.engine.prowlarrService(this.engine.session(label)) === undefined) return saved;
		if (!saved.changed && this.engine.prowlarrInSync(label)) return saved;
		const handle = saved.changed ? await this.startRotation({ label, source: 'manual' }) : await this.syncProwlarr(label, 'manual');
		return { ...saved, rotation: await this.waitFor<MamRotationResult>(handle, waitMs) };
	}

	/** Runs the session check now (all sessions or the named ones) and waits for its summary. */
	async check(labels: string[] | undefined, waitMs = Math.max(this.waitMs, 120_000)): Promise<WorkflowOutcome<MamSessionCheckResult>> {
		const input: MamSessionCheckInput = labels && labels.length ? { labels } : {};
		const handle = await this.options.client.workflow.start('mamSessionCheck', {
			taskQueue: this.options.taskQueue,
			workflowId: `mam-session-check-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
			args: [input],
		});
		return this.waitFor<MamSessionCheckResult>(handle, waitMs);
	}

	/**
	 * Prowlarr's connection test for a session's Prowlarr (or the only one): the API key, then
	 * the MyAnonamouse indexer. Records `prowlarr_test` and `prowlarr_find_indexer` events.
	 */
	async testProwlarr(label: string | undefined): Promise<Record<string, unknown>> {
		let service: string;
		if (label !== undefined) {
			const session = this.engine.session(label);
			if (!session.prowlarr) return { ok: false, success: false, label, message: `The MAM session "${label}" feeds no Prowlarr (mam.sessions[].prowlarr is not set).` };
			service = session.prowlarr.service;
		} else {
			const fed = this.engine.sessions.map((session) => this.engine.prowlarrService(session)).filter((name): name is string => name !== undefined);
			const names = this.options.services.names('prowlarr');
			service = fed[0] ?? names[0] ?? '';
			if (!service) return { ok: false, success: false, message: 'No Prowlarr is configured (services.<name> with type: prowlarr).' };
		}
		const client = this.options.services.prowlarr(service);
		const host = this.engine.prowlarrHost(service);
		const subject = label ?? service;
		let version: string | undefined;
		try {
			version = (await client.getSystemStatus()).version;
		} catch (error) {
			const failure = errorDetails(error);
			await this.record({ type: 'prowlarr_test', subject, ok: false, details: { service, prowlarr_host: host, error: failure } });
			return { ok: false, success: false, label, service, prowlarr_host: host, message: failure.message, error: failure };
		}
		await this.record({ type: 'prowlarr_test', subject, ok: true, details: { service, prowlarr_host: host, version } });
		try {
			const indexer = await client.findMyAnonamouseIndexer();
			await this.record({ type: 'prowlarr_find_indexer', subject, ok: true, details: { service, indexer_id: indexer.id, indexer_name: indexer.name } });
			return {
				ok: true,
				success: true,
				message: `Connection successful; MyAnonamouse indexer found (id ${indexer.id})`,
				label,
				service,
				prowlarr_host: host,
				version,
				indexer_id: indexer.id,
				indexer_name: indexer.name ?? 'MyAnonamouse',
			};
		} catch (error) {
			const failure = errorDetails(error);
			await this.record({ type: 'prowlarr_find_indexer', subject, ok: false, details: { service, error: failure } });
			return { ok: false, success: false, label, service, prowlarr_host: host, version, message: failure.message, error: failure };
		}
	}

	/** Sends the session's expiry warning now through the channels of its event rule, whatever its days remaining. */
	async testExpiryNotification(label: string, now: Date = new Date()): Promise<{ created: string; expires: string; days_remaining: number; deliveries: DeliverySummary[] } | undefined> {
		const expiry = this.engine.expiryOf(label, now);
		if (!expiry) return undefined;
		const session = this.engine.session(label);
		const cookie = this.engine.state.cookie(label);
		const message = buildMamMessage(
			{ kind: 'expiry', label, created: expiry.created, expires: expiry.expires, daysRemaining: expiry.daysRemaining },
			{ mamId: cookie?.value ?? session.mam_id, prowlarrHost: this.engine.prowlarrHost(this.engine.prowlarrService(session)), timeZone: this.options.config.timezone },
		);
		const deliveries = this.options.notifier ? (await this.options.notifier.dispatch(message)).map(deliverySummary) : [];
		await this.record({ type: 'notify_test', subject: label, ok: deliveries.every((delivery) => delivery.ok), details: { event: message.event, deliveries } });
		return { created: expiry.created, expires: expiry.expires, days_remaining: expiry.daysRemaining, deliveries };
	}

	private get waitMs(): number {
		return this.options.waitMs ?? DEFAULT_WAIT_MS;
	}

	private async waitFor<T>(handle: WorkflowHandle, waitMs: number): Promise<WorkflowOutcome<T>> {
		const timeout = Symbol('timeout');
		const controller = new AbortController();
		try {
			const outcome = await Promise.race([handle.result() as Promise<T>, sleep(waitMs, timeout, { signal: controller.signal })]);
			if (outcome === timeout) return { workflowId: handle.workflowId, done: false };
			return { workflowId: handle.workflowId, done: true, result: outcome as T };
		} catch (error) {
			if (error instanceof WorkflowFailedError) return { workflowId: handle.workflowId, done: true, error: failureSummary(error.cause ?? error) };
			throw error;
		} finally {
			controller.abort();
		}
	}

	private async record(event: Parameters<EventLog['record']>[0]): Promise<void> {
		try {
			await this.options.events.record(event);
		} catch (error) {
			this.options.logger.warn({ component: 'mam', type: event.type, err: error }, 'could not record an event');
		}
	}
}

function shownProxy(proxy: MamSessionConfig['proxy']): string | undefined {
	if (!proxy) return undefined;
	const parsed = parseProxy(proxy);
	return isParsedProxy(parsed) ? describeProxy(parsed) : undefined;
}

function errorDetails(error: unknown): { type: string; message: string; fix?: string } {
	if (isMediastackError(error)) return { type: error.name, message: error.message, fix: error.fix };
	return failureSummary(error);
}
