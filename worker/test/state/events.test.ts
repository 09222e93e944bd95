import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/state/events';
import { clearRegisteredSecrets } from '../../src/state/scrub';

let dataDir: string;
let warnings: string[];

beforeEach(async () => {
	dataDir = await mkdtemp(path.join(tmpdir(), 'mediastack-events-'));
	warnings = [];
});

afterEach(async () => {
	clearRegisteredSecrets();
	await rm(dataDir, { recursive: true, force: true });
});

function openLog(): Promise<EventLog> {
	return EventLog.open(dataDir, { warn: (message) => warnings.push(message) });
}

const file = () => path.join(dataDir, 'events.jsonl');

describe('EventLog', () => {
	it('appends one JSON line per event with an id and ISO time, file mode 0600', async () => {
		const log = await openLog();
		const event = await log.record({ type: 'prowlarr_test', subject: 'prowlarr', ok: true, details: { version: '2.5.0' }, time: new Date('2024-05-01T12:00:00Z') });
		expect(event).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), time: '2024-05-01T12:00:00.000Z', type: 'prowlarr_test', subject: 'prowlarr', ok: true, details: { version: '2.5.0' } });
		const lines = (await readFile(file(), 'utf8')).split('\n');
		expect(lines).toHaveLength(2);
		expect(JSON.parse(lines[0])).toEqual(event);
		expect(lines[1]).toBe('');
		expect((await stat(file())).mode & 0o777).toBe(0o600);
	});

	it('records an event with a key once: a resumed step appends nothing, and answers the same id, also after a reopen', async () => {
		const log = await openLog();
		const key = 'mam-rotation-direct-abc/6c1f0e0a-run/prowlarr_auto_update';
		const first = await log.record({ type: 'prowlarr_auto_update', subject: 'direct', ok: true, key });
		expect(first).toMatchObject({ key, id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });
		const again = await log.record({ type: 'prowlarr_auto_update', subject: 'direct', ok: true, key });
		expect(again.id).toBe(first.id);
		// Another step of the same run, and an event without a key, are recorded.
		await log.record({ type: 'mam_keepalive', subject: 'direct', ok: true, key: 'mam-rotation-direct-abc/6c1f0e0a-run/mam_keepalive' });
		await log.record({ type: 'notify_failed', subject: 'hook', ok: false });
		await log.record({ type: 'notify_failed', subject: 'hook', ok: false });
		const reopened = await openLog();
		await reopened.record({ type: 'prowlarr_auto_update', subject: 'direct', ok: true, key });
		const lines = (await readFile(file(), 'utf8')).trim().split('\n');
		expect(lines.map((line) => JSON.parse(line).type)).toEqual(['prowlarr_auto_update', 'mam_keepalive', 'notify_failed', 'notify_failed']);
		expect((await reopened.query({ type: 'prowlarr_auto_update' })).map((event) => event.id)).toEqual([first.id]);
	});

	it('returns events newest first and filters by subject, type (one or several), since and limit', async () => {
		const log = await openLog();
		const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 12, minute));
		await log.record({ type: 'prowlarr_test', subject: 'prowlarr', ok: true, time: at(1) });
		await log.record({ type: 'service_health', subject: 'prowlarr', ok: false, time: at(2) });
		await log.record({ type: 'service_health', subject: 'sonarr', ok: true, time: at(3) });
		await log.record({ type: 'mam_keepalive', subject: 'mam', ok: true, time: at(4) });

		const types = async (query: Parameters<EventLog['query']>[0]) => (await log.query(query)).map((event) => `${event.type}/${event.subject}`);
		expect(await types({})).toEqual(['mam_keepalive/mam', 'service_health/sonarr', 'service_health/prowlarr', 'prowlarr_test/prowlarr']);
		expect(await types({ subject: 'prowlarr' })).toEqual(['service_health/prowlarr', 'prowlarr_test/prowlarr']);
		expect(await types({ type: 'service_health' })).toEqual(['service_health/sonarr', 'service_health/prowlarr']);
		expect(await types({ type: ['prowlarr_test', 'mam_keepalive'] })).toEqual(['mam_keepalive/mam', 'prowlarr_test/prowlarr']);
		expect(await types({ subject: 'prowlarr', type: 'service_health' })).toEqual(['service_health/prowlarr']);
		expect(await types({ since: at(3) })).toEqual(['mam_keepalive/mam', 'service_health/sonarr']);
		expect(await types({ limit: 2 })).toEqual(['mam_keepalive/mam', 'service_health/sonarr']);
	});

	it('keeps append order among events with the same time (newest append first)', async () => {
		const log = await openLog();
		const time = new Date('2024-05-01T12:00:00Z');
		for (const subject of ['a', 'b', 'c']) await log.record({ type: 't', subject, ok: true, time });
		expect((await log.query()).map((event) => event.subject)).toEqual(['c', 'b', 'a']);
	});

	it('returns nothing (and creates nothing) before the first event', async () => {
		const log = await openLog();
		expect(await log.query()).toEqual([]);
		await expect(stat(file())).rejects.toThrow();
	});

	it('masks secret-named keys at any depth', async () => {
		const log = await openLog();
		const event = await log.record({
			type: 'prowlarr_test',
			subject: 'prowlarr',
			ok: false,
			details: {
				api_key: '0123456789abcdef0123456789abcdef',
				nested: { apiKey: 'abcdefabcdefabcdef-key', password: 'hunter2hunter2', headers: { 'X-Api-Key': 'headerkey123456789', cookie: 'mam_id=cookiecookie' } },
				list: [{ token: 'tok-123456789012345' }, { secret: 42 }],
				mam_id: 'MAMCOOKIEVALUE0123456789',
				kept: 'visible',
				cookie_rotated: true,
			},
		});
		const raw = await readFile(file(), 'utf8');
		for (const secret of ['0123456789abcdef0123456789abcdef', 'abcdefabcdefabcdef-key', 'hunter2hunter2', 'headerkey123456789', 'cookiecookie', 'tok-123456789012345', 'MAMCOOKIEVALUE0123456789']) {
			expect(raw).not.toContain(secret);
		}
		expect(event.details).toMatchObject({
			api_key: '...89abcdef',
			nested: { password: '...2hunter2', headers: { 'X-Api-Key': '...23456789' } },
			list: [{ token: '...89012345' }, { secret: '[redacted]' }],
			kept: 'visible',
			cookie_rotated: true,
		});
	});

	it('masks registered secret values wherever they appear in strings', async () => {
		const log = await openLog();
		const key = 'f00dfeedf00dfeedf00dfeedf00dfeed';
		EventLog.registerSecret(key);
		await log.record({ type: 'x', subject: `service ${key}`, ok: false, details: { message: `GET /api?apikey=${key} failed`, list: [`${key}!`] } });
		const raw = await readFile(file(), 'utf8');
		expect(raw).not.toContain(key);
		expect(raw).toContain('...f00dfeed');
	});

	it('summarises an Error in details without its internals', async () => {
		const log = await openLog();
		const error = Object.assign(new Error('boom'), { config: { headers: { 'X-Api-Key': 'k'.repeat(32) } } });
		const event = await log.record({ type: 'x', subject: 's', ok: false, details: { error } });
		expect(event.details).toEqual({ error: { name: 'Error', message: 'boom' } });
	});

	it('skips a torn last line with a warning, and the next append starts on a new line', async () => {
		const log = await openLog();
		await log.record({ type: 'first', subject: 's', ok: true });
		// What a crash in the middle of an append leaves behind.
		await appendFile(file(), '{"id":"torn","time":"2024-05-01T');
		expect((await log.query()).map((event) => event.type)).toEqual(['first']);
		expect(warnings).toEqual([expect.stringMatching(/Skipping damaged line 2 .*cut short by a crash/)]);

		await log.record({ type: 'second', subject: 's', ok: true });
		warnings = [];
		expect((await log.query()).map((event) => event.type)).toEqual(['second', 'first']);
		expect(warnings).toEqual([expect.stringMatching(/damaged line 2 /)]);
	});

	it('does not lose or mix events appended concurrently', async () => {
		const log = await openLog();
		await Promise.all(Array.from({ length: 30 }, (_, index) => log.record({ type: 'n', subject: String(index), ok: true })));
		const lines = (await readFile(file(), 'utf8')).trim().split('\n');
		expect(lines).toHaveLength(30);
		expect(new Set(lines.map((line) => (JSON.parse(line) as { subject: string }).subject)).size).toBe(30);
	});
});
