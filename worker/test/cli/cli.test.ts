import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { ApiServer, startApiServer } from '../../src/api/server';
import { exampleConfigYaml, validateConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { EventLog, MediastackEvent } from '../../src/state/events';
import { StateStore } from '../../src/state/store';
import { CliResult, runCli as runCliIn } from '../support/cli';

let dir: string;
let dataDir: string;

/** Runs `mediastack ...` in the temp dir with its own home, nothing inherited that could find a real config. */
function runCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
	return runCliIn(args, { cwd: dir, home: path.join(dir, 'home'), env: extraEnv });
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = createServer();
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** A "runner" on a free port that answers as `handler` does, with the config and token file that point the CLI at it. */
async function misbehavingRunner(handler: RequestListener): Promise<{ port: number; close: () => void }> {
	const server = createHttpServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	try {
		await writeConfig(`data_dir: ${dataDir}\napi:\n  port: ${port}\n`);
		await mkdir(dataDir, { recursive: true });
		await writeFile(path.join(dataDir, 'api-token'), 'a-token-for-the-crashing-runner\n');
	} catch (error) {
		server.close();
		throw error;
	}
	return { port, close: () => server.close() };
}

async function writeConfig(text: string, name = 'mediastack.yaml'): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, text);
	return file;
}

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-cli-'));
	dataDir = path.join(dir, 'data');
	await mkdir(path.join(dir, 'home'), { recursive: true });
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('mediastack config check', () => {
	it('names the file, line and column of a YAML error and exits 1', async () => {
		const file = await writeConfig('api:\n  port: 8420\n  host: [127.0.0.1\nlog_level: info\n');
		const result = await runCli(['config', 'check']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`The config file ${file} is not valid YAML`);
		expect(result.stderr).toMatch(/line 4, column 1/);
		expect(result.stdout).toBe('');
	});

	it('lists every invalid key with its path and exits 1', async () => {
		await writeConfig('log_level: loud\napi:\n  port: 99999\nservices:\n  prowlarr:\n    api_key: ${PROWLARR_API_KEY}\n');
		const result = await runCli(['config', 'check']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^ {2}- log_level: must be one of/m);
		expect(result.stderr).toMatch(/^ {2}- api\.port: must be at most 65535/m);
		expect(result.stderr).toMatch(/^ {2}- services\.prowlarr\.url: is required/m);
		expect(result.stderr).toMatch(/^ {2}- services\.prowlarr\.api_key: uses the environment variable PROWLARR_API_KEY/m);
	});

	it('prints OK and a summary without secrets', async () => {
		const apiKey = 'abcdef0123456789abcdef0123456789';
		const file = await writeConfig(`data_dir: ${dataDir}\nservices:\n  prowlarr:\n    url: http://prowlarr:9696\n    api_key: \${KEY}\n`);
		const result = await runCli(['config', 'check', '--config', file], { KEY: apiKey });
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`Config OK: ${file}`);
		expect(result.stdout).toContain(`data_dir:  ${dataDir}`);
		expect(result.stdout).toContain('services.prowlarr: prowlarr at http://prowlarr:9696/');
		expect(result.stdout).toContain('...23456789');
		expect(result.stdout + result.stderr).not.toContain(apiKey);
	});

	it('summarises MAM sessions and notification channels, without their secrets', async () => {
		const mamId = 'mam-cookie-value-0123456789abcdefXYZ12345';
		const hookPath = '/webhook/3f9c2a7e-secret-path';
		const smtpPassword = 'smtp-password-do-not-print';
		const file = await writeConfig(
			[
				`data_dir: ${dataDir}`,
				'timezone: Europe/Berlin',
				'services:',
				'  prowlarr: { url: http://prowlarr:9696, api_key: abcdef0123456789abcdef0123456789 }',
				'mam:',
				'  sessions:',
				`    - { label: DirectSession, mam_id: ${mamId}, created: "2026-10-02T19:45", prowlarr: prowlarr }`,
				`    - { label: Spare, mam_id: other-cookie-0123456789, keepalive: user_stats }`,
				'notify:',
				'  channels:',
				`    mail: { type: smtp, host: smtp.example.org, port: 587, starttls: required, username: me, password: ${smtpPassword}, from: ms@example.org, to: [me@example.org] }`,
				`    hook: { type: webhook, url: "https://n8n.example.org${hookPath}", hmac_secret: 0123456789abcdef0123 }`,
				'    phone: { type: apprise, api_url: "http://apprise:8000", key: mediastack }',
				'  event_rules:',
				'    mam_session_invalid: [mail, hook]',
				'    default: [phone]',
				'',
			].join('\n'),
		);
		const result = await runCli(['config', 'check']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`Config OK: ${file}`);
		expect(result.stdout).toContain(
			'  mam.sessions DirectSession: mam_id ...XYZ12345 (the state may hold a newer one), created 2026-10-02, expires 2026-12-31 (90-day lifetime, warned 7 days before), keepalive dynamic_seedbox, Prowlarr services.prowlarr',
		);
		expect(result.stdout).toContain('  mam.sessions Spare: mam_id ...23456789 (the state may hold a newer one), no `created` date (no expiry warnings), keepalive user_stats, no Prowlarr');
		expect(result.stdout).toContain('  schedules.mam_session_check: "0 8 * * *" (Europe/Berlin)');
		expect(result.stdout).toContain('  notify.channels.mail: smtp via smtp.example.org:587 (STARTTLS required, login me), from ms@example.org to me@example.org');
		expect(result.stdout).toContain('  notify.channels.hook: webhook to https://n8n.example.org (path not shown), HMAC-signed');
		expect(result.stdout).toContain('  notify.channels.phone: apprise API at http://apprise:8000, stored configuration "mediastack"');
		expect(result.stdout).toContain('  notify.event_rules: mam_session_invalid → mail, hook; default → phone');
		for (const secret of [mamId, hookPath, smtpPassword, '0123456789abcdef0123']) expect(result.stdout).not.toContain(secret);
	});

	it('shows the effective ports and where an override came from', async () => {
		await writeConfig(`data_dir: ${dataDir}\napi:\n  port: 9000\n`);
		const result = await runCli(['config', 'check', '--api-port', '0', '--temporal-ui-port', '9233'], { MEDIASTACK_TEMPORAL_PORT: '9234', MEDIASTACK_API_PORT: '9001' });
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('  temporal:  embedded dev server on 127.0.0.1:9234 (from MEDIASTACK_TEMPORAL_PORT), Web UI port 9233 (from --temporal-ui-port), task queue mediastack');
		expect(result.stdout).toContain('  api:       http://127.0.0.1:0 (any free port) (from --api-port), 100 requests/min');
		expect(result.stdout).toContain('  mam:       no sessions configured');
		expect(result.stdout).toContain('  notify:    no channels configured (nothing is sent)');
	});

	it('says where to put a config file when there is none', async () => {
		const result = await runCli(['config', 'check']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`No config file found; running with defaults. Put one at ${path.join(dir, 'mediastack.yaml')} or ${path.join(dir, 'home', '.config', 'mediastack', 'config.yaml')}`);
		expect(result.stdout).toContain('`mediastack config init` writes a commented example');
	});
});

