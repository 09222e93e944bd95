import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeMamSession, FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { ProxyPeer, startMicrosocks, startTinyproxy } from '../../../test/peers';
import { main } from '../../src/cli';
import type { CommandOutput } from '../../src/commands/output';
import { createLogger } from '../../src/log';
import { createMamClients } from '../../src/mam';
import { RunnerHandle, startRunner } from '../../src/runner';
import { EventLog } from '../../src/state';
import { TestTemporal, makeTempDir, startTestTemporal, uniqueTaskQueue } from '../support/temporal';
import { filesContaining, mamConfig, mamConfigData } from './support';

/**
 * Per-session proxies, end to end: the runner started in this process (real Temporal dev
 * server) with sessions behind microsocks (SOCKS5), behind tinyproxy (HTTP) and direct. The
 * proxies bind their outgoing connections to their own loopback addresses and the fake MAM
 * answers with the address a call came from, as MAM does, so the IP the runner shows is the
 * proof of the way each call went.
 */
const SOCKS_EXIT = '127.0.0.3';
const HTTP_EXIT = '127.0.0.2';
const WRONG_PASSWORD = 'wrong-proxy-password-0042';

let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let socks: ProxyPeer;
let httpProxy: ProxyPeer;
let dir: string;
let configFile: string;
let runner: RunnerHandle;
let sessions: Record<'vpn' | 'web' | 'stats' | 'home' | 'wrong', FakeMamSession>;
const logLines: string[] = [];

beforeAll(async () => {
	[temporal, mam, socks, httpProxy] = await Promise.all([
		startTestTemporal(),
		startFakeMyAnonamouse({ ipFromConnection: true, ipChangeCooldownMs: 0 }),
		startMicrosocks({ exitAddress: SOCKS_EXIT }),
		startTinyproxy({ exitAddress: HTTP_EXIT }),
	]);
	sessions = { vpn: mam.session, web: mam.addSession(), stats: mam.addSession(), home: mam.addSession(), wrong: mam.addSession() };
	dir = makeTempDir('mediastack-mam-proxy-');
	configFile = path.join(dir, 'mediastack.yaml');
	const passwordFile = path.join(dir, 'socks-password');
	writeFileSync(passwordFile, `${socks.password}\n`, { mode: 0o600 });
	const tinyproxyLogin = { url: httpProxy.url, username: httpProxy.username, password: httpProxy.password };
	const data = mamConfigData({
		dataDir: path.join(dir, 'data'),
		mam,
		sessions: [
			{ label: 'vpn', mamId: sessions.vpn.mamId, proxy: { url: socks.url, username: socks.username, password_file: passwordFile } },
			{ label: 'web', mamId: sessions.web.mamId, proxy: tinyproxyLogin },
			{ label: 'stats', mamId: sessions.stats.mamId, keepalive: 'user_stats', proxy: tinyproxyLogin },
			{ label: 'home', mamId: sessions.home.mamId },
			{ label: 'wrong', mamId: sessions.wrong.mamId, proxy: { ...tinyproxyLogin, password: WRONG_PASSWORD } },
		],
		temporal: { address: temporal.server.address, task_queue: uniqueTaskQueue('mam-proxy') },
		api: { port: 0 },
		schedules: { service_health: { enabled: false } },
	});
	writeFileSync(configFile, JSON.stringify(data));
	// Debug level: whatever the runner logs about its sessions is looked at for passwords below.
	const destination = new Writable({
		write: (chunk: Buffer, _encoding, callback) => {
			logLines.push(chunk.toString('utf8'));
			callback();
		},
	});
	runner = await startRunner({ configPath: configFile, logger: createLogger('debug', { destination }), env: {} });
}, 120_000);

