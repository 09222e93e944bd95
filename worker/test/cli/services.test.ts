import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { EventLog } from '../../src/state/events';
import { runCli } from '../support/cli';

/** `mediastack services` and `mediastack health` as a user runs them, against fake Prowlarrs. */
let healthy: FakeProwlarr;
let broken: FakeProwlarr;
let dir: string;
let dataDir: string;
const WRONG_KEY = 'wrong-key-0123456789abcdef0123456789';

beforeAll(async () => {
	[healthy, broken] = await Promise.all([startFakeProwlarr(), startFakeProwlarr()]);
});

afterAll(async () => {
	await Promise.all([healthy.close(), broken.close()]);
});

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-services-'));
	dataDir = path.join(dir, 'data');
	await mkdir(path.join(dir, 'home'), { recursive: true });
	const config = {
		data_dir: dataDir,
		services: {
			indexers: { type: 'prowlarr', url: healthy.url, api_key: healthy.apiKey },
			spare: { type: 'prowlarr', url: broken.url, api_key: WRONG_KEY },
		},
	};
	await writeFile(path.join(dir, 'mediastack.yaml'), JSON.stringify(config));
});

afterEach(async () => {
	healthy.health.splice(0);
	await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(args, { cwd: dir, home: path.join(dir, 'home') });

describe('mediastack services', () => {
	it('lists every configured service, never checked before any health check', async () => {
		const result = await cli('services');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`indexers (Prowlarr) ${healthy.url}/: never checked`);
		expect(result.stdout).toContain(`spare (Prowlarr) ${broken.url}/: never checked`);
		expect(healthy.requests).toHaveLength(0);
	});

	it('shows the health the last check recorded, without calling the services', async () => {
		const events = await EventLog.open(dataDir);
		await events.record({ type: 'service_health', subject: 'indexers', ok: true, details: { version: '2.5.0', issues: [] }, time: new Date('2026-12-01T08:00:00Z') });
		await events.record({ type: 'service_health', subject: 'spare', ok: false, details: { error: { message: 'Prowlarr refused the credentials' } }, time: new Date('2026-12-01T08:00:00Z') });
		const result = await cli('services', '--json');
		expect(result.code).toBe(0);
		const lines = JSON.parse(result.stdout) as Array<{ name: string; health?: { ok: boolean; version?: string; error?: string } }>;
		expect(lines.find((line) => line.name === 'indexers')?.health).toMatchObject({ ok: true, version: '2.5.0' });
		expect(lines.find((line) => line.name === 'spare')?.health).toMatchObject({ ok: false, error: 'Prowlarr refused the credentials' });
		expect(healthy.requests).toHaveLength(0);
	});
});

describe('mediastack health', () => {
	it('checks every service now, records each result, and exits 2 when one is unhealthy', async () => {
		const result = await cli('health');
		expect(result.code).toBe(2);
		expect(result.stdout).toMatch(/indexers \(Prowlarr\) .*: healthy, Prowlarr 2\.5\.0\.5422, checked/);
		expect(result.stdout).toMatch(/spare \(Prowlarr\) .*: UNHEALTHY, Prowlarr refused the credentials \(HTTP 401/);
		expect(result.stdout + result.stderr).not.toContain(healthy.apiKey);
		expect(result.stdout + result.stderr).not.toContain(WRONG_KEY);
		const recorded = await (await EventLog.open(dataDir)).query({ type: 'service_health' });
		expect(recorded.map((event) => [event.subject, event.ok]).sort()).toEqual([
			['indexers', true],
			['spare', false],
		]);
		// `services` now shows what `health` found.
		expect((await cli('services')).stdout).toMatch(/spare \(Prowlarr\) .*: UNHEALTHY/);
	});

	it('counts an error-level health check of the service as unhealthy, a warning as healthy', async () => {
		healthy.health.push({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable due to failures: 1337x' });
		expect((await cli('health', 'indexers')).code).toBe(0);
		healthy.health.push({ source: 'ApplicationCheck', type: 'error', message: 'Applications unavailable due to failures: Sonarr' });
		const result = await cli('health', 'indexers');
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('UNHEALTHY, Prowlarr 2.5.0.5422, Applications unavailable due to failures: Sonarr');
	});

	it('refuses a name that is not configured, naming the configured ones', async () => {
		const result = await cli('health', 'sonarr');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('There is no service named "sonarr" (configured: indexers, spare)');
	});

	it('does not pass a page that is not Prowlarr off as a healthy Prowlarr', async () => {
		healthy.fault({ kind: "html" });
		const result = await cli('health', 'indexers');
		healthy.clearFaults();
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('answered GET /api/v1/system/status with an HTML page');
	});
});
