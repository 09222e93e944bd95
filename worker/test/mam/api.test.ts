import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAppriseApi, startFakeAppriseApi } from '../../../test/fakes/apprise-api';
import { FakeMamSession, FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { main } from '../../src/cli';
import type { CommandOutput } from '../../src/commands/output';
import { createLogger } from '../../src/log';
import { RunnerHandle, startRunner } from '../../src/runner';
import { EventLog } from '../../src/state';
import { MAM_SESSION_CHECK_SCHEDULE_ID } from '../../src/temporal/schedules';
import { TestTemporal, makeTempDir, startTestTemporal, uniqueTaskQueue } from '../support/temporal';
import { daysAgo, mamConfigData } from './support';

/**
 * The runner's MAM routes (MouseTrap-compatible) and the CLI commands that use them, with the
 * runner started in this process against a real Temporal dev server and the fakes.
 */
let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let prowlarr: FakeProwlarr;
let apprise: FakeAppriseApi;
let dir: string;
let configFile: string;
let runner: RunnerHandle;
let direct: FakeMamSession;
let plain: FakeMamSession;

const quiet = () => createLogger('error', { destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });

beforeAll(async () => {
	[temporal, mam, prowlarr, apprise] = await Promise.all([startTestTemporal(), startFakeMyAnonamouse(), startFakeProwlarr(), startFakeAppriseApi()]);
	direct = mam.session;
	plain = mam.addSession();
	dir = makeTempDir('mediastack-mam-api-');
	configFile = path.join(dir, 'mediastack.yaml');
	const data = mamConfigData({
		dataDir: path.join(dir, 'data'),
		mam,
		prowlarr: { prowlarr },
		sessions: [
			{ label: 'direct', mamId: direct.mamId, created: daysAgo(84), notifyBeforeDays: 7, prowlarr: 'prowlarr' },
			{ label: 'plain', mamId: plain.mamId, keepalive: 'user_stats' },
		],
		temporal: { address: temporal.server.address, task_queue: uniqueTaskQueue('mam-api') },
		api: { port: 0 },
		schedules: { service_health: { enabled: false } },
		notify: { channels: { push: { type: 'apprise', api_url: apprise.url, urls: ['json://notify.example.org/x'] } }, event_rules: { default: ['push'] } },
	});
	writeFileSync(configFile, JSON.stringify(data));
	runner = await startRunner({ configPath: configFile, logger: quiet(), env: {} });
});

afterAll(async () => {
	await runner?.stop();
	await Promise.all([mam?.close(), prowlarr?.close(), apprise?.close()]);
	await temporal?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function api(method: 'GET' | 'POST', route: string, body?: unknown, token = readFileSync(path.join(dir, 'data', 'api-token'), 'utf8').trim()) {
	const response = await fetch(`${runner.apiUrl}${route}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
	const out: string[] = [];
	const err: string[] = [];
	const output: CommandOutput = { out: (line = '') => out.push(line), err: (line = '') => err.push(line) };
	const code = await main(['node', 'mediastack', ...args, '--config', configFile], output);
	process.exitCode = undefined;
	return { code, out: out.join('\n'), err: err.join('\n') };
}

const events = async (type: string) => (await (await EventLog.open(path.join(dir, 'data'))).query({ type })).reverse();

describe('MAM routes', () => {
	it('lists the sessions with masked cookies only, behind the bearer token', async () => {
		expect((await api('GET', '/api/mam/sessions', undefined, 'wrong-token-0123456789')).status).toBe(401);
		const { status, body } = await api('GET', '/api/mam/sessions');
		expect(status).toBe(200);
		const sessions = body.sessions as Array<Record<string, unknown>>;
		expect(sessions.map((session) => [session.label, session.mam_id, session.version])).toEqual([
			['direct', `...${direct.mamId.slice(-8)}`, 1],
			['plain', `...${plain.mamId.slice(-8)}`, 1],
		]);
		expect(sessions[0]).toMatchObject({ days_remaining: 6, lifetime_days: 90, prowlarr: { service: 'prowlarr', enabled: true } });
		expect(JSON.stringify(body)).not.toContain(direct.mamId);
		const health = await runner.health();
		expect(health.schedules).toEqual(expect.arrayContaining([expect.objectContaining({ id: MAM_SESSION_CHECK_SCHEDULE_ID, enabled: true, cron: '0 8 * * *' })]));
	});

	it('POST /api/prowlarr/test finds the MyAnonamouse indexer of the session\'s Prowlarr', async () => {
		const { status, body } = await api('POST', '/api/prowlarr/test', { label: 'direct' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ ok: true, success: true, indexer_id: 1, indexer_name: 'MyAnonamouse', service: 'prowlarr' });
		expect((await events('prowlarr_find_indexer')).at(-1)).toMatchObject({ subject: 'direct', ok: true, details: { indexer_id: 1 } });
		expect((await api('POST', '/api/prowlarr/test', { label: 'plain' })).body).toMatchObject({ ok: false });
		expect((await api('POST', '/api/prowlarr/test', { label: 'nope' })).status).toBe(404);
	});

	it('POST /api/prowlarr/update_mam_id rotates the cookie and pushes it (MouseTrap request and answer)', async () => {
		const { status, body } = await api('POST', '/api/prowlarr/update_mam_id', { label: 'direct', force: false });
		expect(status).toBe(200);
		expect(body).toMatchObject({ ok: true, success: true, message: 'Prowlarr indexer updated successfully', indexer_id: 1, source: 'keepalive', done: true });
		expect(body.workflow_id).toMatch(/^mam-rotation-direct-/);
		expect(prowlarr.mamId()).toBe(direct.mamId);
		expect(body.mam_id).toBe(`...${direct.mamId.slice(-8)}`);
		expect((await api('POST', '/api/prowlarr/update_mam_id', {})).status).toBe(400);
	});

	it('POST /api/mam/sessions/:label/mam_id saves first, then pushes only a changed ID', async () => {
		const fresh = mam.addSession();
		const saved = await api('POST', '/api/mam/sessions/direct/mam_id', { mam_id: fresh.mamId, created: '2026-01-05T10:00' });
		expect(saved.status).toBe(200);
		expect(saved.body).toMatchObject({ changed: true, version: 3, mam_id: `...${fresh.mamId.slice(-8)}`, created: '2026-01-05T10:00:00.000Z', done: true, ok: true });
		expect((saved.body.result as { eventType: string }).eventType).toBe('prowlarr_manual_update');
		expect(prowlarr.mamId()).toBe(fresh.mamId);
		direct = fresh;

		const again = await api('POST', '/api/mam/sessions/direct/mam_id', { mam_id: fresh.mamId });
		expect(again.body).toMatchObject({ changed: false, version: 3 });
		expect(again.body.workflow_id).toBeUndefined();
		expect((await api('POST', '/api/mam/sessions/direct/mam_id', { mam_id: fresh.mamId, created: 'last tuesday' })).status).toBe(400);
		expect((await api('POST', '/api/mam/sessions/direct/mam_id', {})).status).toBe(400);
		expect((await api('POST', '/api/mam/sessions/nope/mam_id', { mam_id: fresh.mamId })).status).toBe(404);
	});

	it('POST /api/prowlarr/test_expiry_notification sends the warning and answers the dates', async () => {
		await api('POST', '/api/mam/sessions/direct/mam_id', { mam_id: direct.mamId, created: daysAgo(84) });
		const { status, body } = await api('POST', '/api/prowlarr/test_expiry_notification', { label: 'direct' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ ok: true, success: true, days_remaining: 6, deliveries: [expect.objectContaining({ channel: 'push', ok: true })] });
		expect(body.details).toEqual({ created: body.created, expires: body.expires, days_remaining: 6 });
		const warning = apprise.notifications.at(-1)!;
		expect(warning.title).toBe('[mediastack] mam_session_expiry - WARNING');
		expect(warning.body).toContain(`MAM ID ending in ...${direct.mamId.slice(-8)}`);
		expect((await api('POST', '/api/prowlarr/test_expiry_notification', { label: 'plain' })).status).toBe(400);
	});

	it('POST /api/mam/check runs the check and answers each session', async () => {
		const first = await api('POST', '/api/mam/check', {});
		expect(first.status).toBe(200);
		const sessions = first.body.sessions as Array<Record<string, unknown>>;
		expect(sessions.find((session) => session.label === 'direct')).toMatchObject({ outcome: 'ok', rotated: true, needsPush: true, daysRemaining: 6, expiryWarning: 'sent' });
		// `plain` keeps alive through the user stats page.
		expect(sessions.find((session) => session.label === 'plain')).toMatchObject({ outcome: 'ok', rotated: true, needsPush: false });
		expect(plain.issuedMamIds).toHaveLength(2);
		const rotations = first.body.rotations as Array<{ label: string; workflowId: string }>;
		expect(rotations.map((rotation) => rotation.label)).toEqual(['direct']);
		await temporal.env.client.workflow.getHandle(rotations[0].workflowId).result();
		expect(prowlarr.mamId()).toBe(direct.mamId);
		const second = await api('POST', '/api/mam/check', { label: 'direct' });
		expect((second.body.sessions as Array<Record<string, unknown>>)[0]).toMatchObject({ label: 'direct', expiryWarning: 'already_sent' });
		for (const rotation of second.body.rotations as Array<{ workflowId: string }>) await temporal.env.client.workflow.getHandle(rotation.workflowId).result();
	});
});

describe('CLI commands through the runner', () => {
	it('mam sessions and mam rotate --force', async () => {
		const listed = await cli('mam', 'sessions');
		expect(listed.code).toBe(0);
		expect(listed.out).toMatch(/^direct {2}MAM ID \.\.\.\S{8} v\d+ {2}expires \d{4}-\d{2}-\d{2} \(6 days\) {2}Prowlarr: prowlarr /m);
		expect(listed.out).toMatch(/^plain {2}.*no created date {2}Prowlarr: no Prowlarr {2}last check: ok$/m);

		const puts = prowlarr.indexerState(1).putCount;
		const rotated = await cli('mam', 'rotate', 'direct', '--force');
		expect(rotated.code).toBe(0);
		expect(rotated.out).toContain('Rotation of session direct (keepalive):');
		expect(rotated.out).toMatch(/Prowlarr prowlarr: updated; indexer 1 holds MAM ID \.\.\.\S{8}/);
		expect(prowlarr.indexerState(1).putCount).toBe(puts + 1);
	});

	it('mam check prints one line per session; notify test prints each channel', async () => {
		const checked = await cli('mam', 'check');
		expect(checked.code).toBe(0);
		// The dynamic seedbox answer says where MAM saw the call come from; the user stats call does not.
		expect(checked.out).toMatch(/^direct: no_change, new MAM ID \.\.\.\S{8}, MAM saw 198\.51\.100\.23 \(AS64500 EXAMPLE-VPN\), 6 days left, expiry warning already sent$/m);
		expect(checked.out).toMatch(/^plain: ok, new MAM ID/m);

		const tested = await cli('notify', 'test', 'direct');
		expect(tested.code).toBe(0);
		expect(tested.out).toMatch(/^ {2}push \(apprise-api\): sent in \d+ ms/m);

		const noDate = await cli('notify', 'test', 'plain');
		expect(noDate.code).toBe(1);
		expect(noDate.err).toContain('has no created date');
		const unknown = await cli('mam', 'rotate', 'nope');
		expect(unknown.code).toBe(1);
		expect(unknown.err).toContain('There is no MAM session labelled "nope"');
	});

	it('mam check and mam rotate exit 2 when MAM refuses a session, with what to do; 1 when MAM gives no usable answer; neither blames Prowlarr', async () => {
		direct.kill();
		try {
			const checked = await cli('mam', 'check', 'direct');
			expect(checked.code).toBe(2);
			expect(checked.out).toMatch(/^direct: invalid_session, 6 days left, expiry warning already sent, alert sent$/m);
			expect(checked.out).toContain('\n  MyAnonamouse refused the session: Invalid session. The cookie no longer belongs to a live session (expired, revoked or unused for weeks). Fix: create a new session on MyAnonamouse');

			const rotated = await cli('mam', 'rotate', 'direct');
			expect(rotated.code).toBe(2);
			expect(rotated.err).toMatch(/^MyAnonamouse did not accept the keepalive \(workflow mam-rotation-direct-\S+\); Prowlarr was not changed\. MyAnonamouse refused the session: Invalid session\. .* Fix: create a new session/);
			expect(rotated.err).not.toContain('Prowlarr update failed');
			const api502 = await api('POST', '/api/prowlarr/update_mam_id', { label: 'direct', force: false });
			expect(api502).toMatchObject({ status: 502, body: { ok: false, error: 'InvalidSession', stage: 'mam', fix: expect.stringContaining('mediastack mam set-id direct NEW_MAM_ID --created now') } });
		} finally {
			direct.revive();
		}

		mam.fault({ kind: 'html', status: 503 }, { times: 4 });
		const html = await cli('mam', 'check', 'direct');
		expect(html.code).toBe(1);
		expect(html.out).toMatch(/^direct: unexpected_html, 6 days left, expiry warning already sent$/m);
		expect(html.out).toContain('\n  MyAnonamouse answered the dynamic seedbox call with an HTML page (HTTP 503) instead of JSON; the site may be down or behind a challenge. Fix: check that https://www.myanonamouse.net opens from this machine');
		expect(html.out.match(/MyAnonamouse answered/g)).toHaveLength(1);
		const htmlRotation = await cli('mam', 'rotate', 'direct');
		expect(htmlRotation.code).toBe(1);
		expect(htmlRotation.err).toContain('MyAnonamouse did not accept the keepalive');
		expect(htmlRotation.err.match(/MyAnonamouse answered/g)).toHaveLength(1);
		expect(htmlRotation.err).not.toContain('Prowlarr update failed');
		mam.clearFaults();

		mam.fault({ kind: 'reset' }, { times: 1 });
		const unreachable = await cli('mam', 'check', 'direct');
		expect(unreachable.code).toBe(1);
		expect(unreachable.out).toMatch(/^direct: error, 6 days left, expiry warning already sent\n {2}MyAnonamouse is not reachable at \S+ \(connection reset\)\. Fix: check this machine can reach myanonamouse\.net/m);

		// MAM accepts the session again: exit 0.
		expect((await cli('mam', 'check', 'direct')).code).toBe(0);
	});
});
