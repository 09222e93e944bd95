import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import type { FakeProwlarr } from '../../../test/fakes/prowlarr';
import { validateConfig } from '../../src/config/load';
import type { MediastackConfig } from '../../src/config/schema';
import { MamEngine, MamSessionState, createMamClients } from '../../src/mam';
import { NotificationDispatcher } from '../../src/notify/dispatcher';
import { DeliveryLedger } from '../../src/notify/ledger';
import { createServices, Services } from '../../src/services';
import { EventLog, StateStore } from '../../src/state';

/** Shared setup for the MAM tests: a validated config pointing at the fakes, and the engine the runner would build. */

export interface SessionSpec {
	label: string;
	mamId: string;
	created?: string;
	lifetimeDays?: number;
	notifyBeforeDays?: number;
	prowlarr?: string | { service: string; enabled: boolean };
	keepalive?: 'dynamic_seedbox' | 'user_stats';
	/** `mam.sessions[].proxy` as written in the YAML. */
	proxy?: string | Record<string, unknown>;
}

export interface MamConfigOptions {
	dataDir: string;
	mam: Pick<FakeMyAnonamouse, 'url'>;
	sessions: SessionSpec[];
	/** Service name → fake. */
	prowlarr?: Record<string, Pick<FakeProwlarr, 'url' | 'apiKey'> & { timeoutMs?: number }>;
	notify?: Record<string, unknown>;
	timezone?: string;
	temporal?: Record<string, unknown>;
	api?: Record<string, unknown>;
	schedules?: Record<string, unknown>;
}

/** The config as YAML-parsed data (before validation), so it can be written to a file too. */
export function mamConfigData(options: MamConfigOptions): Record<string, unknown> {
	const services: Record<string, unknown> = {};
	for (const [name, fake] of Object.entries(options.prowlarr ?? {})) services[name] = { type: 'prowlarr', url: fake.url, api_key: fake.apiKey, timeout_ms: fake.timeoutMs ?? 5_000 };
	return {
		data_dir: options.dataDir,
		timezone: options.timezone ?? 'UTC',
		log_level: 'info',
		services,
		temporal: options.temporal,
		api: options.api,
		schedules: options.schedules,
		mam: {
			seedbox_url: options.mam.url,
			site_url: options.mam.url,
			timeout_ms: 5_000,
			sessions: options.sessions.map((session) => ({
				label: session.label,
				mam_id: session.mamId,
				created: session.created,
				lifetime_days: session.lifetimeDays,
				notify_before_days: session.notifyBeforeDays,
				keepalive: session.keepalive,
				prowlarr: session.prowlarr,
				proxy: session.proxy,
			})),
		},
		notify: options.notify,
	};
}

export function mamConfig(options: MamConfigOptions): MediastackConfig {
	return validateConfig(JSON.parse(JSON.stringify(mamConfigData(options))), { env: {}, baseDir: options.dataDir });
}

export interface EngineRig {
	engine: MamEngine;
	store: StateStore;
	state: MamSessionState;
	events: EventLog;
	services: Services;
	notifier?: NotificationDispatcher;
	close(): void;
}

/** The engine as the runner builds it: real state, event log, HTTP clients and notification channels. */
export async function createEngineRig(config: MediastackConfig, options: { now?: () => Date; checkConcurrency?: number } = {}): Promise<EngineRig> {
	const store = await StateStore.open(config.data_dir, { env: {} });
	const events = await EventLog.open(config.data_dir);
	const services = createServices(config);
	// Per session, as the runner builds them: a session's proxy carries its calls.
	const mamClients = createMamClients(config);
	const ledger = await DeliveryLedger.open(config.data_dir);
	const notifier = config.notify
		? NotificationDispatcher.fromConfig(config.notify, {
				ledger,
				onFailure: async (channel, error, message) => {
					await events.record({ type: 'notify_failed', subject: channel, ok: false, details: { event: message.event, channel, error: error.toJSON() } });
				},
			})
		: undefined;
	const state = new MamSessionState(store);
	const engine = new MamEngine({
		config,
		state,
		prowlarr: (name) => services.prowlarr(name),
		mam: (label) => mamClients.forSession(label),
		events,
		notifier,
		now: options.now,
		checkConcurrency: options.checkConcurrency,
	});
	return {
		engine,
		store,
		state,
		events,
		services,
		notifier,
		close() {
			services.close();
			mamClients.close();
			notifier?.close();
		},
	};
}

/** Every regular file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const file = path.join(dir, name);
		const stat = statOrUndefined(file);
		if (stat?.isDirectory()) out.push(...filesUnder(file));
		else if (stat?.isFile()) out.push(file);
	}
	return out;
}

/** The files under `dir` whose raw bytes contain `needle` (as UTF-8). Files that vanish meanwhile (SQLite journals) are skipped. */
export function filesContaining(dir: string, needle: string): string[] {
	const bytes = Buffer.from(needle, 'utf8');
	return filesUnder(dir).filter((file) => readOrUndefined(file)?.includes(bytes) ?? false);
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
	try {
		return statSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

function readOrUndefined(file: string): Buffer | undefined {
	try {
		return readFileSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

export function daysAgo(days: number, from = new Date()): string {
	return new Date(from.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 50): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, stepMs));
	}
}
