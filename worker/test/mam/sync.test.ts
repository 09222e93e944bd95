import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeMamSession, FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { createLogger } from '../../src/log';
import { RunnerHandle, startRunner } from '../../src/runner';
import { EventLog } from '../../src/state';
import { TestTemporal, makeTempDir, startTestTemporal, uniqueTaskQueue } from '../support/temporal';
import { mamConfigData, waitUntil } from './support';

/**
 * A Prowlarr that missed a cookie is brought up to date as soon as it can be: the runner,
 * started in this process three times over one data directory, first with a wrong Prowlarr API
 * key, then with the right one, then with nothing changed. Also what the starts log.
 */
let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let prowlarr: FakeProwlarr;
let dir: string;
let configFile: string;
let taskQueue: string;
let session: FakeMamSession;
let runner: RunnerHandle | undefined;
/** Log lines of the current start. */
let lines: string[] = [];

beforeAll(async () => {
	[temporal, mam, prowlarr] = await Promise.all([startTestTemporal(), startFakeMyAnonamouse(), startFakeProwlarr()]);
	session = mam.session;
	dir = makeTempDir('mediastack-mam-sync-');
	configFile = path.join(dir, 'mediastack.yaml');
	taskQueue = uniqueTaskQueue('mam-sync');
});

// Each start ends with its test, passed or not, so the next one gets the data directory's lock.
afterEach(() => stop());

afterAll(async () => {
	await Promise.all([mam?.close(), prowlarr?.close()]);
	await temporal?.close();
	rmSync(dir, { recursive: true, force: true });
});

function writeConfig(apiKey: string): void {
	const data = mamConfigData({
		dataDir: path.join(dir, 'data'),
		mam,
		prowlarr: { prowlarr: { url: prowlarr.url, apiKey } },
		sessions: [{ label: 'direct', mamId: mam.session.issuedMamIds[0], prowlarr: 'prowlarr' }],
		temporal: { address: temporal.server.address, task_queue: taskQueue },
		api: { port: 0 },
		schedules: { service_health: { enabled: false }, mam_session_check: { enabled: false } },
	});
	writeFileSync(configFile, JSON.stringify(data));
}

async function start(): Promise<RunnerHandle> {
	lines = [];
	const logger = createLogger('info', { destination: new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }) });
	runner = await startRunner({ configPath: configFile, logger, env: {} });
	return runner;
}

async function stop(): Promise<void> {
	await runner?.stop();
	runner = undefined;
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown) {
	const token = readFileSync(path.join(dir, 'data', 'api-token'), 'utf8').trim();
	const response = await fetch(`${runner!.apiUrl}${route}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const updates = async () => (await (await EventLog.open(path.join(dir, 'data'))).query({ type: 'prowlarr_auto_update' })).reverse();
const mamLogLines = () => lines.filter((line) => line.includes('"component":"mam"'));
const inSync = async () => ((await api('GET', '/api/mam/sessions')).body.sessions as Array<{ prowlarr: { in_sync: boolean } }>)[0].prowlarr.in_sync;

describe('a Prowlarr that missed a cookie', () => {
	it('with a wrong API key: the first push and a rotation fail at the Prowlarr stage, and set-id of the same cookie tries again', async () => {
		writeConfig('wrong-key-00000000000000000000000000');
		await start();
		await waitUntil('the first push failed', async () => (await updates()).some((event) => !event.ok), 30_000);
		const [first] = await updates();
		expect(first).toMatchObject({ ok: false, details: { stage: 'prowlarr', source: 'config', error: { type: 'AuthError' }, workflow_id: 'mam-prowlarr-sync-direct' } });
		expect(mamLogLines().map((line) => JSON.parse(line).msg)).toEqual(['MAM session adopted from the config']);
		expect(JSON.parse(mamLogLines()[0])).toMatchObject({ adopted: 'new', version: 1, prowlarr_sync: 'mam-prowlarr-sync-direct' });

		const rotated = await api('POST', '/api/prowlarr/update_mam_id', { label: 'direct', force: false });
		expect(rotated.status).toBe(502);
		expect(rotated.body).toMatchObject({ ok: false, error: 'AuthError', stage: 'prowlarr' });
		expect(prowlarr.mamId()).not.toBe(session.mamId);
		expect(await inSync()).toBe(false);

		// The runner already holds this cookie, but Prowlarr never confirmed it: set-id pushes it.
		const again = await api('POST', `/api/mam/sessions/direct/mam_id`, { mam_id: session.mamId });
		expect(again.status).toBe(502);
		expect(again.body).toMatchObject({ changed: false, stage: 'prowlarr', workflow_id: 'mam-prowlarr-sync-direct' });
		expect(String(again.body.message)).toMatch(/^MAM ID unchanged \(the runner already holds it\), but Prowlarr was not confirmed to hold it; /);
	}, 120_000);

	it('restarted with the right key: the newest cookie reaches Prowlarr at start, without a rotation', async () => {
		const before = mam.requests.length;
		writeConfig(prowlarr.apiKey);
		await start();
		await waitUntil('Prowlarr holds the newest cookie', () => prowlarr.mamId() === session.mamId, 30_000);
		expect(mam.requests.length).toBe(before);
		await waitUntil('the sync was recorded', async () => (await updates()).at(-1)?.ok === true, 10_000);
		expect((await updates()).at(-1)).toMatchObject({ ok: true, details: { source: 'sync', outcome: 'updated', version: 2, workflow_id: 'mam-prowlarr-sync-direct' } });
		expect(await inSync()).toBe(true);
		// Nothing was adopted: no adoption line, and no field that reads like a redacted secret.
		const logged = mamLogLines();
		expect(logged.map((line) => JSON.parse(line).msg)).toEqual(['MAM session: Prowlarr is not confirmed to hold the newest mam_id; pushing it']);
		expect(lines.join('')).not.toContain('adopted from the config');
		expect(lines.join('')).not.toContain('"cookie":"[redacted]"');
	}, 120_000);

	it('restarted with nothing changed: nothing logged about sessions, nothing pushed', async () => {
		const puts = prowlarr.indexerState(prowlarr.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!.id).putCount;
		const events = (await updates()).length;
		await start();
		expect(mamLogLines()).toEqual([]);
		expect(lines.join('')).not.toContain('[redacted]');
		// Give a wrongly started push the time to show up.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect((await updates()).length).toBe(events);
		expect(prowlarr.indexerState(prowlarr.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!.id).putCount).toBe(puts);
	}, 120_000);
});
