import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { createLogger } from '../../src/log';
import { RunnerHandle, startRunner } from '../../src/runner';
import { EventLog } from '../../src/state';
import { devServerPaths } from '../../src/temporal/dev-server';
import { isProcessAlive } from '../../src/temporal/lock';
import { SERVICE_HEALTH_SCHEDULE_ID } from '../../src/temporal/schedules';
import { prowlarrTest } from '../../src/workflows';
import { makeTempDir } from '../support/temporal';

/**
 * The whole runner, as `mediastack start` runs it, with an empty temporal.address: the
 * embedded server, the worker, the schedule, the API. The tests run in order and share it.
 */
const WRONG_KEY = 'wrong-prowlarr-key-7d1e0c9b8a7f6e5d4c3b';
let fake: FakeProwlarr;
let dataDir: string;
let configPath: string;
let runner: RunnerHandle;
let startMs: number;
let serverPid: number;
const logLines: string[] = [];

beforeAll(async () => {
	fake = await startFakeProwlarr();
	dataDir = makeTempDir('mediastack-runner-');
	configPath = path.join(dataDir, 'mediastack.yaml');
	writeFileSync(
		configPath,
		[
			`data_dir: ${dataDir}`,
			'timezone: UTC',
			'log_level: info',
			'temporal:',
			"  address: ''",
			'  embedded: { port: 0, ui_port: 0 }',
			'api: { port: 0 }',
			'services:',
			'  prowlarr:',
			`    url: ${fake.url}`,
			'    api_key: ${TEST_PROWLARR_KEY}',
			'  locked:',
			'    type: prowlarr',
			`    url: ${fake.url}`,
			`    api_key: ${WRONG_KEY}`,
			'schedules:',
			"  service_health: { enabled: true, cron: '0 4 * * *' }",
			'',
		].join('\n'),
	);
	const sink = new Writable({
		write(chunk, _encoding, callback) {
			logLines.push(...String(chunk).split('\n').filter(Boolean));
			callback();
		},
	});
	const started = Date.now();
	runner = await startRunner({ configPath, logger: createLogger('info', { destination: sink }), env: { ...process.env, TEST_PROWLARR_KEY: fake.apiKey } });
	startMs = Date.now() - started;
	console.info(`startRunner with the embedded Temporal server (cold): ${startMs} ms`);
	serverPid = JSON.parse(readFileSync(devServerPaths(dataDir).lockPath, 'utf8')).serverPid;
}, 120_000);