describe('mediastack config init', () => {
	it('writes the commented example (0600) and refuses to overwrite without --force', async () => {
		const target = path.join(dir, 'home', '.config', 'mediastack', 'config.yaml');
		const first = await runCli(['config', 'init']);
		expect(first.code).toBe(0);
		expect(first.stdout).toContain(`Wrote a commented example config to ${target}`);
		expect(await readFile(target, 'utf8')).toBe(exampleConfigYaml());
		expect((await stat(target)).mode & 0o777).toBe(0o600);

		await writeFile(target, 'log_level: debug\n');
		const again = await runCli(['config', 'init']);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain(`${target} already exists; not overwriting it. Fix: pass --force`);
		expect(await readFile(target, 'utf8')).toBe('log_level: debug\n');

		const forced = await runCli(['config', 'init', '--force']);
		expect(forced.code).toBe(0);
		expect(await readFile(target, 'utf8')).toBe(exampleConfigYaml());
	});

	it('writes to --path and tells how to use a file outside the default places', async () => {
		const result = await runCli(['config', 'init', '--path', 'conf/ms.yaml']);
		expect(result.code).toBe(0);
		expect(await readFile(path.join(dir, 'conf', 'ms.yaml'), 'utf8')).toBe(exampleConfigYaml());
		expect(result.stdout).toContain(`pass --config ${path.join(dir, 'conf', 'ms.yaml')}`);
		const check = await runCli(['config', 'check', '--config', 'conf/ms.yaml']);
		expect(check.code).toBe(0);
	});
});

