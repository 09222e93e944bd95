import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { redactUrl } from '../../clients/core/redact';
import { createActivities } from './activities';
import { ApiServer, startApiServer } from './api/server';
import { AppliedOverride, FlagOverrides, MediastackConfig, configSecrets, loadConfig, settingRef } from './config';
import type { Logger } from './log';
import { MamEngine, MamService, MamSessionState, createMamClients } from './mam';
import { NotificationDispatcher } from './notify/dispatcher';
import { DeliveryLedger } from './notify/ledger';
import { apiListenSettings } from './ports';
import { checkListeners, describeBinary, embeddedSettings, prepareDataDir } from './preflight';
import { Services, createServices } from './services';
import { EventLog, StateStore, registerSecret } from './state';
import { findTemporalBinary } from './temporal/binary';
import { TemporalConnectionSettings, connectClient, connectWorker } from './temporal/connection';
import { DevServer, startDevServer } from './temporal/dev-server';
import { FileLock, acquireFileLock } from './temporal/lock';
import { installTemporalRuntime } from './temporal/runtime';
import { ScheduleResult, applySchedules } from './temporal/schedules';
import { createWorker, workflowSource } from './worker';

export interface StartRunnerOptions {
	configPath?: string;
	logger: Logger;
	/** Environment for config substitution and the MEDIASTACK_*_PORT overrides; defaults to process.env. */
	env?: NodeJS.ProcessEnv;
	/** `--api-port` and friends from the command line. */
	flags?: FlagOverrides;
}

export interface RunnerHandle {
	/** Stops the API, the worker, the connections, then the embedded server. Safe to call twice. */
	stop(): Promise<void>;
	temporalAddress: string;
	/** The embedded server's Web UI; undefined with an external server. */
	webUiUrl?: string;
	/** undefined when `api.enabled` is false. */
	apiUrl?: string;
	configPath?: string;
	/** The health summary the API serves (for the CLI and tests). */
	health(): Promise<RunnerHealth>;
}

export interface RunnerHealth extends Record<string, unknown> {
	/** The runner itself: worker polling and Temporal reachable. A failing service does not change it. */
	ok: boolean;
	temporal: { address: string; namespace: string; taskQueue: string; embedded: boolean; webUiUrl?: string; reachable: boolean; error?: string };
	worker: { state: string; workflows: 'bundle' | 'path'; error?: string };
	schedules: Array<ScheduleResult & { paused?: boolean; nextRunAt?: string; error?: string }>;
	services: Array<{ name: string; type: string; url: string; lastCheck?: { ok: boolean; time: string; error?: unknown } }>;
}

/** One step of the shutdown, registered as each part starts so a failed start undoes only what it did. */
type Closer = { name: string; close: () => Promise<void> | void };

/**
 * Starts everything the runner does: config → state and events → Temporal (the embedded dev
 * server when `temporal.address` is empty) → the worker in the background → schedules → the
 * API. Logs progress, never secrets.
 */
