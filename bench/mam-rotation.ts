/**
 * One MAM cookie rotation end to end, through the real `mamRotation` workflow on a real
 * Temporal dev server (started here on free ports, in a temp data dir): keepalive call to the
 * fake MAM → rotated cookie saved in the encrypted state → Prowlarr (fake) updated and read
 * back → `prowlarr_auto_update` notification through a webhook channel to a local receiver.
 *
 * Baseline, in the same run and taking turns with the workflow: the same HTTP calls made
 * directly with the clients (MAM keepalive; Prowlarr list, GET, GET + PUT, GET, as the engine
 * makes them; the webhook POST) plus the encrypted state write, without Temporal. Temporal's
 * overhead is the workflow's median minus the baseline's; target under 100 ms per rotation.
 * A third series calls the engine itself without Temporal (the activities' bodies one after
 * another), which splits that overhead into the engine's own work (two events, a second state
 * write) and Temporal's.
 *
 * The shared set-up (dev server, worker, webhook receiver) is exported for mam-session-check.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, WorkflowBundleWithSourceMap, bundleWorkflowCode } from '@temporalio/worker';
import { MYANONAMOUSE, MyAnonamouseClient } from '../clients/myanonamouse/client';
import type { NotificationMessage } from '../clients/notify/types';
import { WEBHOOK, WebhookNotifier } from '../clients/notify/webhook';
import { MAM_ID_FIELD, PROWLARR, ProwlarrClient } from '../clients/prowlarr/client';
import { FakeMyAnonamouse, startFakeMyAnonamouse } from '../test/fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../test/fakes/prowlarr';
import { LoopbackListener, readBody } from '../test/support/loopback';
import { createActivities } from '../worker/src/activities';
import { configSecrets, validateConfig } from '../worker/src/config/load';
import type { MediastackConfig } from '../worker/src/config/schema';
import { createAxiosTransport } from '../worker/src/http/transport';
import { MamEngine, MamSessionState } from '../worker/src/mam';
import { NotificationDispatcher } from '../worker/src/notify/dispatcher';
import { Services, createServices } from '../worker/src/services';
import { EventLog, StateStore, registerSecret } from '../worker/src/state';
import { findTemporalBinary } from '../worker/src/temporal/binary';
import { connectClient, connectWorker } from '../worker/src/temporal/connection';
import { startDevServer } from '../worker/src/temporal/dev-server';
import { createWorker, workflowsEntry } from '../worker/src/worker';
import type { MamRotationInput, MamRotationResult } from '../worker/src/workflows/types';
import { BenchResult, median, percentile } from './stats';

const WARMUP_ROTATIONS = 8;
const TIMED_ROTATIONS = 30;
const TARGET_OVERHEAD_MS = 100;

// ---------------------------------------------------------------- shared set-up

export interface BenchTemporal {
	client: Client;
	nativeConnection: NativeConnection;
	close(): Promise<void>;
}

/** The SDK's per-attempt warnings would drown the figures; errors still print. */
function quietTemporalRuntime(): void {
	try {
		Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
	} catch {
		// Installed already (the other MAM benchmark ran first in this process).
	}
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per process from the sources (webpack takes seconds; not timed). */
function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
	const silent = () => undefined;
	bundle ??= bundleWorkflowCode({
		workflowsPath: workflowsEntry(),
		logger: { log: silent, trace: silent, debug: silent, info: silent, warn: (message: string) => console.warn(message), error: (message: string) => console.error(message) },
	});
	return bundle;
}