afterAll(async () => {
	await runner?.stop();
	await fake?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

async function apiGet(route: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const token = readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
	const response = await fetch(runner.apiUrl + route, { headers: { authorization: `Bearer ${token}` } });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
	const connection = await Connection.connect({ address: runner.temporalAddress });
	try {
		return await fn(new Client({ connection, namespace: 'default' }));
	} finally {
		await connection.close();
	}
}

describe('startRunner with an empty temporal.address', () => {
	it('starts the embedded server with its history in the data dir and a Web UI that answers', async () => {
		expect(runner.temporalAddress).toMatch(/^127\.0\.0\.1:\d+$/);
		expect(runner.configPath).toBe(configPath);
		expect(existsSync(path.join(dataDir, 'temporal', 'history.db'))).toBe(true);
		expect(isProcessAlive(serverPid)).toBe(true);
		const ui = await fetch(runner.webUiUrl!);
		expect(ui.status).toBe(200);
	});

	it('answers the API health with Temporal, worker, schedule and services', async () => {
		const { status, body } = await apiGet('/api/health');
		expect(status).toBe(200);
		expect(body).toMatchObject({
			ok: true,
			temporal: { address: runner.temporalAddress, embedded: true, reachable: true, webUiUrl: runner.webUiUrl, namespace: 'default', taskQueue: 'mediastack' },
			worker: { state: 'RUNNING', workflows: 'path' },
			schedules: [{ id: SERVICE_HEALTH_SCHEDULE_ID, outcome: 'created', enabled: true, paused: false, cron: '0 4 * * *' }],
		});
		expect((body.schedules as Array<{ nextRunAt: string }>)[0].nextRunAt).toMatch(/T04:00:00/);
		expect((body.services as Array<{ name: string }>).map((service) => service.name).sort()).toEqual(['locked', 'prowlarr']);
	});

	it('runs the scheduled health check through the worker and records an event per service', async () => {
		await withClient((client) => client.schedule.getHandle(SERVICE_HEALTH_SCHEDULE_ID).trigger());
		const events = await EventLog.open(dataDir);
		const deadline = Date.now() + 30_000;
		let recorded = await events.query({ type: 'service_health' });
		while (recorded.length < 2 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			recorded = await events.query({ type: 'service_health' });
		}
		expect(recorded.find((event) => event.subject === 'prowlarr')).toMatchObject({ ok: true });
		expect(recorded.find((event) => event.subject === 'locked')).toMatchObject({ ok: false, details: { error: { type: 'AuthError' } } });
		const { body } = await apiGet('/api/health');
		expect((body.services as Array<{ name: string; lastCheck?: { ok: boolean } }>).find((service) => service.name === 'prowlarr')?.lastCheck?.ok).toBe(true);
	});

	it('runs prowlarrTest on its task queue', async () => {
		const result = await withClient((client) =>
			client.workflow.execute(prowlarrTest, { taskQueue: 'mediastack', workflowId: `runner-prowlarr-test-${Date.now()}`, args: [{ service: 'prowlarr' }] }),
		);
		expect(result.myAnonamouse?.name).toBe('MyAnonamouse');
	});

	it('refuses a second runner on the same data dir', async () => {
		await expect(startRunner({ configPath, logger: createLogger('error', { destination: new Writable({ write: (_c, _e, cb) => cb() }) }), env: { ...process.env, TEST_PROWLARR_KEY: fake.apiKey } })).rejects.toThrow(
			/already in use by process/,
		);
		// ...and the refusal did not disturb the first one.
		expect((await apiGet('/api/health')).body.ok).toBe(true);
	});

	it('stop() shuts everything down and leaves no process or port behind', async () => {
		const address = runner.temporalAddress;
		const apiUrl = runner.apiUrl!;
		await runner.stop();
		expect(isProcessAlive(serverPid)).toBe(false);
		expect(processesMentioning(dataDir)).toEqual([]);
		expect(await portOpen(address)).toBe(false);
		await expect(fetch(apiUrl)).rejects.toThrow();
		expect(existsSync(path.join(dataDir, 'runner.lock'))).toBe(false);
		expect(existsSync(devServerPaths(dataDir).lockPath)).toBe(false);
		// A second stop is harmless.
		await runner.stop();
	});

	it('kept every API key and cookie out of the Temporal history file and the logs', () => {
		const files = readdirSync(path.join(dataDir, 'temporal')).filter((name) => name.startsWith('history.db'));
		const history = Buffer.concat(files.map((name) => readFileSync(path.join(dataDir, 'temporal', name))));
		// The grep can see workflow payloads (they are stored as plain JSON)...
		expect(history.includes('"subject":"locked"')).toBe(true);
		expect(history.includes('"name":"MyAnonamouse"')).toBe(true);
		// ...and finds no secret among them.
		for (const secret of [fake.apiKey, WRONG_KEY, String(fake.mamId())]) {
			expect(secret.length).toBeGreaterThan(8);
			expect(history.includes(secret), 'a secret is in history.db').toBe(false);
			expect(logLines.some((line) => line.includes(secret)), 'a secret is in the log').toBe(false);
		}
		expect(logLines.some((line) => line.includes('runner started'))).toBe(true);
	});
});

function processesMentioning(text: string): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	return found;
}

function portOpen(address: string): Promise<boolean> {
	const [host, port] = address.split(':');
	return new Promise((resolve) => {
		const socket = net.connect({ host, port: Number(port) });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