export async function startRunner(options: StartRunnerOptions): Promise<RunnerHandle> {
	const started = Date.now();
	const logger = options.logger.child({ component: 'runner' });
	const closers: Closer[] = [];
	const closeAll = async (): Promise<void> => {
		let firstError: unknown;
		for (const closer of closers.splice(0).reverse()) {
			try {
				await closer.close();
				logger.debug({ step: closer.name }, 'stopped');
			} catch (error) {
				firstError ??= error;
				logger.error({ err: error, step: closer.name }, 'stopping failed; continuing with the rest');
			}
		}
		if (firstError !== undefined) throw firstError;
	};

	try {
		const loaded = await loadConfig({ path: options.configPath, env: options.env, flags: options.flags });
		const config = loaded.config;
		for (const secret of configSecrets(config)) registerSecret(secret);
		logger.info({ config: loaded.path ?? '(none: defaults)', dataDir: config.data_dir }, 'config loaded');

		prepareDataDir(config.data_dir);
		const lock: FileLock = acquireFileLock(path.join(config.data_dir, 'runner.lock'), { description: `The data dir ${config.data_dir}` });
		closers.push({ name: 'lock', close: () => lock.release() });
		// Before anything heavy: a busy port or a missing address is known in milliseconds, not after Temporal started.
		await checkListeners(config, loaded.overrides);

		const state = await StateStore.open(config.data_dir);
		const events = await EventLog.open(config.data_dir);

		const releaseRuntime = installTemporalRuntime(options.logger);
		if (releaseRuntime) closers.push({ name: 'Temporal runtime', close: releaseRuntime });
		const temporal = await startTemporal(config, loaded.overrides, options.logger, closers);

		// The client first: it fails within seconds on an address that does not answer, the worker's connection only after ~30 s.
		const { connection, client } = await connectClient(temporal.settings);
		closers.push({ name: 'client connection', close: () => connection.close() });
		const nativeConnection = await connectWorker(temporal.settings);
		closers.push({ name: 'worker connection', close: () => nativeConnection.close() });

		const services = createServices(config);
		closers.push({ name: 'services', close: () => services.close() });
		const notifier = createNotifier(config, events, await DeliveryLedger.open(config.data_dir), logger);
		if (notifier) closers.push({ name: 'notification channels', close: () => notifier.close() });
		// Per session: a session with a proxy sends its MAM calls through it.
		const mamClients = createMamClients(config);
		closers.push({ name: 'MyAnonamouse connections', close: () => mamClients.close() });
		const engine = new MamEngine({
			config,
			state: new MamSessionState(state),
			prowlarr: (name) => services.prowlarr(name),
			mam: (label) => mamClients.forSession(label),
			events,
			notifier,
		});
		const mam = new MamService({ config, engine, client, taskQueue: config.temporal.task_queue, services, events, notifier, logger: options.logger });
		// Before the worker takes work: a scheduled check must see the config's new cookies. The
		// rotations that push them wait in the task queue until the worker polls.
		await mam.reconcileAtStart();

		const source = workflowSource();
		const worker = await createWorker({
			connection: nativeConnection,
			namespace: config.temporal.namespace,
			taskQueue: config.temporal.task_queue,
			activities: createActivities({ config, services, events, state, mam: engine }),
			workflows: source.options,
		});
		const workerRun = runInBackground(worker, logger);
		closers.push({ name: 'worker', close: () => workerRun.stop() });
		logger.info({ taskQueue: config.temporal.task_queue, workflows: source.kind }, 'worker running');

		const schedules = await applySchedules(client, config);
		for (const schedule of schedules) logger.info(schedule, 'schedule applied');

		const health = (): Promise<RunnerHealth> =>
			runnerHealth({ config, temporal, connection, client, worker, workerRun, workflowSource: source.kind, schedules, services, events });

		let api: ApiServer | undefined;
		if (config.api.enabled) {
			api = await startApiServer({ config, state, events, health, logger: options.logger, mam, listenSettings: apiListenSettings(settingRef(loaded.overrides, 'api.port')) });
			closers.push({ name: 'api', close: () => api!.close() });
		}

		logger.info({ ms: Date.now() - started, temporal: temporal.address, webUi: temporal.webUiUrl, api: api?.url }, 'runner started');
		let stopping: Promise<void> | undefined;
		return {
			temporalAddress: temporal.address,
			webUiUrl: temporal.webUiUrl,
			apiUrl: api?.url,
			configPath: loaded.path,
			health,
			stop() {
				stopping ??= (async () => {
					const stopStarted = Date.now();
					logger.info('stopping');
					await closeAll();
					logger.info({ ms: Date.now() - stopStarted }, 'stopped');
				})();
				return stopping;
			},
		};
	} catch (error) {
		await closeAll().catch(() => undefined);
		throw error;
	}
}

/** The notification channels of the config; each failed delivery becomes a `notify_failed` event. */
function createNotifier(config: MediastackConfig, events: EventLog, ledger: DeliveryLedger, logger: Logger): NotificationDispatcher | undefined {
	if (!config.notify || Object.keys(config.notify.channels).length === 0) return undefined;
	return NotificationDispatcher.fromConfig(config.notify, {
		logger: logger.child({ component: 'notify' }),
		ledger,
		onFailure: async (channel, error, message) => {
			await events.record({ type: 'notify_failed', subject: channel, ok: false, details: { event: message.event, channel, error: error.toJSON() } });
		},
	});
}

interface TemporalEndpoint {
	address: string;
	settings: TemporalConnectionSettings;
	embedded: boolean;
	webUiUrl?: string;
	server?: DevServer;
}

