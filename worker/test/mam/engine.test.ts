import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../clients/notify/webhook';
import { FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { FakeProwlarr, randomMamCookie, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { freePort } from '../../../test/peers';
import { cookieFingerprint } from '../../src/mam';
import { dataFiles } from '../../src/paths';
import { StateStore } from '../../src/state';
import { registeredSecretValues } from '../../src/state/scrub';
import { Receiver, startReceiver } from '../notify/receiver';
import { makeTempDir } from '../support/temporal';
import { EngineRig, createEngineRig, daysAgo, mamConfig, waitUntil } from './support';

/**
 * The MAM session logic without Temporal: real HTTP to the fake MAM and fake Prowlarr, the
 * real encrypted state and event log, real webhook deliveries.
 */
const HMAC_SECRET = 'hmac-' + randomMamCookie().slice(0, 27);

let mam: FakeMyAnonamouse;
let prowlarr: FakeProwlarr;
let hook: Receiver;
let deadPort: number;
let rig: EngineRig | undefined;
let dataDir: string;

beforeAll(async () => {
	[mam, prowlarr, hook, deadPort] = await Promise.all([startFakeMyAnonamouse(), startFakeProwlarr(), startReceiver(), freePort()]);
});

afterAll(async () => {
	await Promise.all([mam?.close(), prowlarr?.close(), hook?.close()]);
});

afterEach(() => {
	rig?.close();
	rig = undefined;
	rmSync(dataDir, { recursive: true, force: true });
	mam.clearFaults();
	prowlarr.clearFaults();
	hook.received.length = 0;
});

const mamIndexer = () => prowlarr.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!;

/** A new MAM session on the fake, and an engine whose config names it. */
async function setup(options: { created?: string; notifyBeforeDays?: number; brokenChannel?: boolean; prowlarr?: boolean; now?: () => Date } = {}) {
	dataDir = makeTempDir('mediastack-mam-engine-');
	const session = mam.addSession();
	const config = mamConfig({
		dataDir,
		mam,
		prowlarr: { main: prowlarr },
		sessions: [{ label: 'direct', mamId: session.mamId, created: options.created, notifyBeforeDays: options.notifyBeforeDays, prowlarr: options.prowlarr === false ? undefined : 'main' }],
		notify: {
			channels: {
				hook: { type: 'webhook', url: `${hook.url}/mam`, hmac_secret: HMAC_SECRET },
				...(options.brokenChannel ? { gone: { type: 'webhook', url: `http://127.0.0.1:${deadPort}/hook`, timeout_ms: 2_000 } } : {}),
			},
			event_rules: { default: options.brokenChannel ? ['hook', 'gone'] : ['hook'] },
		},
	});
	rig = await createEngineRig(config, { now: options.now });
	await rig.engine.reconcileConfig();
	return { session, config, rig };
}

async function eventsOf(type: string) {
	return (await rig!.events.query({ type })).reverse();
}

function webhookPayloads(): Array<{ event: string; subject: string; body: string; data: Record<string, unknown> }> {
	return hook.received.map((request) => {
		expect(verifyWebhookSignature(request.rawBody, request.headers['x-mediastack-signature'] as string, HMAC_SECRET)).toBe(true);
		return JSON.parse(request.rawBody);
	});
}

describe('keepalive', () => {
	it('saves the rotated cookie before returning, and MAM accepts only that one afterwards', async () => {
		const { session, rig } = await setup();
		const first = session.mamId;
		const result = await rig.engine.keepalive('direct');
		expect(result).toMatchObject({ outcome: 'ok', alive: true, rotated: true, version: 2, mamIdTail: `...${session.mamId.slice(-8)}` });
		expect(rig.state.cookie('direct')).toMatchObject({ value: session.mamId, version: 2, source: 'rotation' });
		expect(mam.accepts(first)).toBe(false);
		expect(mam.accepts(session.mamId)).toBe(true);
		expect(rig.state.record('direct')?.last_confirmed_use).toBeDefined();
		// The second call uses the saved cookie: "No Change", rotated again.
		expect(await rig.engine.keepalive('direct')).toMatchObject({ outcome: 'no_change', alive: true, rotated: true, version: 3 });
	});

	it('keeps masking the newest cookie and the one it replaced, and forgets older ones', async () => {
		const { session, rig } = await setup();
		const configCookie = session.mamId;
		await rig.engine.keepalive('direct');
		const second = session.mamId;
		await rig.engine.keepalive('direct');
		const third = session.mamId;
		await rig.engine.keepalive('direct');
		const masked = registeredSecretValues();
		expect(masked).toContain(session.mamId);
		expect(masked).toContain(third);
		expect(masked).not.toContain(second);
		// The config's cookie is still written in the config file.
		expect(masked).toContain(configCookie);
	});

	it('saves a cookie MAM rotated while refusing the session (wrong session type)', async () => {
		const { session, rig } = await setup();
		session.refusal = 'asn_mismatch';
		const result = await rig.engine.keepalive('direct');
		expect(result).toMatchObject({ outcome: 'wrong_session_type', alive: false, rotated: true, version: 2, message: 'Invalid session - ASN mismatch' });
		expect(rig.state.cookie('direct')?.value).toBe(session.mamId);
	});

	it('keeps the cookie when MAM answers "Invalid session" (nothing to save)', async () => {
		const { session, rig } = await setup();
		session.kill();
		expect(await rig.engine.keepalive('direct')).toMatchObject({ outcome: 'invalid_session', alive: false, rotated: false, version: 1 });
	});

	it('serialises concurrent uses of one session, so none sends a cookie MAM already rotated away', async () => {
		const { session, rig } = await setup();
		const results = await Promise.all(Array.from({ length: 8 }, () => rig.engine.keepalive('direct')));
		expect(results.every((result) => result.alive)).toBe(true);
		expect(results.map((result) => result.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
		expect(rig.state.cookie('direct')).toMatchObject({ value: session.mamId, version: 9 });
	});

	it('saves the rotated cookie as soon as the headers are in, before the body: an answer cut off after them loses nothing', async () => {
		const { session, rig } = await setup();
		const first = session.mamId;
		const held = mam.holdNextAnswer('headers');
		const call = rig.engine.keepalive('direct').then(
			() => undefined,
			(error: unknown) => error,
		);
		await held.reached;
		const rotated = session.mamId;
		expect(rotated).not.toBe(first);
		// MAM's headers are in, its body is not: the new cookie is already on disk.
		await waitUntil('the rotated cookie is saved', async () => (await StateStore.open(dataDir, { env: {} })).getSecret('mam.sessions.direct.cookie') === rotated);
		expect(rig.state.record('direct')?.in_flight).toBeUndefined();
		held.drop();
		expect(await call).toMatchObject({ name: 'NetworkError' });
		expect(rig.state.cookie('direct')).toMatchObject({ value: rotated, version: 2, source: 'rotation' });
		// The next call uses it, and MAM accepts it.
		expect(await rig.engine.keepalive('direct')).toMatchObject({ alive: true, version: 3 });
		expect(mam.accepts(session.mamId)).toBe(true);
	});

	it('marks a call in flight until MAM answers; when MAM then refuses the cookie, the alert says a rotation was interrupted and gives the fix', async () => {
		const { session, rig } = await setup();
		const first = session.mamId;
		// MAM rotates, then the connection dies before a byte of the answer: the new cookie is lost.
		const held = mam.holdNextAnswer('nothing');
		const call = rig.engine.keepaliveAndAlert('direct').catch((error: unknown) => error);
		await held.reached;
		expect(rig.state.record('direct')?.in_flight).toMatchObject({ fingerprint: cookieFingerprint(first) });
		held.drop();
		expect(await call).toMatchObject({ name: 'NetworkError' });
		expect(rig.state.record('direct')?.in_flight).toMatchObject({ fingerprint: cookieFingerprint(first) });

		const refused = await rig.engine.keepaliveAndAlert('direct', 'wf-1/run-1/3');
		expect(refused).toMatchObject({ outcome: 'invalid_session', alive: false, interruptedAt: expect.any(String), invalidAlert: 'sent' });
		expect(refused.problem?.message).toContain('A cookie rotation was interrupted while MyAnonamouse was answering');
		expect(refused.problem?.message).toContain('Fix: create a new session on MyAnonamouse (Preferences → Security) and save its mam_id with `mediastack mam set-id direct NEW_MAM_ID --created now`');
		// The answer settled the question: the mark is gone.
		expect(rig.state.record('direct')?.in_flight).toBeUndefined();
		const [alert] = webhookPayloads();
		expect(alert.subject).toBe('[mediastack] mam_session_invalid - ALERT');
		expect(alert.body).toContain('MAM refused the session after an interrupted rotation!');
		expect(alert.body).toContain('A cookie rotation was interrupted while MAM was answering');
		expect(alert.body).toContain('`mediastack mam set-id direct NEW_MAM_ID --created now`');
		expect(alert.data).toMatchObject({ reason: 'invalid_session', interrupted_at: refused.interruptedAt });
		expect((await eventsOf('mam_session_invalid'))[0].details).toMatchObject({ reason: 'invalid_session', kind: 'cookie lost in an interrupted rotation', interrupted_at: refused.interruptedAt });

		// Latched as usual: refused again, no second alert.
		expect(await rig.engine.keepaliveAndAlert('direct', 'wf-2/run-1/3')).toMatchObject({ outcome: 'invalid_session', invalidAlert: 'already_sent' });
		expect(webhookPayloads()).toHaveLength(1);
	});

	it('does not blame an interrupted call for a cookie MAM refuses without one before it', async () => {
		const { session, rig } = await setup();
		session.kill();
		const refused = await rig.engine.keepalive('direct');
		expect(refused).toMatchObject({ outcome: 'invalid_session', interruptedAt: undefined });
		expect(refused.problem?.message).toBe(
			'MyAnonamouse refused the session: Invalid session. The cookie no longer belongs to a live session (expired, revoked or unused for weeks). Fix: create a new session on MyAnonamouse (Preferences → Security) and save its mam_id with `mediastack mam set-id direct NEW_MAM_ID --created now` (API: POST /api/mam/sessions/direct/mam_id with {"mam_id", "created": "now"}); Prowlarr is updated for you.',
		);
	});

	it('keeps every cookie out of the state file, which holds them only encrypted', async () => {
		const { session, rig } = await setup();
		await rig.engine.keepalive('direct');
		const text = readFileSync(dataFiles(dataDir).state, 'utf8');
		for (const cookie of session.issuedMamIds) expect(text).not.toContain(cookie);
		expect(text).toContain(cookieFingerprint(session.mamId));
	});
});

describe('pushToProwlarr', () => {
	it('PUTs the newest cookie without forceSave (Prowlarr tests and drops its cached cookie), then skips when Prowlarr holds it', async () => {
		const { session, rig } = await setup();
		await rig.engine.keepalive('direct');
		const state = prowlarr.indexerState(mamIndexer().id);
		state.cachedMamCookie = randomMamCookie();
		const puts = state.putCount;
		const first = await rig.engine.pushToProwlarr('direct');
		expect(first).toMatchObject({ outcome: 'updated', service: 'main', indexerId: mamIndexer().id, indexerName: 'MyAnonamouse', version: 2 });
		expect(prowlarr.mamId()).toBe(session.mamId);
		expect(state.putCount).toBe(puts + 1);
		expect(state.cachedMamCookie).toBeUndefined();
		expect(prowlarr.server.requestsTo('PUT /api/v1/indexer/{id}').at(-1)?.query.forceSave).toBeUndefined();
		expect(rig.state.record('direct')?.prowlarr).toMatchObject({ service: 'main', indexer_id: mamIndexer().id, version: 2, fingerprint: cookieFingerprint(session.mamId) });

		expect(await rig.engine.pushToProwlarr('direct')).toMatchObject({ outcome: 'unchanged' });
		expect(state.putCount).toBe(puts + 1);
	});

	it('does not write again when Prowlarr already holds the cookie (a retry after a crash in the middle of the PUT)', async () => {
		const { session, rig } = await setup();
		await rig.engine.keepalive('direct');
		// The PUT landed, but the answer never came back: Prowlarr holds it, the state does not know.
		mamIndexer().fields!.find((field) => field.name === 'mamId')!.value = session.mamId;
		const puts = prowlarr.indexerState(mamIndexer().id).putCount;
		expect(await rig.engine.pushToProwlarr('direct')).toMatchObject({ outcome: 'unchanged', version: 2 });
		expect(prowlarr.indexerState(mamIndexer().id).putCount).toBe(puts);
		expect(rig.state.record('direct')?.prowlarr?.fingerprint).toBe(cookieFingerprint(session.mamId));
	});

	it('with force, writes even an unchanged cookie and has Prowlarr re-test the indexer', async () => {
		const { rig } = await setup();
		await rig.engine.pushToProwlarr('direct');
		const state = prowlarr.indexerState(mamIndexer().id);
		state.cachedMamCookie = randomMamCookie();
		const [puts, tests] = [state.putCount, state.testCount];
		const forced = await rig.engine.pushToProwlarr('direct', { force: true });
		expect(forced).toMatchObject({ outcome: 'updated', test: { ok: true, errors: [] } });
		expect([state.putCount, state.testCount]).toEqual([puts + 1, tests + 1]);
		expect(state.cachedMamCookie).toBeUndefined();
	});

	it('relies on its own record when Prowlarr masks the value', async () => {
		const { session, rig } = await setup();
		await rig.engine.pushToProwlarr('direct');
		const field = mamIndexer().fields!.find((candidate) => candidate.name === 'mamId')!;
		field.value = '********';
		const puts = prowlarr.indexerState(mamIndexer().id).putCount;
		expect(await rig.engine.pushToProwlarr('direct')).toMatchObject({ outcome: 'unchanged' });
		expect(prowlarr.indexerState(mamIndexer().id).putCount).toBe(puts);
		// A newer cookie than the one Prowlarr confirmed: written, masked or not.
		await rig.engine.keepalive('direct');
		field.value = '********';
		expect(await rig.engine.pushToProwlarr('direct')).toMatchObject({ outcome: 'updated' });
		expect(prowlarr.mamId()).toBe(session.mamId);
	});

	it('refuses a session that feeds no Prowlarr', async () => {
		const { rig } = await setup({ prowlarr: false });
		await expect(rig.engine.pushToProwlarr('direct')).rejects.toMatchObject({ name: 'ConfigError' });
	});
});

describe('checkSessions', () => {
	const at = (iso: string) => new Date(iso);

	it('warns once per day for a session 84 days old with a 7-day threshold, and again the next day', async () => {
		const now = at('2026-03-10T08:00:00Z');
		const { rig } = await setup({ created: daysAgo(84, now), notifyBeforeDays: 7 });
		const first = await rig.engine.checkSessions(['direct'], now);
		expect(first[0]).toMatchObject({ outcome: 'ok', daysRemaining: 6, expiryWarning: 'sent' });
		const later = await rig.engine.checkSessions(['direct'], at('2026-03-10T20:00:00Z'));
		expect(later[0]).toMatchObject({ daysRemaining: 6, expiryWarning: 'already_sent' });
		const nextDay = await rig.engine.checkSessions(['direct'], at('2026-03-11T08:00:00Z'));
		expect(nextDay[0]).toMatchObject({ daysRemaining: 5, expiryWarning: 'sent' });

		const warnings = webhookPayloads().filter((payload) => payload.event === 'mam_session_expiry');
		expect(warnings).toHaveLength(2);
		expect(warnings[0].body).toContain('Days remaining: 6 days');
		expect(warnings[0].body).toContain('Prowlarr: 127.0.0.1:');
		expect((await eventsOf('mam_session_expiry')).map((event) => event.details?.day)).toEqual(['2026-03-10', '2026-03-11']);
		expect(await eventsOf('mam_keepalive')).toHaveLength(3);
	});

	it('sends no warning while the session has more days left than the threshold', async () => {
		const now = at('2026-03-10T08:00:00Z');
		const { rig } = await setup({ created: daysAgo(80, now), notifyBeforeDays: 7 });
		const [result] = await rig.engine.checkSessions(['direct'], now);
		expect(result.daysRemaining).toBe(10);
		expect(result.expiryWarning).toBeUndefined();
		expect(webhookPayloads()).toHaveLength(0);
	});

	it('sends the warning again when a crash left it pending', async () => {
		const now = at('2026-03-10T08:00:00Z');
		const { rig } = await setup({ created: daysAgo(85, now) });
		await rig.state.patch('direct', (record) => ({ ...record, expiry_warning: { day: '2026-03-10', status: 'pending' } }));
		expect((await rig.engine.checkSessions(['direct'], now))[0].expiryWarning).toBe('sent');
		expect(rig.state.record('direct')?.expiry_warning).toEqual({ day: '2026-03-10', status: 'sent' });
	});

	it('alerts once when MAM says "Invalid session", and clears the alert with a message when it accepts the session again', async () => {
		const { session, rig } = await setup();
		session.kill();
		const now = new Date();
		expect((await rig.engine.checkSessions(['direct'], now))[0]).toMatchObject({ outcome: 'invalid_session', alive: false, invalidAlert: 'sent' });
		expect((await rig.engine.checkSessions(['direct'], now))[0]).toMatchObject({ outcome: 'invalid_session', invalidAlert: 'already_sent' });
		expect((await rig.engine.checkSessions(['direct'], now))[0].invalidAlert).toBe('already_sent');
		session.revive();
		expect((await rig.engine.checkSessions(['direct'], now))[0]).toMatchObject({ alive: true, recovered: true });
		expect((await rig.engine.checkSessions(['direct'], now))[0]).toMatchObject({ alive: true, recovered: false });

		const payloads = webhookPayloads().filter((payload) => payload.event === 'mam_session_invalid');
		expect(payloads.map((payload) => payload.subject)).toEqual(['[mediastack] mam_session_invalid - ALERT', '[mediastack] mam_session_invalid - RESOLVED']);
		expect(payloads[0].body).toContain('The cookie no longer belongs to a live session');
		expect((await eventsOf('mam_session_invalid')).map((event) => [event.ok, event.details?.reason])).toEqual([
			[false, 'invalid_session'],
			[true, 'invalid_session'],
		]);
	});

	it('tells an IP/ASN mismatch apart from a dead cookie, and still pushes the cookie MAM rotated', async () => {
		const { session, rig } = await setup();
		session.refusal = 'ip_mismatch';
		const [result] = await rig.engine.checkSessions(['direct'], new Date());
		expect(result).toMatchObject({ outcome: 'wrong_session_type', rotated: true, needsPush: true, invalidAlert: 'sent' });
		const [alert] = webhookPayloads();
		expect(alert.body).toContain('MAM said: Invalid session - IP mismatch');
		expect(alert.body).toContain('add this IP/ASN to the session');
		expect((await eventsOf('mam_session_invalid'))[0].details).toMatchObject({ reason: 'wrong_session_type', kind: 'session refused here (wrong type, IP or ASN)' });
	});

	it('asks for a push only when the cookie changed or Prowlarr has not confirmed it', async () => {
		const { rig } = await setup();
		mam.sessionOf(rig.state.cookie('direct')!.value)!.rotate = false;
		// Adopted from the config, never pushed: needs a push although MAM did not rotate.
		expect((await rig.engine.checkSessions(['direct'], new Date()))[0]).toMatchObject({ rotated: false, needsPush: true });
		await rig.engine.pushToProwlarr('direct');
		expect((await rig.engine.checkSessions(['direct'], new Date()))[0]).toMatchObject({ rotated: false, needsPush: false });
	});

	it('records each failed channel as a notify_failed event and still delivers to the others', async () => {
		const now = at('2026-03-10T08:00:00Z');
		const { rig } = await setup({ created: daysAgo(88, now), brokenChannel: true });
		const [result] = await rig.engine.checkSessions(['direct'], now);
		expect(result.expiryWarning).toBe('sent');
		expect(webhookPayloads().map((payload) => payload.event)).toEqual(['mam_session_expiry']);
		const failed = await eventsOf('notify_failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ subject: 'gone', ok: false, details: { event: 'mam_session_expiry', error: { name: 'NetworkError' } } });
		expect((await eventsOf('mam_session_expiry'))[0].details?.deliveries).toEqual([
			expect.objectContaining({ channel: 'hook', ok: true }),
			expect.objectContaining({ channel: 'gone', ok: false }),
		]);
	});

	it('reports a MAM that does not answer as an error for that session, and goes on with the others', async () => {
		const { rig } = await setup();
		mam.fault({ kind: 'reset' }, { times: 1 });
		const [result] = await rig.engine.checkSessions(['direct'], new Date());
		expect(result).toMatchObject({ outcome: 'error', alive: false, error: { type: 'NetworkError' } });
		expect(rig.state.cookie('direct')?.version).toBe(1);
	});
});

describe('setMamId', () => {
	it('saves a pasted cookie as a new version (source manual), and reports an identical one as unchanged', async () => {
		const { rig } = await setup();
		const pasted = randomMamCookie();
		const created = new Date('2026-01-02T03:04:05Z');
		expect(await rig.engine.setMamId('direct', pasted, created)).toMatchObject({ changed: true, version: 2, created: created.toISOString() });
		expect(rig.state.cookie('direct')).toMatchObject({ value: pasted, source: 'manual', version: 2 });
		expect(await rig.engine.setMamId('direct', pasted)).toMatchObject({ changed: false, version: 2 });
		await expect(rig.engine.setMamId('direct', 'two words')).rejects.toMatchObject({ name: 'ClientError' });
		await expect(rig.engine.setMamId('nope', pasted)).rejects.toMatchObject({ name: 'ConfigError' });
	});

	it('counts expiry from the later of the configured created date and the one confirmed with set-id', async () => {
		const configured = daysAgo(84);
		const { rig } = await setup({ created: configured });
		expect(rig.engine.expiryOf('direct')?.daysRemaining).toBeLessThanOrEqual(7);
		// A new session confirmed today moves the start forward...
		await rig.engine.setMamId('direct', randomMamCookie(), new Date());
		expect(rig.engine.expiryOf('direct')?.daysRemaining).toBeGreaterThanOrEqual(89);
		// ...and an older date confirmed later does not move it back before the configured one.
		await rig.engine.setMamId('direct', randomMamCookie(), new Date(daysAgo(200)));
		// (The config keeps whole seconds.)
		expect(Math.abs(Date.parse(rig.engine.expiryOf('direct')!.created) - Date.parse(configured))).toBeLessThan(1000);
	});
});