/** A Temporal dev server of our own (the runner's dev-server module, free ports, temp data dir) and connections to it. */
export async function startBenchTemporal(): Promise<BenchTemporal> {
	quietTemporalRuntime();
	const dataDir = mkdtempSync(join(tmpdir(), 'bench-mam-temporal-'));
	const server = await startDevServer({ binary: findTemporalBinary().path, dataDir, namespace: 'default', port: 0, uiPort: 0 });
	let nativeConnection: NativeConnection | undefined;
	let connection: Connection | undefined;
	try {
		nativeConnection = await connectWorker({ address: server.address, namespace: 'default' });
		const connected = await connectClient({ address: server.address, namespace: 'default' });
		connection = connected.connection;
		const openConnection = connection;
		const openNative = nativeConnection;
		return {
			client: connected.client,
			nativeConnection,
			async close() {
				await openConnection.close();
				await openNative.close();
				await server.stop();
				rmSync(dataDir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await connection?.close();
		await nativeConnection?.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
}

/** A local webhook receiver: answers 200 to every POST and counts the JSON payloads by event. */
export interface WebhookReceiver {
	url: string;
	received: Map<string, number>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const received = new Map<string, number>();
	const listener = new LoopbackListener('webhook receiver', async (request, response) => {
		const body = await readBody(request);
		if (request.method !== 'POST') {
			response.writeHead(405).end();
			return;
		}
		const event = (JSON.parse(body) as { event?: string }).event ?? '?';
		received.set(event, (received.get(event) ?? 0) + 1);
		response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
	});
	await listener.start();
	return { url: `${listener.url}/hooks/mediastack`, received, close: () => listener.stop() };
}

/** The runner's MAM half as startRunner builds it (state, events, clients, channels, engine), with a worker on its own task queue. */
export interface BenchRunner {
	config: MediastackConfig;
	engine: MamEngine;
	store: StateStore;
	events: EventLog;
	services: Services;
	taskQueue: string;
	close(): Promise<void>;
}

export async function startBenchRunner(config: MediastackConfig, temporal: BenchTemporal, taskQueue: string): Promise<BenchRunner> {
	for (const secret of configSecrets(config)) registerSecret(secret);
	const store = await StateStore.open(config.data_dir, { env: {} });
	const events = await EventLog.open(config.data_dir);
	const services = createServices(config);
	const notifier = config.notify
		? NotificationDispatcher.fromConfig(config.notify, {
				onFailure: async (channel, error, message) => {
					await events.record({ type: 'notify_failed', subject: channel, ok: false, details: { event: message.event, channel, error: error.toJSON() } });
				},
			})
		: undefined;
	const mamTransport = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs: config.mam!.timeout_ms });
	const engine = new MamEngine({
		config,
		state: new MamSessionState(store),
		prowlarr: (name) => services.prowlarr(name),
		mam: new MyAnonamouseClient({ transport: mamTransport, seedboxBaseUrl: config.mam!.seedbox_url, siteBaseUrl: config.mam!.site_url }),
		events,
		notifier,
	});
	await engine.reconcileConfig();
	let worker: Worker | undefined;
	try {
		worker = await createWorker({
			connection: temporal.nativeConnection,
			namespace: 'default',
			taskQueue,
			activities: createActivities({ config, services, events, state: store, mam: engine }),
			workflows: { workflowBundle: await workflowBundle() },
		});
	} catch (error) {
		services.close();
		mamTransport.close();
		notifier?.close();
		throw error;
	}
	const running = worker.run();
	const started = worker;
	return {
		config,
		engine,
		store,
		events,
		services,
		taskQueue,
		async close() {
			started.shutdown();
			await running;
			services.close();
			mamTransport.close();
			notifier?.close();
		},
	};
}

/** Undoes a benchmark's set-up, last step first; one failing step does not stop the others. */
export async function runCleanups(cleanups: Array<() => unknown>): Promise<void> {
	for (const cleanup of [...cleanups].reverse()) {
		try {
			await cleanup();
		} catch (error) {
			console.error('cleanup failed:', error);
		}
	}
}

export function benchDataDir(prefix: string): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export function uniqueId(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

// ---------------------------------------------------------------- the rotation benchmark

/** The same HTTP calls as one rotation, made directly with the clients, plus the encrypted state write. */
class BareRotation {
	private readonly state: MamSessionState;
	private readonly mam: MyAnonamouseClient;
	private readonly prowlarr: ProwlarrClient;
	private readonly webhook: WebhookNotifier;
	private cookie: string;

	constructor(
		store: StateStore,
		private readonly fakeMam: FakeMyAnonamouse,
		initialCookie: string,
		fakeProwlarr: FakeProwlarr,
		webhookUrl: string,
		closers: Array<() => void>,
	) {
		this.state = new MamSessionState(store);
		this.cookie = initialCookie;
		const mamTransport = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs: 5_000 });
		const prowlarrTransport = createAxiosTransport({ service: PROWLARR, timeoutMs: 5_000, headers: { 'X-Api-Key': fakeProwlarr.apiKey } });
		const webhookTransport = createAxiosTransport({ service: WEBHOOK, timeoutMs: 5_000 });
		closers.push(() => mamTransport.close(), () => prowlarrTransport.close(), () => webhookTransport.close());
		this.mam = new MyAnonamouseClient({ transport: mamTransport, seedboxBaseUrl: fakeMam.url, siteBaseUrl: fakeMam.url });
		this.prowlarr = new ProwlarrClient({ baseUrl: fakeProwlarr.url, transport: prowlarrTransport });
		this.webhook = new WebhookNotifier({ transport: webhookTransport, url: webhookUrl });
	}

	async rotate(): Promise<void> {
		const answer = await this.mam.updateDynamicSeedbox(this.cookie);
		if (answer.newMamId === undefined || (answer.outcome !== 'ok' && answer.outcome !== 'no_change')) throw new Error(`baseline: MAM answered ${answer.outcome}, without a new cookie or refusing it`);
		const cookie = answer.newMamId;
		this.cookie = cookie;
		await this.state.commit('bare', (tx) => tx.setCookie(cookie, 'rotation'));
		const indexer = await this.prowlarr.findMyAnonamouseIndexer();
		await this.prowlarr.getIndexer(indexer.id);
		await this.prowlarr.updateIndexerField(indexer.id, MAM_ID_FIELD, cookie);
		const after = ProwlarrClient.fieldValue(await this.prowlarr.getIndexer(indexer.id), MAM_ID_FIELD);
		if (after !== cookie) throw new Error('baseline: Prowlarr does not hold the new cookie');
		const message: NotificationMessage = {
			event: 'prowlarr_auto_update',
			severity: 'info',
			subject: '[mediastack] prowlarr_auto_update - INFO',
			body: `Session: bare\nMAM ID: ...${cookie.slice(-8)}\nProwlarr indexer ${indexer.id} updated.`,
			data: { label: 'bare', indexer_id: indexer.id },
		};
		await this.webhook.send(message);
		if (!this.fakeMam.accepts(cookie)) throw new Error('baseline: the saved cookie is not the live one');
	}
}

async function timed(body: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await body();
	return performance.now() - started;
}

/** `startTemporal`: another server to compare with (the runner's embedded one by default). */
export async function benchMamRotation(startTemporal: () => Promise<BenchTemporal> = startBenchTemporal): Promise<BenchResult[]> {
	const cleanups: Array<() => Promise<void> | void> = [];
	try {
		const [temporal, mam, viaWorkflow, direct, bare, receiver] = await Promise.all([
			startTemporal(),
			startFakeMyAnonamouse(),
			startFakeProwlarr(),
			startFakeProwlarr(),
			startFakeProwlarr(),
			startWebhookReceiver(),
		]);
		cleanups.push(() => temporal.close(), () => mam.close(), () => viaWorkflow.close(), () => direct.close(), () => bare.close(), () => receiver.close());
		const sessions = { workflow: mam.addSession(), direct: mam.addSession(), bare: mam.addSession() };
		const dataDir = benchDataDir('bench-mam-rotation-');
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const service = (fake: FakeProwlarr) => ({ type: 'prowlarr', url: fake.url, api_key: fake.apiKey, timeout_ms: 5_000 });
		const config = validateConfig(
			{
				data_dir: dataDir,
				timezone: 'UTC',
				log_level: 'warn',
				services: { prowlarr: service(viaWorkflow), direct: service(direct) },
				mam: {
					seedbox_url: mam.url,
					site_url: mam.url,
					timeout_ms: 5_000,
					sessions: [
						{ label: 'workflow', mam_id: sessions.workflow.mamId, prowlarr: 'prowlarr' },
						{ label: 'direct', mam_id: sessions.direct.mamId, prowlarr: 'direct' },
					],
				},
				notify: { channels: { hook: { type: 'webhook', url: receiver.url } }, event_rules: { default: ['hook'] } },
			},
			{ env: {}, baseDir: dataDir },
		);
		const runner = await startBenchRunner(config, temporal, uniqueId('bench-mam-rotation'));
		cleanups.push(() => runner.close());

		const bareDir = benchDataDir('bench-mam-rotation-bare-');
		cleanups.push(() => rmSync(bareDir, { recursive: true, force: true }));
		const closers: Array<() => void> = [];
		cleanups.push(() => closers.forEach((close) => close()));
		const baseline = new BareRotation(await StateStore.open(bareDir, { env: {} }), mam, sessions.bare.mamId, bare, receiver.url, closers);

		const rotateThroughWorkflow = async (): Promise<void> => {
			const input: MamRotationInput = { label: 'workflow', source: 'keepalive' };
			const result = (await temporal.client.workflow.execute('mamRotation', { taskQueue: runner.taskQueue, workflowId: uniqueId('bench-mam-rotation'), args: [input] })) as MamRotationResult;
			if (result.prowlarr.outcome !== 'updated' || !result.deliveries.every((delivery) => delivery.ok)) {
				throw new Error(`workflow rotation did not update Prowlarr and notify: ${JSON.stringify(result.prowlarr)}`);
			}
		};
		// The activities' bodies one after another, as the workflow orders them.
		const rotateThroughEngine = async (): Promise<void> => {
			const engine = runner.engine;
			engine.listSessions(['direct']);
			const keepalive = await engine.keepalive('direct');
			await runner.events.record({ type: 'mam_keepalive', subject: 'direct', ok: keepalive.alive, details: { outcome: keepalive.outcome, message: keepalive.message, rotated: keepalive.rotated, version: keepalive.version, mam_id_tail: keepalive.mamIdTail, trigger: 'rotation' } });
			const push = await engine.pushToProwlarr('direct');
			await runner.events.record({ type: 'prowlarr_auto_update', subject: 'direct', ok: true, details: { outcome: push.outcome, version: push.version, mam_id_tail: push.mamIdTail, service: push.service, indexer_id: push.indexerId } });
			const deliveries = await engine.notify({ kind: 'prowlarr_update', label: 'direct', mode: 'auto', outcome: push.outcome, indexerId: push.indexerId, indexerName: push.indexerName });
			if (push.outcome !== 'updated' || !deliveries.every((delivery) => delivery.ok)) throw new Error('engine rotation did not update Prowlarr and notify');
		};

		const workflowTimes: number[] = [];
		const engineTimes: number[] = [];
		const bareTimes: number[] = [];
		for (let round = 0; round < WARMUP_ROTATIONS + TIMED_ROTATIONS; round++) {
			// Rotating the order each round spreads drift and background work over all three.
			const series: Array<[() => Promise<void>, number[]]> = [
				[rotateThroughWorkflow, workflowTimes],
				[rotateThroughEngine, engineTimes],
				[() => baseline.rotate(), bareTimes],
			];
			for (let step = 0; step < series.length; step++) {
				const [run, times] = series[(round + step) % series.length];
				const ms = await timed(run);
				if (round >= WARMUP_ROTATIONS) times.push(ms);
			}
		}

		// Every rotation must have landed: the state and Prowlarr hold MAM's live cookie.
		const newest = runner.engine.state.cookie('workflow')?.value;
		const held = ProwlarrClient.fieldValue(viaWorkflow.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!, MAM_ID_FIELD);
		if (newest !== sessions.workflow.mamId || held !== newest) throw new Error('after the runs, the state or Prowlarr does not hold the live cookie');
		const rounds = WARMUP_ROTATIONS + TIMED_ROTATIONS;
		if ((receiver.received.get('prowlarr_auto_update') ?? 0) !== rounds * 3) throw new Error(`the webhook receiver got ${receiver.received.get('prowlarr_auto_update')} notifications, expected ${rounds * 3}`);

		const workflowMs = median(workflowTimes);
		const engineMs = median(engineTimes);
		const bareMs = median(bareTimes);
		const overhead = workflowMs - bareMs;
		return [
			{
				name: 'MAM rotation through Temporal (keepalive → state → Prowlarr → webhook)',
				value: workflowMs,
				unit: 'ms',
				baseline: { name: 'the same HTTP calls + state write, no Temporal', value: bareMs },
				ratio: workflowMs / bareMs,
				notes: `median of ${TIMED_ROTATIONS} after ${WARMUP_ROTATIONS} warm-up; p90 ${percentile(workflowTimes, 90).toFixed(1)} ms vs ${percentile(bareTimes, 90).toFixed(1)} ms`,
			},
			{
				name: 'MAM rotation: Temporal overhead per rotation (workflow − bare calls)',
				value: overhead,
				unit: 'ms',
				baseline: { name: 'the same engine calls without Temporal', value: engineMs },
				target: `< ${TARGET_OVERHEAD_MS} ms`,
				pass: overhead < TARGET_OVERHEAD_MS,
				notes: `engine's own extra work (2 events, 2nd state write) ${(engineMs - bareMs).toFixed(1)} ms, Temporal alone ${(workflowMs - engineMs).toFixed(1)} ms`,
			},
		];
	} finally {
		await runCleanups(cleanups);
	}
}