async function startTemporal(config: MediastackConfig, overrides: AppliedOverride[], logger: Logger, closers: Closer[]): Promise<TemporalEndpoint> {
	if (config.temporal.address) {
		logger.info({ component: 'runner', address: config.temporal.address, namespace: config.temporal.namespace }, 'using the Temporal server at temporal.address');
		return { address: config.temporal.address, settings: config.temporal, embedded: false };
	}
	if (config.temporal.api_key || config.temporal.tls?.enabled) {
		logger.warn({ component: 'runner' }, 'temporal.api_key and temporal.tls apply to an external server (temporal.address); the embedded server ignores them');
	}
	const embedded = config.temporal.embedded;
	const binary = findTemporalBinary({ configured: embedded.binary });
	logger.info({ component: 'runner', binary: binary.path, found: binary.source }, 'starting the embedded Temporal server');
	const server = await startDevServer({
		binary: binary.path,
		dataDir: config.data_dir,
		namespace: config.temporal.namespace,
		ip: embedded.ip,
		port: embedded.port,
		uiPort: embedded.ui_port,
		logger: logger.child({ component: 'temporal-server' }),
		settings: embeddedSettings(overrides),
		...describeBinary(binary),
	});
	closers.push({ name: 'embedded Temporal server', close: () => server.stop() });
	// Plain local gRPC: an API key would switch the SDK to TLS, which the dev server does not speak.
	const settings = { address: server.address, namespace: config.temporal.namespace };
	return { address: server.address, settings, embedded: true, webUiUrl: server.webUiUrl, server };
}

interface BackgroundWorker {
	/** Set when run() ended with an error (for health). */
	readonly error: Error | undefined;
	stop(): Promise<void>;
}

function runInBackground(worker: Worker, logger: Logger): BackgroundWorker {
	let failure: Error | undefined;
	const running = worker.run().catch((error: unknown) => {
		failure = error instanceof Error ? error : new Error(String(error));
		logger.error({ err: failure }, 'the Temporal worker stopped with an error; workflows will not run until the runner is restarted');
	});
	return {
		get error() {
			return failure;
		},
		async stop() {
			if (worker.getState() === 'RUNNING') worker.shutdown();
			await running;
		},
	};
}

interface HealthInputs {
	config: MediastackConfig;
	temporal: TemporalEndpoint;
	connection: Connection;
	client: Client;
	worker: Worker;
	workerRun: BackgroundWorker;
	workflowSource: 'bundle' | 'path';
	schedules: ScheduleResult[];
	services: Services;
	events: EventLog;
}

async function runnerHealth(inputs: HealthInputs): Promise<RunnerHealth> {
	const { config, temporal, connection, client, worker, workerRun } = inputs;
	let reachable = true;
	let temporalError: string | undefined;
	try {
		await connection.withDeadline(Date.now() + 3_000, () => connection.workflowService.getSystemInfo({}));
	} catch (error) {
		reachable = false;
		temporalError = error instanceof Error ? error.message : String(error);
	}

	const schedules = await Promise.all(
		inputs.schedules.map(async (schedule) => {
			if (!reachable || schedule.outcome === 'absent') return schedule;
			try {
				const description = await client.schedule.getHandle(schedule.id).describe();
				return { ...schedule, paused: description.state.paused, nextRunAt: description.info.nextActionTimes[0]?.toISOString() };
			} catch (error) {
				return { ...schedule, error: error instanceof Error ? error.message : String(error) };
			}
		}),
	);

	const lastChecks = await inputs.events.query({ type: 'service_health' }).catch(() => []);
	const services = Object.entries(config.services).map(([name, service]) => {
		const last = lastChecks.find((event) => event.subject === name);
		return {
			name,
			type: service.type,
			url: redactUrl(service.url),
			lastCheck: last ? { ok: last.ok, time: last.time, error: last.details?.error } : undefined,
		};
	});

	const state = worker.getState();
	return {
		ok: reachable && state === 'RUNNING',
		temporal: {
			address: temporal.address,
			namespace: config.temporal.namespace,
			taskQueue: config.temporal.task_queue,
			embedded: temporal.embedded,
			webUiUrl: temporal.webUiUrl,
			reachable,
			error: temporalError,
		},
		worker: { state, workflows: inputs.workflowSource, error: workerRun.error?.message },
		schedules,
		services,
	};
}