describe('mediastack events', () => {
	beforeEach(async () => {
		await writeConfig(`data_dir: ${dataDir}\ntimezone: Europe/Berlin\n`);
		const log = await EventLog.open(dataDir);
		await log.record({ type: 'prowlarr_test', subject: 'prowlarr', ok: true, details: { version: '2.5.0.5422' }, time: new Date('2024-07-01T10:00:00Z') });
		await log.record({ type: 'service_health', subject: 'prowlarr', ok: false, details: { error: { message: 'Prowlarr is down' } }, time: new Date('2024-07-01T10:05:00Z') });
		await log.record({ type: 'service_health', subject: 'sonarr', ok: true, time: new Date('2024-07-01T10:10:00Z') });
	});

	it('prints events newest first, in the configured zone', async () => {
		const result = await runCli(['events']);
		expect(result.code).toBe(0);
		expect(result.stdout.trim().split('\n')).toEqual([
			'2024-07-01 12:10:00  ok      service_health  sonarr',
			'2024-07-01 12:05:00  FAILED  service_health  prowlarr  error: Prowlarr is down',
			'2024-07-01 12:00:00  ok      prowlarr_test  prowlarr  version=2.5.0.5422',
		]);
	});

	it('filters by subject and type, limits, and prints JSON', async () => {
		const result = await runCli(['events', '--subject', 'prowlarr', '--type', 'service_health,prowlarr_test', '--limit', '1', '--json']);
		expect(result.code).toBe(0);
		const events = JSON.parse(result.stdout) as MediastackEvent[];
		expect(events.map((event) => [event.type, event.subject, event.ok])).toEqual([['service_health', 'prowlarr', false]]);
		const byType = JSON.parse((await runCli(['events', '--type', 'prowlarr_test', '--json'])).stdout) as MediastackEvent[];
		expect(byType.map((event) => event.type)).toEqual(['prowlarr_test']);
	});

	it('rejects a bad --limit', async () => {
		const result = await runCli(['events', '--limit', 'many']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('--limit must be a whole number');
	});
});

describe('mediastack status', () => {
	it('says the runner is not running and exits 1 when it never started', async () => {
		await writeConfig(`data_dir: ${dataDir}\n`);
		const result = await runCli(['status']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/The runner is not running .*Start it with `mediastack start`/);
	});

	it('says the runner is not running when nothing answers any more', async () => {
		const port = await freePort();
		await writeConfig(`data_dir: ${dataDir}\napi:\n  port: ${port}\n`);
		const server = await startTestApi(port);
		await server.close();
		const result = await runCli(['status']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`The runner is not running: nothing answers at http://127.0.0.1:${port}.`);
	});

	it("prints the running runner's health using the api-token file", async () => {
		await writeConfig(`data_dir: ${dataDir}\napi:\n  port: 0\n`);
		const server = await startTestApi();
		try {
			const result = await runCli(['status']);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			expect(result.stdout).toContain(`Runner at ${server.url}: running`);
			expect(result.stdout).toMatch(/^ {2}temporal:\n {4}address: 127\.0\.0\.1:7233$/m);
			expect(result.stdout + result.stderr).not.toContain(server.token);
		} finally {
			await server.close();
		}
	});

	it('says the runner stopped answering mid-request, not that it could not be reached', async () => {
		// A runner that takes the request and dies before answering: the connection closes under it.
		const { port, close } = await misbehavingRunner((request) => request.socket.destroy());
		try {
			const status = await runCli(['status']);
			expect(status.code).toBe(1);
			expect(status.stderr.trim()).toBe(
				`The runner at http://127.0.0.1:${port} took the request (GET /api/health) but stopped answering in the middle of it: the connection closed before the answer was complete, so it crashed, was stopped or restarted. Fix: see whether it still runs with \`mediastack status\`, and read its log.`,
			);
			const rotate = await runCli(['mam', 'rotate', 'DirectSession']);
			expect(rotate.code).toBe(1);
			expect(rotate.stderr).toContain(`The runner at http://127.0.0.1:${port} took the request (POST /api/prowlarr/update_mam_id) but stopped answering in the middle of it`);
			expect(rotate.stderr).toContain('Whether it took effect is unknown: check `mediastack events` before repeating it.');
			expect(rotate.stderr).not.toContain('Could not reach');
		} finally {
			close();
		}
	});

	it('says the same when the connection breaks halfway through the answer', async () => {
		const { close } = await misbehavingRunner((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.write('{"ok":');
			setTimeout(() => response.socket?.destroy(), 50);
		});
		try {
			const status = await runCli(['status']);
			expect(status.code).toBe(1);
			expect(status.stderr).toMatch(/^The runner at http:\/\/127\.0\.0\.1:\d+ took the request \(GET \/api\/health\) but stopped answering in the middle of it/);
		} finally {
			close();
		}
	});

	async function startTestApi(port = 0): Promise<ApiServer> {
		const config = validateConfig({ data_dir: dataDir, api: { port } }, { env: {} });
		return startApiServer({
			config,
			state: await StateStore.open(dataDir, { env: {} }),
			events: await EventLog.open(dataDir),
			health: async () => ({ ok: true, temporal: { address: '127.0.0.1:7233' } }),
			logger: silentLogger(),
		});
	}
});

describe('mediastack prowlarr test', () => {
	let prowlarr: FakeProwlarr;

	beforeAll(async () => {
		prowlarr = await startFakeProwlarr();
	});

	afterAll(async () => {
		await prowlarr.close();
	});

	afterEach(async () => {
		prowlarr.server.clearFaults();
		await prowlarr.server.start();
	});

	async function configure(apiKey = prowlarr.apiKey): Promise<void> {
		await writeConfig(`data_dir: ${dataDir}\nservices:\n  prowlarr:\n    url: ${prowlarr.url}\n    api_key_file: ${path.join(dir, 'prowlarr.key')}\n    timeout_ms: 3000\n`);
		await writeFile(path.join(dir, 'prowlarr.key'), `${apiKey}\n`);
	}

	async function recorded(): Promise<MediastackEvent[]> {
		return (await EventLog.open(dataDir)).query({ type: 'prowlarr_test' });
	}

	/** The failure contract: exactly one line, naming Prowlarr and the fix, and no key. */
	function expectOneClearLine(result: CliResult, pattern: RegExp): void {
		expect(result.code).toBe(1);
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(pattern);
		expect(lines[0]).toContain('Prowlarr');
		expect(lines[0]).toContain('Fix:');
		expect(result.stdout + result.stderr).not.toContain(prowlarr.apiKey);
	}

	it('prints the version and the MyAnonamouse indexer, and records an ok event', async () => {
		await configure();
		const mam = prowlarr.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse');
		const result = await runCli(['prowlarr', 'test']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Prowlarr 2.5.0.5422');
		expect(result.stdout).toContain(`MyAnonamouse indexer: id ${mam?.id} ("${mam?.name}")`);
		expect(result.stdout).not.toContain(prowlarr.apiKey);
		const [event] = await recorded();
		expect(event).toMatchObject({ type: 'prowlarr_test', subject: 'prowlarr', ok: true, details: { version: '2.5.0.5422', mam_indexer_id: mam?.id } });
		expect(prowlarr.violations).toEqual([]);
	});

	it('explains a wrong API key in one line and records a failed event', async () => {
		await configure('ffffffffffffffffffffffffffffffff');
		const result = await runCli(['prowlarr', 'test', '--service', 'prowlarr']);
		expectOneClearLine(result, /^Prowlarr refused the credentials \(HTTP 401 on GET \/api\/v1\/system\/status\).*Fix: copy the API key/);
		expect(result.stderr).not.toContain('ffffffffffffffffffffffffffffffff');
		const [event] = await recorded();
		expect(event).toMatchObject({ ok: false, details: { error: { kind: 'auth', service: 'Prowlarr' } } });
		expect(JSON.stringify(event)).not.toContain('ffffffffffffffffffffffffffffffff');
	});

	it('explains Prowlarr being down in one line', async () => {
		await configure();
		await prowlarr.server.stop();
		const result = await runCli(['prowlarr', 'test']);
		expectOneClearLine(result, new RegExp(`^Prowlarr is not reachable at ${prowlarr.url.replace(/[.]/g, '\\.')}/? \\(connection refused\\)\\. Fix: check that Prowlarr is running`));
		expect((await recorded())[0]).toMatchObject({ ok: false, details: { error: { kind: 'network' } } });
	});

	it('explains an HTML page instead of JSON in one line', async () => {
		await configure();
		prowlarr.server.fault({ kind: 'html' });
		const result = await runCli(['prowlarr', 'test']);
		expectOneClearLine(result, /^Prowlarr answered GET \/api\/v1\/system\/status with an HTML page \("Sign in"\) where JSON was expected\. Fix: check the URL/);
		expect((await recorded())[0]).toMatchObject({ ok: false, details: { error: { kind: 'protocol' } } });
	});

	it('names services.prowlarr when no Prowlarr is configured, or the --service name is unknown', async () => {
		await writeConfig(`data_dir: ${dataDir}\n`);
		const none = await runCli(['prowlarr', 'test']);
		expect(none.code).toBe(1);
		expect(none.stderr).toMatch(/No Prowlarr service is configured\. Fix: add services\.prowlarr/);
		await configure();
		const unknown = await runCli(['prowlarr', 'test', '--service', 'indexers']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/There is no service named "indexers".*services\.prowlarr/);
	});
});
