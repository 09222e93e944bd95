import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { validateConfig } from '../../src/config/load';
import type { MediastackConfig } from '../../src/config/schema';
import { findTemporalBinary } from '../../src/temporal/binary';
import { DevServer, startDevServer } from '../../src/temporal/dev-server';
import type { Activities } from '../../src/activities';
import { createWorker, workflowsEntry } from '../../src/worker';

/**
 * One real Temporal dev server per test file: free ports on 127.0.0.1, a temp data dir (so
 * the SQLite history file is real and inspectable), and a TestWorkflowEnvironment on top of
 * it. Started with our own dev-server module, so the tests exercise that code as well.
 */
export interface TestTemporal {
	server: DevServer;
	env: TestWorkflowEnvironment;
	dataDir: string;
	close(): Promise<void>;
}

export async function startTestTemporal(options: { namespace?: string } = {}): Promise<TestTemporal> {
	quietRuntime();
	const dataDir = makeTempDir('mediastack-temporal-');
	const namespace = options.namespace ?? 'default';
	const server = await startDevServer({ binary: findTemporalBinary().path, dataDir, namespace, port: 0, uiPort: 0 });
	let env: TestWorkflowEnvironment;
	try {
		env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, namespace });
	} catch (error) {
		await server.stop();
		throw error;
	}
	return {
		server,
		env,
		dataDir,
		async close() {
			await env.teardown();
			await server.stop();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/**
 * Tests assert failures themselves; the SDK's per-attempt "activity failed" warnings would
 * only repeat them. Errors still print. Must run before the first connection.
 */
export function quietRuntime(): void {
	try {
		Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
	} catch {
		// Already installed in this process.
	}
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file (webpack takes about a second). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
	bundle ??= bundleWorkflowCode({ workflowsPath: workflowsEntry(), logger: quietBundlerLogger });
	return bundle;
}

const quietBundlerLogger = {
	log: () => undefined,
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: (message: string) => console.warn(message),
	error: (message: string) => console.error(message),
};

let counter = 0;

/** A task queue no other test in the file shares, so workers never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
	counter += 1;
	return `${prefix}-${process.pid}-${counter}-${Date.now().toString(36)}`;
}

/** A worker on its own task queue, with the file's workflow bundle, running until stop(). */
export interface TestWorker {
	taskQueue: string;
	stop(): Promise<void>;
}

export async function startTestWorker(temporal: TestTemporal, prefix: string, activities: Activities): Promise<TestWorker> {
	const taskQueue = uniqueTaskQueue(prefix);
	const worker = await createWorker({
		connection: temporal.env.nativeConnection,
		namespace: 'default',
		taskQueue,
		activities,
		workflows: { workflowBundle: await workflowBundle() },
	});
	const running = worker.run();
	return {
		taskQueue,
		async stop() {
			worker.shutdown();
			await running;
		},
	};
}

export function makeTempDir(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface TestConfigOptions {
	dataDir: string;
	/** Service name → URL and API key. */
	prowlarr?: Record<string, { url: string; apiKey: string; timeoutMs?: number }>;
	temporal?: Record<string, unknown>;
	api?: Record<string, unknown>;
	schedules?: Record<string, unknown>;
	timezone?: string;
}

/** A config as the runner's loader builds it (defaults applied, validated), without a file. */
export function testConfig(options: TestConfigOptions): MediastackConfig {
	const services: Record<string, unknown> = {};
	for (const [name, service] of Object.entries(options.prowlarr ?? {})) {
		services[name] = { type: 'prowlarr', url: service.url, api_key: service.apiKey, timeout_ms: service.timeoutMs ?? 5_000 };
	}
	return validateConfig(
		{
			data_dir: options.dataDir,
			timezone: options.timezone ?? 'UTC',
			log_level: 'warn',
			services,
			temporal: options.temporal,
			api: options.api,
			schedules: options.schedules,
		},
		{ env: {}, baseDir: options.dataDir },
	);
}