afterAll(async () => {
	await runner?.stop();
	await Promise.all([mam?.close(), socks?.stop(), httpProxy?.stop()]);
	await temporal?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function api(method: 'GET' | 'POST', route: string, body?: unknown) {
	const token = readFileSync(path.join(dir, 'data', 'api-token'), 'utf8').trim();
	const response = await fetch(`${runner.apiUrl}${route}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
	const out: string[] = [];
	const output: CommandOutput = { out: (line = '') => out.push(line), err: (line = '') => out.push(line) };
	const code = await main(['node', 'mediastack', ...args, '--config', configFile], output);
	process.exitCode = undefined;
	return { code, out: out.join('\n') };
}

const eventsOf = async (type: string) => (await (await EventLog.open(path.join(dir, 'data'))).query({ type })).reverse();

/** Where the fake saw a session's calls come from (every cookie of its lineage). */
function addressesOf(session: FakeMamSession): string[] {
	return [...new Set(mam.requests.filter((request) => request.mamId !== undefined && session.issuedMamIds.includes(request.mamId)).map((request) => request.remoteAddress ?? '?'))];
}

describe('per-session MAM proxies', () => {
	it('sends each session’s check through its own proxy, and the summary shows the IP and ASN MAM saw', async () => {
		const { status, body } = await api('POST', '/api/mam/check', {});
		expect(status).toBe(200);
		const summaries = Object.fromEntries((body.sessions as Array<Record<string, unknown>>).map((summary) => [summary.label, summary]));
		expect(summaries.vpn).toMatchObject({ alive: true, mamSaw: { ip: SOCKS_EXIT, asn: 64500, as: 'EXAMPLE-VPN' } });
		expect(summaries.web).toMatchObject({ alive: true, mamSaw: { ip: HTTP_EXIT } });
		expect(summaries.home).toMatchObject({ alive: true, mamSaw: { ip: '127.0.0.1' } });
		// The user stats answer carries no address, but the call went through the proxy all the same.
		expect(summaries.stats).toMatchObject({ alive: true, outcome: 'ok' });
		expect(summaries.stats.mamSaw).toBeUndefined();
		expect(addressesOf(sessions.vpn)).toEqual([SOCKS_EXIT]);
		expect(addressesOf(sessions.web)).toEqual([HTTP_EXIT]);
		expect(addressesOf(sessions.stats)).toEqual([HTTP_EXIT]);
		expect(addressesOf(sessions.home)).toEqual(['127.0.0.1']);

		// A proxy that refuses its login: the session's own error, naming it, the proxy and the fix; MAM never called.
		expect(summaries.wrong).toMatchObject({ alive: false, outcome: 'error' });
		expect(summaries.wrong.message).toBe(
			`The proxy http://${httpProxy.username}:***@127.0.0.1:${httpProxy.port} of MAM session "wrong" refused the username and password (HTTP 401); MyAnonamouse was not called. Fix: set the proxy's username and password in mam.sessions[4].proxy (username, and password or password_file).`,
		);
		expect(addressesOf(sessions.wrong)).toEqual([]);
		expect(sessions.wrong.isAlive).toBe(true);

		const keepalives = await eventsOf('mam_keepalive');
		expect(keepalives.find((event) => event.subject === 'vpn')?.details).toMatchObject({ trigger: 'session_check', mam_saw: { ip: SOCKS_EXIT, asn: 64500, as: 'EXAMPLE-VPN' } });
	});

	it('keeps what MAM saw with the last check: GET /api/mam/sessions and `mam sessions` show it, with the proxy (no password)', async () => {
		const { body } = await api('GET', '/api/mam/sessions');
		const listed = Object.fromEntries((body.sessions as Array<Record<string, unknown>>).map((session) => [session.label, session]));
		expect(listed.vpn).toMatchObject({ proxy: `socks5://${socks.username}:***@127.0.0.1:${socks.port}`, last_check: { outcome: 'ok', ip: SOCKS_EXIT, asn: 64500, as: 'EXAMPLE-VPN' } });
		expect(listed.home.proxy).toBeUndefined();
		expect(listed.home).toMatchObject({ last_check: { ip: '127.0.0.1' } });

		const printed = await cli('mam', 'sessions');
		expect(printed.code).toBe(0);
		const line = printed.out.split('\n').find((text) => text.startsWith('vpn '));
		expect(line).toContain(`MAM saw ${SOCKS_EXIT} (AS64500 EXAMPLE-VPN)  via socks5://${socks.username}:***@127.0.0.1:${socks.port}`);
		expect(printed.out.split('\n').find((text) => text.startsWith('home '))).toContain('MAM saw 127.0.0.1 (AS64500 EXAMPLE-VPN)');
		for (const password of [socks.password!, httpProxy.password!, WRONG_PASSWORD]) expect(printed.out + JSON.stringify(body)).not.toContain(password);
	});

	it('sends a rotation’s keepalive through the proxy too, and its event names the address', async () => {
		const { status } = await api('POST', '/api/prowlarr/update_mam_id', { label: 'vpn', force: false });
		expect(status).toBeLessThan(500);
		const rotation = (await eventsOf('mam_keepalive')).filter((event) => event.subject === 'vpn' && event.details?.trigger === 'rotation');
		expect(rotation.at(-1)?.details).toMatchObject({ mam_saw: { ip: SOCKS_EXIT } });
		expect(addressesOf(sessions.vpn)).toEqual([SOCKS_EXIT]);
	});

	it('leaves no proxy password in clear in the logs, the events, the state or any file of the data dir', async () => {
		const logs = logLines.join('');
		expect(logs).toContain('runner started');
		for (const password of [socks.password!, httpProxy.password!, WRONG_PASSWORD]) {
			expect(logs).not.toContain(password);
			expect(filesContaining(path.join(dir, 'data'), password)).toEqual([]);
		}
		expect(readFileSync(path.join(dir, 'data', 'state.json'), 'utf8')).toContain(SOCKS_EXIT);
	});
});

describe('createMamClients', () => {
	it('gives sessions with the same proxy one client (one connection pool), others their own', () => {
		const config = mamConfig({
			dataDir: makeTempDir('mediastack-mam-clients-'),
			mam: { url: 'http://127.0.0.1:9' },
			sessions: [
				{ label: 'a', mamId: 'a'.repeat(30), proxy: 'socks5://user:secret-one@vpn:1080' },
				{ label: 'b', mamId: 'b'.repeat(30), proxy: { url: 'socks5://vpn:1080', username: 'user', password: 'secret-one' } },
				{ label: 'c', mamId: 'c'.repeat(30), proxy: { url: 'socks5://vpn:1080', username: 'user', password: 'secret-two' } },
				{ label: 'd', mamId: 'd'.repeat(30) },
				{ label: 'e', mamId: 'e'.repeat(30) },
			],
		});
		const clients = createMamClients(config);
		try {
			expect(clients.forSession('a')).toBe(clients.forSession('b'));
			expect(clients.forSession('c')).not.toBe(clients.forSession('a'));
			expect(clients.forSession('d')).toBe(clients.forSession('e'));
			expect(clients.forSession('d')).not.toBe(clients.forSession('a'));
			expect(clients.proxyOf('a')).toBe('socks5://user:***@vpn:1080');
			expect(clients.proxyOf('d')).toBeUndefined();
			expect(() => clients.forSession('nope')).toThrow(/no MAM session labelled "nope"/);
		} finally {
			clients.close();
			rmSync(config.data_dir, { recursive: true, force: true });
		}
	});
});
