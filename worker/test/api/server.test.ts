import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config';
import { MediastackConfig } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { ApiServer, readApiInfo, startApiServer } from '../../src/api/server';
import { localIsoTime } from '../../src/api/routes/server-time';
import { EventLog } from '../../src/state/events';
import { clearRegisteredSecrets } from '../../src/state/scrub';
import { StateStore } from '../../src/state/store';

let dataDir: string;
let state: StateStore;
let events: EventLog;
let servers: ApiServer[];

beforeEach(async () => {
	dataDir = await mkdtemp(path.join(tmpdir(), 'mediastack-api-'));
	state = await StateStore.open(dataDir, { env: {} });
	events = await EventLog.open(dataDir);
	servers = [];
});

afterEach(async () => {
	for (const server of servers) await server.close();
	clearRegisteredSecrets();
	await rm(dataDir, { recursive: true, force: true });
});

function configWith(api: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): MediastackConfig {
	return validateConfig({ data_dir: dataDir, timezone: 'Europe/Berlin', api: { port: 0, ...api }, ...extra }, { env: {} });
}

async function start(config = configWith(), health: () => Promise<Record<string, unknown>> = async () => ({ ok: true, temporal: 'connected' })): Promise<ApiServer> {
	const server = await startApiServer({ config, state, events, health, logger: silentLogger() });
	servers.push(server);
	return server;
}

