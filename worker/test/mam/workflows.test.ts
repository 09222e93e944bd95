import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAppriseApi, startFakeAppriseApi } from '../../../test/fakes/apprise-api';
import { FakeMamSession, FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { FakeProwlarr, defaultProwlarrIndexers, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { createActivities } from '../../src/activities';
import type { MediastackConfig } from '../../src/config/schema';
import { MediastackEvent } from '../../src/state';
import { MAM_SESSION_CHECK_SCHEDULE_ID, applySchedules } from '../../src/temporal/schedules';
import { mamRotation, mamSessionCheck } from '../../src/workflows';
import type { MamRotationInput, MamSessionCheckInput } from '../../src/workflows/types';
import { TestTemporal, TestWorker, makeTempDir, startTestTemporal, startTestWorker } from '../support/temporal';
import { EngineRig, createEngineRig, daysAgo, filesContaining, mamConfig, waitUntil } from './support';

/**
 * The MAM workflows on a real Temporal dev server with the real activities: HTTP to the fake
 * MAM and fake Prowlarrs, the encrypted state, the event log, and notifications through the
 * fake Apprise API. MEDIASTACK_RECORD_FIXTURES=1 rewrites the histories replay.test.ts reads.
 */
const RECORD = process.env.MEDIASTACK_RECORD_FIXTURES === '1';
const FIXTURES = path.join(__dirname, 'fixtures');

async function recordFixture(name: string, handle: WorkflowHandle): Promise<void> {
	if (!RECORD) return;
	mkdirSync(FIXTURES, { recursive: true });
	writeFileSync(path.join(FIXTURES, `${name}.json`), JSON.stringify(JSON.parse(historyToJSON(await handle.fetchHistory())), null, 2) + '\n');
}
const FAST: MamRotationInput['timing'] = { retryInitialMs: 200, retryMaximumMs: 500, heartbeatTimeoutMs: 5_000 };
const CHECK_NOW = '2026-03-10T08:00:00.000Z';

let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let main: FakeProwlarr;
let bare: FakeProwlarr;
let second: FakeProwlarr;
let apprise: FakeAppriseApi;
let dataDir: string;
let rig: EngineRig;
let config: MediastackConfig;
let worker: TestWorker | undefined;
let taskQueue: string;
const sessions: Record<string, FakeMamSession> = {};

beforeAll(async () => {
	[temporal, mam, main, bare, second, apprise] = await Promise.all([
		startTestTemporal(),
		startFakeMyAnonamouse(),
		startFakeProwlarr(),
		startFakeProwlarr({ indexers: defaultProwlarrIndexers().filter((indexer) => indexer.implementation !== 'MyAnonamouse') }),
		startFakeProwlarr(),
		startFakeAppriseApi(),
	]);
	for (const label of ['direct', 'locked', 'bare', 'dead', 'expiring', 'racer', 'checked', 'refused']) sessions[label] = mam.addSession();
	dataDir = makeTempDir('mediastack-mam-workflows-');
	config = mamConfig({
		dataDir,
		mam,
		prowlarr: { main, locked: { url: main.url, apiKey: 'not-the-key-5f0c2d7e9a1b3c4d5e6f7a8b' }, bare, second },
		sessions: [
			{ label: 'direct', mamId: sessions.direct.mamId, prowlarr: 'main' },
			{ label: 'locked', mamId: sessions.locked.mamId, prowlarr: 'locked' },
			{ label: 'bare', mamId: sessions.bare.mamId, prowlarr: 'bare' },
			{ label: 'dead', mamId: sessions.dead.mamId },
			{ label: 'expiring', mamId: sessions.expiring.mamId, created: daysAgo(84, new Date(CHECK_NOW)), notifyBeforeDays: 7 },
			{ label: 'racer', mamId: sessions.racer.mamId, prowlarr: 'second' },
			{ label: 'checked', mamId: sessions.checked.mamId, prowlarr: { service: 'main', enabled: false } },
			{ label: 'refused', mamId: sessions.refused.mamId },
		],
		notify: {
			channels: { push: { type: 'apprise', api_url: apprise.url, urls: ['json://notify.example.org/mediastack'] } },
			event_rules: { default: ['push'] },
		},
	});
	rig = await createEngineRig(config);
	await rig.engine.reconcileConfig();
	worker = await startTestWorker(temporal, 'mam-workflows', createActivities({ config, services: rig.services, events: rig.events, mam: rig.engine }));
	taskQueue = worker.taskQueue;
});

afterAll(async () => {
	await worker?.stop();
	rig?.close();
	await Promise.all([mam?.close(), main?.close(), bare?.close(), second?.close(), apprise?.close()]);
	await temporal?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

let sequence = 0;
function rotate(input: MamRotationInput): Promise<WorkflowHandle<typeof mamRotation>> {
	sequence += 1;
	return temporal.env.client.workflow.start(mamRotation, { taskQueue, workflowId: `mam-rotation-${input.label}-test${sequence}`, args: [{ timing: FAST, ...input }] });
}

function check(input: MamSessionCheckInput): Promise<WorkflowHandle<typeof mamSessionCheck>> {
	sequence += 1;
	return temporal.env.client.workflow.start(mamSessionCheck, { taskQueue, workflowId: `mam-session-check-test${sequence}`, args: [{ rotationTiming: FAST, ...input }] });
}

async function failureOf(handle: WorkflowHandle): Promise<ApplicationFailure> {
	const error = await handle.result().then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(WorkflowFailedError);
	const cause = (error as WorkflowFailedError).cause;
	expect(cause).toBeInstanceOf(ApplicationFailure);
	return cause as ApplicationFailure;
}

async function eventsFor(label: string, type?: string): Promise<MediastackEvent[]> {
	return (await rig.events.query({ subject: label, type })).reverse();
}

function notificationsAbout(label: string): Array<{ title?: string; body: string }> {
	return apprise.notifications.filter((notification) => notification.body.includes(`Session: ${label}\n`));
}

const mamIndexerOf = (fake: FakeProwlarr) => fake.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!;

/** How often an activity type was started, over all attempts, from the workflow's history. */
async function activityAttempts(handle: WorkflowHandle, activityType: string): Promise<number> {
	const history = await handle.fetchHistory();
	const scheduled = new Map<string, string>();
	let attempts = 0;
	for (const event of history.events ?? []) {
		if (event.activityTaskScheduledEventAttributes) scheduled.set(String(event.eventId), event.activityTaskScheduledEventAttributes.activityType?.name ?? '');
		const started = event.activityTaskStartedEventAttributes;
		if (started && scheduled.get(String(started.scheduledEventId)) === activityType) attempts += started.attempt ?? 1;
	}
	return attempts;
}

describe('mamRotation', () => {
	it('keepalive → new cookie saved → Prowlarr updated → event → notification', async () => {
		const session = sessions.direct;
		const handle = await rotate({ label: 'direct', source: 'keepalive' });
		const result = await handle.result();
		await recordFixture('mam-rotation', handle);
		expect(result).toMatchObject({
			label: 'direct',
			source: 'keepalive',
			eventType: 'prowlarr_auto_update',
			version: 2,
			mamIdTail: `...${session.mamId.slice(-8)}`,
			keepalive: { outcome: 'ok', rotated: true },
			prowlarr: { outcome: 'updated', service: 'main', indexerId: mamIndexerOf(main).id, skipped: false },
		});
		expect(rig.state.cookie('direct')?.value).toBe(session.mamId);
		expect(main.mamId()).toBe(session.mamId);
		expect(mam.accepts(session.mamId)).toBe(true);
		expect((await eventsFor('direct')).map((event) => [event.type, event.ok])).toEqual([
			['mam_keepalive', true],
			['prowlarr_auto_update', true],
		]);
		const [notice] = notificationsAbout('direct');
		expect(notice.title).toBe('[mediastack] prowlarr_auto_update - SUCCESS');
		expect(notice.body).toContain(`MAM ID ending in ...${session.mamId.slice(-8)}`);
		expect(result.deliveries).toEqual([expect.objectContaining({ channel: 'push', channelType: 'apprise-api', ok: true })]);
	});

	it('skips the update when Prowlarr already holds the cookie, and says so in the event', async () => {
		const puts = main.indexerState(mamIndexerOf(main).id).putCount;
		const result = await (await rotate({ label: 'direct', source: 'config' })).result();
		expect(result.prowlarr).toMatchObject({ outcome: 'unchanged', skipped: true, reason: 'Prowlarr already holds this MAM ID' });
		expect(main.indexerState(mamIndexerOf(main).id).putCount).toBe(puts);
		const event = (await eventsFor('direct', 'prowlarr_auto_update')).at(-1)!;
		expect(event.details).toMatchObject({ outcome: 'unchanged', skipped: true, reason: 'Prowlarr already holds this MAM ID', source: 'config' });
	});

	it('pushes a pasted cookie as a manual update', async () => {
		const fresh = mam.addSession();
		await rig.engine.setMamId('direct', fresh.mamId);
		// The label now belongs to the new MAM session.
		sessions.direct = fresh;
		const result = await (await rotate({ label: 'direct', source: 'manual' })).result();
		expect(result).toMatchObject({ eventType: 'prowlarr_manual_update', prowlarr: { outcome: 'updated' } });
		expect(result.keepalive).toBeUndefined();
		expect(main.mamId()).toBe(fresh.mamId);
		expect((await eventsFor('direct', 'prowlarr_manual_update')).at(-1)).toMatchObject({ ok: true, details: { source: 'manual', outcome: 'updated' } });
		expect(notificationsAbout('direct').at(-1)?.title).toBe('[mediastack] prowlarr_manual_update - SUCCESS');
	});

	it('fails at once on an invalid session, naming MyAnonamouse and the fix, and raises the latched MAM alert', async () => {
		sessions.dead.kill();
		const before = mam.requests.length;
		const handle = await rotate({ label: 'dead', source: 'keepalive' });
		const failure = await failureOf(handle);
		expect(failure.type).toBe('InvalidSession');
		expect(failure.message).toContain('dead: MyAnonamouse refused the session: Invalid session.');
		expect(failure.message).toContain('Fix: create a new session on MyAnonamouse (Preferences → Security) and save its mam_id with `mediastack mam set-id dead NEW_MAM_ID --created now`');
		expect(failure.details?.[0]).toMatchObject({ stage: 'mam' });
		expect(mam.requests.length - before).toBe(1);
		expect((await eventsFor('dead', 'prowlarr_auto_update')).at(-1)).toMatchObject({ ok: false, details: { stage: 'mam', outcome: 'invalid_session', invalid_alert: 'sent' } });
		const [alert, notice] = notificationsAbout('dead').slice(-2);
		expect(alert.title).toBe('[mediastack] mam_session_invalid - ALERT');
		expect(alert.body).toContain('The cookie no longer belongs to a live session.');
		expect(notice.title).toBe('[mediastack] prowlarr_auto_update - FAILED');
		expect(notice.body).toMatch(/^MyAnonamouse did not accept the keepalive, so there is no new MAM ID; Prowlarr was not changed\./);
		expect(notice.body).not.toContain('Prowlarr could not be updated');
		expect(notice.body).toContain('Error: MyAnonamouse refused the session: Invalid session. The cookie no longer belongs to a live session');
		expect((await eventsFor('dead', 'mam_session_invalid')).map((event) => event.ok)).toEqual([false]);

		// A second rotation fails the same way; the alert is latched.
		const again = await rotate({ label: 'dead', source: 'keepalive' });
		expect((await failureOf(again)).type).toBe('InvalidSession');
		expect(notificationsAbout('dead').filter((notification) => notification.title === '[mediastack] mam_session_invalid - ALERT')).toHaveLength(1);
		expect((await eventsFor('dead', 'prowlarr_auto_update')).at(-1)?.details).toMatchObject({ stage: 'mam', invalid_alert: 'already_sent' });
	});

	it('blames MyAnonamouse, once, for an HTML page or no answer during a rotation, with the fix', async () => {
		mam.fault({ kind: 'html', status: 503 }, { times: 3 });
		const html = await failureOf(await rotate({ label: 'bare', source: 'keepalive' }));
		expect(html.type).toBe('ServerError');
		expect(html.details?.[0]).toMatchObject({ stage: 'mam' });
		expect(html.message).toBe(
			'bare: MyAnonamouse answered the dynamic seedbox call with an HTML page (HTTP 503) instead of JSON; the site may be down or behind a challenge. Fix: check that https://www.myanonamouse.net opens from this machine (a maintenance page or a browser check answers like this); the daily check tries again, or run `mediastack mam rotate bare` once it does.',
		);
		const htmlNotice = notificationsAbout('bare').at(-1)!;
		expect(htmlNotice.title).toBe('[mediastack] prowlarr_auto_update - FAILED');
		expect(htmlNotice.body).toContain('MyAnonamouse did not accept the keepalive');
		expect(htmlNotice.body.match(/MyAnonamouse answered/g)).toHaveLength(1);
		expect((await eventsFor('bare', 'prowlarr_auto_update')).at(-1)?.details).toMatchObject({ stage: 'mam', error: { type: 'ServerError' } });

		mam.fault({ kind: 'reset' }, { times: 3 });
		const silent = await failureOf(await rotate({ label: 'bare', source: 'keepalive' }));
		expect(silent.type).toBe('NetworkError');
		expect(silent.details?.[0]).toMatchObject({ stage: 'mam' });
		expect(silent.message).toMatch(/^bare: MyAnonamouse is not reachable at http:\/\/127\.0\.0\.1:\d+.* \(connection reset\)\. Fix: check this machine can reach myanonamouse\.net/);
		expect(notificationsAbout('bare').at(-1)?.body).toContain('MyAnonamouse did not accept the keepalive');
		// Neither is a refusal: no session alert.
		expect(await eventsFor('bare', 'mam_session_invalid')).toEqual([]);
	});

	it('fails at once when Prowlarr refuses the API key, after saving the rotated cookie', async () => {
		const handle = await rotate({ label: 'locked', source: 'keepalive' });
		const failure = await failureOf(handle);
		expect(failure.type).toBe('AuthError');
		expect(await activityAttempts(handle, 'prowlarrPushMamId')).toBe(1);
		expect(rig.state.cookie('locked')?.value).toBe(sessions.locked.mamId);
		expect((await eventsFor('locked', 'prowlarr_auto_update')).at(-1)).toMatchObject({ ok: false, details: { stage: 'prowlarr', error: { type: 'AuthError' } } });
		expect(notificationsAbout('locked').at(-1)?.title).toBe('[mediastack] prowlarr_auto_update - FAILED');
	});

	it('fails at once when Prowlarr has no MyAnonamouse indexer', async () => {
		const handle = await rotate({ label: 'bare', source: 'config' });
		const failure = await failureOf(handle);
		expect(failure.type).toBe('NotFoundError');
		expect(failure.message).toContain('no MyAnonamouse indexer');
		expect(await activityAttempts(handle, 'prowlarrPushMamId')).toBe(1);
		expect(notificationsAbout('bare').at(-1)?.title).toBe('[mediastack] prowlarr_auto_update - FAILED');
	});

	it('a session MAM refuses from here, with a new cookie all the same: the failure names MAM, and the Prowlarr sync pushes the new cookie', async () => {
		sessions.direct.refusal = 'asn_mismatch';
		try {
			const failure = await failureOf(await rotate({ label: 'direct', source: 'keepalive' }));
			expect(failure.type).toBe('SessionRefused');
			expect(failure.message).toContain('direct: MyAnonamouse refused the session from this machine: Invalid session - ASN mismatch.');
			expect(failure.message).toContain("Fix: on MyAnonamouse (Preferences → Security), add this machine's IP or ASN to the session");
		} finally {
			sessions.direct.refusal = undefined;
		}
		const event = (await eventsFor('direct', 'prowlarr_auto_update')).at(-1)!;
		expect(event.details).toMatchObject({ stage: 'mam', outcome: 'wrong_session_type', prowlarr_sync: 'mam-prowlarr-sync-direct' });
		const sync = await temporal.env.client.workflow.getHandle('mam-prowlarr-sync-direct').result();
		expect(sync).toMatchObject({ source: 'sync', prowlarr: { outcome: 'updated' } });
		expect(main.mamId()).toBe(sessions.direct.mamId);
		expect(rig.state.cookie('direct')?.value).toBe(sessions.direct.mamId);
	});

	it('retries while Prowlarr is down; once it is back the update lands, with one success event', async () => {
		const before = (await eventsFor('direct', 'prowlarr_auto_update')).length;
		await main.stop();
		let handle: WorkflowHandle<typeof mamRotation>;
		try {
			handle = await rotate({ label: 'direct', source: 'keepalive' });
			await waitUntil('the Prowlarr update failed twice', async () => {
				const pending = (await handle.describe()).raw.pendingActivities?.find((activity) => activity.activityType?.name === 'prowlarrPushMamId');
				return (pending?.attempt ?? 0) >= 3 && pending?.lastFailure?.applicationFailureInfo?.type === 'NetworkError';
			});
		} finally {
			await main.start();
		}
		const result = await handle.result();
		expect(result.prowlarr.outcome).toBe('updated');
		expect(main.mamId()).toBe(sessions.direct.mamId);
		expect(rig.state.cookie('direct')?.value).toBe(sessions.direct.mamId);
		const events = (await eventsFor('direct', 'prowlarr_auto_update')).slice(before);
		expect(events.map((event) => event.ok)).toEqual([true]);
	});

	it('two rotations racing for one session: the newest cookie wins, in the state and in Prowlarr', async () => {
		const indexer = mamIndexerOf(second);
		// Slow Prowlarr answers keep the two updates in flight together.
		second.fault({ kind: 'delay', ms: 300 }, { times: 4 });
		const handles = await Promise.all([rotate({ label: 'racer', source: 'keepalive' }), rotate({ label: 'racer', source: 'keepalive' })]);
		const results = await Promise.all(handles.map((handle) => handle.result()));
		expect(results.map((result) => result.keepalive?.outcome).sort()).toEqual(['no_change', 'ok']);
		const newest = sessions.racer.mamId;
		expect(rig.state.cookie('racer')).toMatchObject({ value: newest, version: 3 });
		expect(second.mamId()).toBe(newest);
		expect(mam.accepts(newest)).toBe(true);
		// Each update wrote at most once, and the last write carried the newest cookie.
		const puts = second.server.requestsTo('PUT /api/v1/indexer/{id}').filter((request) => request.path.endsWith(`/${indexer.id}`));
		expect(puts.length).toBeGreaterThanOrEqual(1);
		expect(puts.length).toBeLessThanOrEqual(2);
		expect((puts.at(-1)!.body as { fields: Array<{ name: string; value: unknown }> }).fields.find((field) => field.name === 'mamId')?.value).toBe(newest);
	});
});

describe('mamSessionCheck', () => {
	it('warns once per day about a session 84 days old (threshold 7), and again the next day', async () => {
		const first = await (await check({ labels: ['expiring'], now: CHECK_NOW })).result();
		expect(first.sessions[0]).toMatchObject({ label: 'expiring', daysRemaining: 6, expiryWarning: 'sent' });
		const again = await (await check({ labels: ['expiring'], now: '2026-03-10T18:30:00.000Z' })).result();
		expect(again.sessions[0].expiryWarning).toBe('already_sent');
		const third = await (await check({ labels: ['expiring'], now: '2026-03-10T23:59:00.000Z' })).result();
		expect(third.sessions[0].expiryWarning).toBe('already_sent');
		const nextDay = await (await check({ labels: ['expiring'], now: '2026-03-11T08:00:00.000Z' })).result();
		expect(nextDay.sessions[0]).toMatchObject({ daysRemaining: 5, expiryWarning: 'sent' });

		const warnings = notificationsAbout('expiring').filter((notice) => notice.title === '[mediastack] mam_session_expiry - WARNING');
		expect(warnings).toHaveLength(2);
		expect(warnings.map((notice) => /Days remaining: (\d+) days/.exec(notice.body)?.[1])).toEqual(['6', '5']);
		expect((await eventsFor('expiring', 'mam_session_expiry')).map((event) => event.details?.day)).toEqual(['2026-03-10', '2026-03-11']);
		expect(await eventsFor('expiring', 'mam_keepalive')).toHaveLength(4);
	});

	it('alerts once for a session MAM refuses, latched over runs, and clears it when MAM accepts it again', async () => {
		sessions.refused.kill();
		for (let run = 0; run < 3; run++) await (await check({ labels: ['refused'] })).result();
		sessions.refused.revive();
		const recovered = await (await check({ labels: ['refused'] })).result();
		expect(recovered.sessions[0]).toMatchObject({ alive: true, recovered: true });
		expect(notificationsAbout('refused').map((notice) => notice.title)).toEqual(['[mediastack] mam_session_invalid - ALERT', '[mediastack] mam_session_invalid - RESOLVED']);
	});

	it('starts a rotation for each session whose rotated cookie must reach Prowlarr; it runs on after the check', async () => {
		const handle = await check({ labels: ['racer', 'checked'] });
		const result = await handle.result();
		await recordFixture('mam-session-check', handle);
		const racer = result.sessions.find((session) => session.label === 'racer')!;
		expect(racer).toMatchObject({ outcome: 'no_change', rotated: true, needsPush: true, prowlarrService: 'second' });
		// `checked` feeds a switched-off Prowlarr: nothing to push.
		expect(result.sessions.find((session) => session.label === 'checked')).toMatchObject({ rotated: true, needsPush: false });
		expect(result.rotations).toEqual([{ label: 'racer', workflowId: expect.stringMatching(/^mam-rotation-racer-[0-9a-f-]{36}$/) }]);
		const child = temporal.env.client.workflow.getHandle(result.rotations[0].workflowId);
		const rotation = await child.result();
		// No second MAM call: the child pushes the cookie the check saved.
		expect(rotation).toMatchObject({ source: 'keepalive', version: racer.version, prowlarr: { outcome: 'updated' } });
		expect(rotation.keepalive).toBeUndefined();
		expect(second.mamId()).toBe(sessions.racer.mamId);
	});

	it('checks every configured session when no label is given', async () => {
		const result = await (await check({ now: CHECK_NOW })).result();
		expect(result.sessions.map((session) => session.label).sort()).toEqual(['bare', 'checked', 'dead', 'direct', 'expiring', 'locked', 'racer', 'refused']);
		expect(result.sessions.find((session) => session.label === 'dead')).toMatchObject({ outcome: 'invalid_session' });
		// Let the rotations it started finish before the history is searched.
		await Promise.all(result.rotations.map((rotation) => temporal.env.client.workflow.getHandle(rotation.workflowId).result().catch(() => undefined)));
	});
});

describe('the mediastack-mam-session-check schedule', () => {
	it('is created daily at 08:00 in the time zone, left alone when unchanged, and paused once no session is left', async () => {
		const scheduleConfig = { ...config, timezone: 'Europe/Berlin', temporal: { ...config.temporal, task_queue: taskQueue }, schedules: { ...config.schedules, service_health: { enabled: false, cron: '* * * * *' } } };
		const mamResult = async (wanted: typeof scheduleConfig) => (await applySchedules(temporal.env.client, wanted)).find((result) => result.id === MAM_SESSION_CHECK_SCHEDULE_ID);
		expect(await mamResult(scheduleConfig)).toEqual({ id: MAM_SESSION_CHECK_SCHEDULE_ID, outcome: 'created', enabled: true, cron: '0 8 * * *' });
		const description = await temporal.env.client.schedule.getHandle(MAM_SESSION_CHECK_SCHEDULE_ID).describe();
		expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'mamSessionCheck', taskQueue, args: [{}] });
		expect(description.spec.timezone).toBe('Europe/Berlin');
		expect(description.info.nextActionTimes[0].toISOString()).toMatch(/T0[67]:00:00\.000Z$/);
		expect((await mamResult(scheduleConfig))?.outcome).toBe('unchanged');
		expect((await mamResult({ ...scheduleConfig, mam: { ...config.mam!, sessions: [] } }))?.outcome).toBe('paused');
		await temporal.env.client.schedule.getHandle(MAM_SESSION_CHECK_SCHEDULE_ID).delete();
	});
});

describe('the Temporal history', () => {
	it('holds no cookie and no API key, only labels and masked values', async () => {
		const historyDir = path.join(temporal.dataDir, 'temporal');
		// The search is real: the history database does hold what workflows carry.
		expect(filesContaining(historyDir, 'mam-rotation-racer-').length).toBeGreaterThan(0);
		const cookies = Object.values(sessions).flatMap((session) => session.issuedMamIds);
		expect(cookies.length).toBeGreaterThan(20);
		for (const secret of [...cookies, main.apiKey, second.apiKey, bare.apiKey, 'not-the-key-5f0c2d7e9a1b3c4d5e6f7a8b']) {
			expect(filesContaining(historyDir, secret), `a secret ending in ${secret.slice(-6)}`).toEqual([]);
		}
	});
});