/** token null: send no Authorization header at all. */
async function get(server: ApiServer, route: string, token: string | null = server.token): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
	const response = await fetch(`${server.url}${route}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
	return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('API server', () => {
	it('listens on 127.0.0.1 by default', async () => {
		const server = await start();
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('answers 401 without a token, with a wrong token and with a malformed header', async () => {
		const server = await start();
		for (const token of [null, 'wrong-token', `${server.token}x`]) {
			const response = await get(server, '/api/health', token);
			expect(response.status).toBe(401);
			expect(response.body).toEqual({ error: 'unauthorized', message: expect.stringContaining('Fix: send "Authorization: Bearer <token>"') });
			expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
			expect(JSON.stringify(response.body)).not.toContain(server.token);
		}
		const basic = await fetch(`${server.url}/api/health`, { headers: { authorization: `Basic ${server.token}` } });
		expect(basic.status).toBe(401);
	});

	it('requires the token for unknown routes too', async () => {
		const server = await start();
		expect((await get(server, '/api/nothing-here', null)).status).toBe(401);
		expect(await get(server, '/api/nothing-here')).toMatchObject({ status: 404, body: { error: 'not_found', message: 'There is no GET /api/nothing-here.' } });
	});

	it('generates a token on first start, keeps it encrypted in the state store and writes api-token (0600)', async () => {
		const first = await start();
		expect(first.token.length).toBeGreaterThanOrEqual(40);
		const tokenFile = path.join(dataDir, 'api-token');
		expect((await readFile(tokenFile, 'utf8')).trim()).toBe(first.token);
		expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
		expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).not.toContain(first.token);
		await first.close();
		servers = [];
		const second = await start();
		expect(second.token).toBe(first.token);
	});

	it('uses api.token from the config when set', async () => {
		const server = await start(configWith({ token: 'configured-token-0123456789' }));
		expect(server.token).toBe('configured-token-0123456789');
		expect((await get(server, '/api/health', 'configured-token-0123456789')).status).toBe(200);
	});

	it('writes api.json for the CLI and removes it on close', async () => {
		const server = await start();
		expect(await readApiInfo(dataDir)).toEqual({ url: server.url, pid: process.pid, started_at: expect.any(String) });
		await server.close();
		servers = [];
		expect(await readApiInfo(dataDir)).toBeUndefined();
	});

	it('answers 429 once a client exceeds the per-minute limit, even with a wrong token', async () => {
		const server = await start(configWith({ rate_limit_per_minute: 3 }));
		expect((await get(server, '/api/server_time')).status).toBe(200);
		expect((await get(server, '/api/server_time', 'wrong')).status).toBe(401);
		expect((await get(server, '/api/server_time')).status).toBe(200);
		const limited = await get(server, '/api/server_time');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ error: 'rate_limited', message: expect.stringMatching(/limit is 3 per minute/) });
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
	});

	it('GET /api/health returns what the runner reports, 503 when it is not ok', async () => {
		let healthy = true;
		const server = await start(configWith(), async () => ({ ok: healthy, temporal: { address: '127.0.0.1:7233' } }));
		expect(await get(server, '/api/health')).toMatchObject({ status: 200, body: { ok: true, temporal: { address: '127.0.0.1:7233' } } });
		healthy = false;
		expect(await get(server, '/api/health')).toMatchObject({ status: 503, body: { ok: false } });
	});

	it('answers a failing health check with JSON and no secret', async () => {
		const server = await start(configWith({ token: 'configured-token-0123456789' }), async () => {
			throw new Error('database exploded with configured-token-0123456789');
		});
		const response = await get(server, '/api/health');
		expect(response).toMatchObject({ status: 500, body: { error: 'internal', message: expect.stringContaining('runner log') } });
		expect(JSON.stringify(response.body)).not.toContain('configured-token');
	});

	it('GET /api/server_time gives UTC, the configured zone and the local time there', async () => {
		const server = await start();
		const before = Date.now();
		const { status, body } = await get(server, '/api/server_time');
		expect(status).toBe(200);
		expect(body.timezone).toBe('Europe/Berlin');
		const serverTime = Date.parse(body.server_time as string);
		expect(Math.abs(serverTime - before)).toBeLessThan(5_000);
		expect(body.local_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
		// The same instant, written in Berlin's offset.
		expect(Date.parse(body.local_time as string)).toBe(Math.floor(serverTime / 1000) * 1000);
	});

	it('localIsoTime writes the wall-clock time and offset of a zone', () => {
		const instant = new Date('2024-07-01T10:00:00Z');
		expect(localIsoTime(instant, 'Europe/Berlin')).toBe('2024-07-01T12:00:00+02:00');
		expect(localIsoTime(instant, 'America/New_York')).toBe('2024-07-01T06:00:00-04:00');
		expect(localIsoTime(instant, 'UTC')).toBe('2024-07-01T10:00:00+00:00');
		expect(localIsoTime(instant, 'Asia/Kolkata')).toBe('2024-07-01T15:30:00+05:30');
	});

	it('GET /api/events filters by subject and type, newest first, with a limit', async () => {
		const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 12, minute));
		await events.record({ type: 'prowlarr_test', subject: 'prowlarr', ok: true, time: at(1) });
		await events.record({ type: 'service_health', subject: 'prowlarr', ok: false, time: at(2) });
		await events.record({ type: 'service_health', subject: 'sonarr', ok: true, time: at(3) });
		await events.record({ type: 'mam_keepalive', subject: 'mam', ok: true, time: at(4) });
		const server = await start();
		const list = async (query: string) => ((await get(server, `/api/events${query}`)).body.events as Array<{ type: string; subject: string }>).map((event) => `${event.type}/${event.subject}`);

		expect(await list('')).toEqual(['mam_keepalive/mam', 'service_health/sonarr', 'service_health/prowlarr', 'prowlarr_test/prowlarr']);
		expect(await list('?subject=prowlarr')).toEqual(['service_health/prowlarr', 'prowlarr_test/prowlarr']);
		expect(await list('?type=service_health')).toEqual(['service_health/sonarr', 'service_health/prowlarr']);
		expect(await list('?type=prowlarr_test,mam_keepalive')).toEqual(['mam_keepalive/mam', 'prowlarr_test/prowlarr']);
		expect(await list('?type=prowlarr_test&type=mam_keepalive')).toEqual(['mam_keepalive/mam', 'prowlarr_test/prowlarr']);
		expect(await list('?subject=prowlarr&type=service_health')).toEqual(['service_health/prowlarr']);
		expect(await list('?limit=1')).toEqual(['mam_keepalive/mam']);
		expect(await list('?since=2024-05-01T12:03:00Z')).toEqual(['mam_keepalive/mam', 'service_health/sonarr']);
	});

	it('GET /api/events rejects a bad limit or since with 400 and a message', async () => {
		const server = await start();
		expect(await get(server, '/api/events?limit=0')).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('limit must be') } });
		expect(await get(server, '/api/events?limit=abc')).toMatchObject({ status: 400 });
		expect(await get(server, '/api/events?since=yesterday')).toMatchObject({ status: 400, body: { message: expect.stringContaining('ISO 8601') } });
	});

	it('takes extra route modules', async () => {
		const config = configWith();
		const server = await startApiServer({
			config,
			state,
			events,
			health: async () => ({ ok: true }),
			logger: silentLogger(),
			routes: [
				(app) => {
					app.get('/api/extra', async () => ({ extra: true }));
				},
			],
		});
		servers.push(server);
		expect(await get(server, '/api/extra')).toMatchObject({ status: 200, body: { extra: true } });
		expect((await get(server, '/api/extra', 'nope')).status).toBe(401);
	});
});

describe('API server start-up errors', () => {
	it('explains a port that is already taken', async () => {
		const first = await start();
		const port = Number(new URL(first.url).port);
		await expect(start(configWith({ port }))).rejects.toThrow(
			`The API cannot listen on 127.0.0.1:${port}: port ${port} (\`api.port\`) is already in use by another program (or another runner). Fix: stop that program, or use another port: set \`api.port: PORT\` in the config, or pass --api-port PORT (0 picks a free one).`,
		);
	});
});
