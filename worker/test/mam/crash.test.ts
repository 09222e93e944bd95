import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext, HandlerResult } from '../../../test/fakes/kit';
import { FakeMamSession, FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { FakeProwlarr, randomMamCookie, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { SmtpSinkPeer, appriseCli, startSmtpSink } from '../../../test/peers';
import { MamSessionState } from '../../src/mam';
import { dataFiles } from '../../src/paths';
import { EventLog, MediastackEvent, StateStore } from '../../src/state';
import { mamRotation } from '../../src/workflows';
import { ReceivedRequest, Receiver, startReceiver } from '../notify/receiver';
import { TestTemporal, makeTempDir, startTestTemporal, uniqueTaskQueue } from '../support/temporal';
import { filesContaining, mamConfigData, waitUntil } from './support';

/**
 * The runner as users run it: `mediastack start` in its own process, against a real Temporal
 * dev server, the fake MAM and Prowlarr, a real SMTP sink, a signed webhook and the real
 * apprise CLI. The worker process is killed with SIGKILL between saving a new cookie and
 * Prowlarr's answer; a new one finishes the work. Every log line, event, notification, the
 * state file and the Temporal history database are then searched for every secret.
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const cliEntry = path.join(repoRoot, 'worker', 'src', 'cli.ts');

const WEBHOOK_SECRET = 'whsec-' + randomMamCookie().slice(0, 30);
const APPRISE_TOKEN = 'tok' + randomMamCookie().slice(0, 29);
const FAST_PUSH = { heartbeatTimeoutMs: 2_000, retryInitialMs: 200, retryMaximumMs: 1_000 };

let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let prowlarr: FakeProwlarr;
let sink: SmtpSinkPeer;
let hook: Receiver;
let appriseTarget: Receiver;
let workDir: string;
let dataDir: string;
let configFile: string;
let taskQueue: string;
let session: FakeMamSession;
/** When set and true for a webhook request, the receiver leaves that request unanswered. */
let holdHook: ((request: ReceivedRequest) => boolean) | undefined;
/** Every line any runner or CLI process printed. */
const output: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
	[temporal, mam, prowlarr, sink, hook, appriseTarget] = await Promise.all([
		startTestTemporal(),
		startFakeMyAnonamouse(),
		startFakeProwlarr(),
		startSmtpSink({ requireAuth: true }),
		startReceiver({ answer: (request) => (holdHook?.(request) ? null : 200) }),
		startReceiver(),
	]);
	workDir = makeTempDir('mediastack-mam-crash-');
	dataDir = path.join(workDir, 'data');
	configFile = path.join(workDir, 'mediastack.yaml');
	taskQueue = uniqueTaskQueue('mam-crash');
	session = mam.session;
	writeConfig(session.mamId);
});

// A test that failed half-way leaves its runner behind; the next one needs the data directory's lock.
afterEach(async () => {
	holdHook = undefined;
	const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
	await Promise.all(alive.map((child) => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL')))));
});

afterAll(async () => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await Promise.all([mam?.close(), prowlarr?.close(), sink?.stop(), hook?.close(), appriseTarget?.close()]);
	await temporal?.close();
	rmSync(workDir, { recursive: true, force: true });
});

/** The config file (JSON is YAML): the cookie in it is the one the user pasted last. */
function writeConfig(mamId: string): void {
	const data = mamConfigData({
		dataDir,
		mam,
		prowlarr: { prowlarr },
		sessions: [{ label: 'direct', mamId, created: new Date(Date.now() - 30 * 86_400_000).toISOString(), prowlarr: 'prowlarr' }],
		temporal: { address: temporal.server.address, task_queue: taskQueue },
		api: { port: 0 },
		schedules: { service_health: { enabled: false } },
		notify: {
			channels: {
				mail: { type: 'smtp', host: sink.host, port: sink.port, starttls: 'never', username: sink.username, password: sink.password, from: 'mediastack@example.org', to: ['me@example.org'] },
				hook: { type: 'webhook', url: `${hook.url}/mediastack`, hmac_secret: WEBHOOK_SECRET },
				phone: { type: 'apprise', via: 'cli', binary: appriseCli().path, urls: [`json://127.0.0.1:${appriseTarget.port}/notify/${APPRISE_TOKEN}`] },
			},
			event_rules: { default: ['mail', 'hook', 'phone'] },
		},
	});
	writeFileSync(configFile, JSON.stringify({ ...data, log_level: 'debug' }, null, 2), { mode: 0o600 });
}

function childEnv(): NodeJS.ProcessEnv {
	const home = path.join(workDir, 'home');
	return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, TZ: 'UTC', NODE_NO_WARNINGS: '1' };
}

interface RunningRunner {
	child: ChildProcess;
	exited: Promise<void>;
}

/** `mediastack start` as its own process (one process: tsx as a loader, not as a wrapper that would survive SIGKILL of its child). */
async function startRunnerProcess(): Promise<RunningRunner> {
	const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, 'start', '--config', configFile], { cwd: workDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(child);
	let stdout = '';
	const collect = (chunk: Buffer) => output.push(chunk.toString('utf8'));
	child.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
		collect(chunk);
	});
	child.stderr!.on('data', collect);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	await waitUntil(
		'the runner started',
		() => {
			if (child.exitCode !== null) throw new Error(`the runner exited early (${child.exitCode}):\n${output.join('').slice(-3000)}`);
			return stdout.includes('Press Ctrl+C to stop.');
		},
		90_000,
		100,
	);
	return { child, exited };
}

function runCli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = execFile(process.execPath, ['--import', tsxLoader, cliEntry, ...args, '--config', configFile], { cwd: workDir, env: childEnv(), timeout: 120_000 }, (error, stdout, stderr) => {
			output.push(stdout, stderr);
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
		});
		if (input !== undefined) child.stdin!.end(input);
	});
}

async function events(type?: string): Promise<MediastackEvent[]> {
	return (await (await EventLog.open(dataDir)).query({ type })).reverse();
}

/** The state as it is on disk (read without taking the runner's lock; nothing is written). */
async function stateOnDisk() {
	const store = await StateStore.open(dataDir, { env: {} });
	return new MamSessionState(store);
}

const mamIndexer = () => prowlarr.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!;
const putCount = () => prowlarr.indexerState(mamIndexer().id).putCount;

describe('the runner process, killed in the middle of a rotation', () => {
	it('first start: adopts the config cookie and pushes it to Prowlarr', async () => {
		const runner = await startRunnerProcess();
		await waitUntil('Prowlarr holds the config cookie', async () => prowlarr.mamId() === session.mamId && (await events('prowlarr_auto_update')).length === 1, 60_000);
		const [event] = await events('prowlarr_auto_update');
		expect(event).toMatchObject({ subject: 'direct', ok: true, details: { source: 'config', outcome: 'updated', version: 1 } });
		runner.child.kill('SIGTERM');
		await runner.exited;
	}, 120_000);

	it('SIGKILL after the new cookie is saved and before Prowlarr answered: a new worker finishes, Prowlarr gets the cookie exactly once, nothing is lost', async () => {
		const runner = await startRunnerProcess();
		const before = putCount();
		const configCookie = session.mamId;

		// Prowlarr applies the PUT but never answers it: the worker dies waiting.
		const fake = prowlarr as unknown as { updateIndexer(context: HandlerContext): HandlerResult };
		let applied!: () => void;
		const putApplied = new Promise<void>((resolve) => (applied = resolve));
		let release!: () => void;
		const answerHeld = new Promise<void>((resolve) => (release = resolve));
		prowlarr.server.on('PUT /api/v1/indexer/{id}', async (context) => {
			const result = fake.updateIndexer(context);
			applied();
			await answerHeld;
			return result;
		});

		const handle = await temporal.env.client.workflow.start(mamRotation, {
			taskQueue,
			workflowId: `mam-rotation-direct-crash-${Date.now()}`,
			args: [{ label: 'direct', source: 'keepalive', timing: FAST_PUSH }],
		});
		await putApplied;
		const rotated = session.mamId;
		expect(rotated).not.toBe(configCookie);
		// The new cookie was on disk before Prowlarr was asked.
		expect((await stateOnDisk()).cookie('direct')).toMatchObject({ value: rotated, version: 2, source: 'rotation' });

		runner.child.kill('SIGKILL');
		await runner.exited;
		expect(runner.child.signalCode).toBe('SIGKILL');
		prowlarr.server.on('PUT /api/v1/indexer/{id}', (context) => fake.updateIndexer(context));
		release();
		expect(putCount()).toBe(before + 1);

		const restarted = await startRunnerProcess();
		const result = await handle.result();
		// The retry found the cookie in Prowlarr and did not write it again.
		expect(result).toMatchObject({ label: 'direct', version: 2, prowlarr: { outcome: 'unchanged', skipped: true } });
		expect(putCount()).toBe(before + 1);
		expect(prowlarr.mamId()).toBe(rotated);
		expect(session.mamId).toBe(rotated);
		expect(mam.accepts(rotated)).toBe(true);
		expect((await stateOnDisk()).cookie('direct')).toMatchObject({ value: rotated, version: 2 });
		const updates = (await events('prowlarr_auto_update')).filter((event) => event.details?.workflow_id === handle.workflowId);
		expect(updates.map((event) => event.ok)).toEqual([true]);

		// The restart read the same config cookie: it does not replace the newer rotated one.
		const sessions = await runCli(['mam', 'sessions', '--json']);
		expect(sessions.code).toBe(0);
		expect(JSON.parse(sessions.stdout)).toEqual([expect.objectContaining({ label: 'direct', version: 2, source: 'rotation', mam_id: `...${rotated.slice(-8)}`, prowlarr: expect.objectContaining({ in_sync: true }) })]);
		restarted.child.kill('SIGTERM');
		await restarted.exited;
	}, 180_000);

	it('SIGKILL while MAM\'s answer is on the wire, its headers in but not its body: the cookie from the headers was saved, and the rotation finishes within seconds', async () => {
		const runner = await startRunnerProcess();
		const saved = (await stateOnDisk()).cookie('direct')!;
		const held = mam.holdNextAnswer('headers');
		const handle = await temporal.env.client.workflow.start(mamRotation, {
			taskQueue,
			workflowId: `mam-rotation-direct-headers-${Date.now()}`,
			args: [{ label: 'direct', source: 'keepalive', timing: FAST_PUSH }],
		});
		await held.reached;
		const rotated = session.mamId;
		expect(rotated).not.toBe(saved.value);
		// Set-Cookie arrived with the headers: on disk before a byte of the body.
		await waitUntil('the cookie from the headers is on disk', async () => (await stateOnDisk()).cookie('direct')?.value === rotated, 10_000);
		runner.child.kill('SIGKILL');
		await runner.exited;

		const restarted = await startRunnerProcess();
		const resumedFrom = Date.now();
		const result = await handle.result();
		// The heartbeat gives the dead worker away within 5 s, and the call runs again 2 s later.
		expect(Date.now() - resumedFrom).toBeLessThan(20_000);
		// The retried call used the saved cookie: MAM accepted it and rotated it once more. (The
		// restart also found Prowlarr behind and started the session's sync, which may have pushed
		// the newest cookie first: then this rotation found it there.)
		expect(result).toMatchObject({ label: 'direct', version: saved.version + 2, keepalive: { alive: true, rotated: true } });
		expect(['updated', 'unchanged']).toContain(result.prowlarr.outcome);
		expect(prowlarr.mamId()).toBe(session.mamId);
		expect(mam.accepts(session.mamId)).toBe(true);
		expect(mam.requestsTo('dynamicSeedbox').at(-1)).toMatchObject({ mamId: rotated, cookieState: 'current' });
		restarted.child.kill('SIGTERM');
		await restarted.exited;
	}, 180_000);

	it('SIGKILL while the rotation\'s notification is going out: after the restart one event, one mail, one push; the webhook sees the same Idempotency-Key again', async () => {
		const runner = await startRunnerProcess();
		const workflowId = `mam-rotation-direct-notify-${Date.now()}`;
		const isThisSuccess = (request: ReceivedRequest) => request.headers['x-mediastack-event'] === 'prowlarr_auto_update' && String(request.headers['idempotency-key']).startsWith(`${workflowId}/`);
		holdHook = isThisSuccess;
		const [mailsBefore, pushesBefore] = [(await sink.messages()).length, appriseTarget.received.length];
		const ledger = () => readFileSync(dataFiles(dataDir).notifications, 'utf8').split('\n').filter((line) => line.includes(`"${workflowId}/`)).map((line) => JSON.parse(line) as { key: string; channel: string });
		const handle = await temporal.env.client.workflow.start(mamRotation, { taskQueue, workflowId, args: [{ label: 'direct', source: 'keepalive', timing: FAST_PUSH }] });
		// The webhook has the message and hangs; mail and the apprise push went out and are in the ledger.
		await waitUntil('the webhook got the SUCCESS and the other channels are done', () => hook.received.some(isThisSuccess) && ledger().length === 2, 30_000);
		expect(ledger().map((entry) => entry.channel).sort()).toEqual(['mail', 'phone']);
		const key = ledger()[0].key;
		expect(key).toMatch(new RegExp(`^${workflowId}/[0-9a-f-]{36}/notify/prowlarr_auto_update$`));
		// The event was appended already, as the workflow's last steps ran.
		expect((await events('prowlarr_auto_update')).filter((event) => event.details?.workflow_id === workflowId)).toHaveLength(1);
		runner.child.kill('SIGKILL');
		await runner.exited;
		holdHook = undefined;

		const restarted = await startRunnerProcess();
		const result = await handle.result();
		expect(result.prowlarr.outcome).toBe('updated');
		// The last workflow task ran again on the new worker: the same steps, recorded and sent once.
		const recorded = (await events('prowlarr_auto_update')).filter((event) => event.details?.workflow_id === workflowId);
		expect(recorded).toHaveLength(1);
		expect(recorded[0].key).toMatch(/\/prowlarr_auto_update$/);
		expect((await events('mam_keepalive')).filter((event) => event.details?.workflow_id === workflowId)).toHaveLength(1);
		const mails = (await sink.messages()).slice(mailsBefore);
		expect(mails.filter((mail) => mail.data.includes('prowlarr_auto_update - SUCCESS'))).toHaveLength(1);
		expect(appriseTarget.received.slice(pushesBefore)).toHaveLength(1);
		// The webhook was never answered the first time, so it was sent again, under the same key, for the receiver to drop.
		const hooks = hook.received.filter(isThisSuccess);
		expect(hooks.map((request) => request.headers['idempotency-key'])).toEqual([key, key]);
		expect(JSON.parse(hooks[1].rawBody).idempotency_key).toBe(key);
		expect(result.deliveries.map((delivery) => [delivery.channel, delivery.ok, delivery.detail])).toEqual(
			expect.arrayContaining([
				['mail', true, 'already sent (same idempotency key)'],
				['phone', true, 'already sent (same idempotency key)'],
				['hook', true, 'HTTP 200'],
			]),
		);
		restarted.child.kill('SIGTERM');
		await restarted.exited;
	}, 180_000);

	it('a new cookie pasted into the config is adopted at the next start and pushed', async () => {
		const pasted = mam.addSession();
		writeConfig(pasted.mamId);
		const versionBefore = (await stateOnDisk()).cookie('direct')!.version;
		const runner = await startRunnerProcess();
		await waitUntil('Prowlarr holds the pasted cookie', () => prowlarr.mamId() === pasted.mamId, 60_000);
		expect((await stateOnDisk()).cookie('direct')).toMatchObject({ value: pasted.mamId, version: versionBefore + 1, source: 'config' });
		session = pasted;

		// The CLI, through the runner: a session check, a cookie pasted on stdin, the notification test.
		const checked = await runCli(['mam', 'check', 'direct']);
		expect(checked.code).toBe(0);
		expect(checked.stdout).toMatch(/^direct: ok, new MAM ID \.\.\.\S{8}, MAM saw \S+( \([^)]*\))?, 60 days left$/m);
		await waitUntil('the checked cookie reached Prowlarr', () => prowlarr.mamId() === session.mamId, 30_000);

		const another = mam.addSession();
		const set = await runCli(['mam', 'set-id', 'direct', '-', '--created', 'now'], `${another.mamId}\n`);
		expect(set.code).toBe(0);
		expect(set.stdout).toContain(`Saved the new MAM ID ...${another.mamId.slice(-8)} for session direct`);
		expect(set.stdout).toMatch(/Prowlarr prowlarr: updated; indexer \d+ holds MAM ID/);
		expect(prowlarr.mamId()).toBe(another.mamId);
		session = another;

		const test = await runCli(['notify', 'test', 'direct']);
		expect(test.code).toBe(0);
		expect(test.stdout).toContain('90 days remaining');
		expect(test.stdout).toMatch(/^ {2}mail \(smtp\): sent in \d+ ms/m);
		expect(test.stdout).toMatch(/^ {2}hook \(webhook\): sent/m);
		expect(test.stdout).toMatch(/^ {2}phone \(apprise-cli\): sent/m);
		expect((await events('prowlarr_manual_update')).at(-1)).toMatchObject({ ok: true, details: { source: 'manual', outcome: 'updated' } });
		runner.child.kill('SIGTERM');
		await runner.exited;
	}, 180_000);

	it('SIGKILL before any of MAM\'s answer arrived: the lost cookie cannot be recovered, and within seconds of the restart the alert says a rotation was interrupted and how to fix it', async () => {
		const runner = await startRunnerProcess();
		const saved = (await stateOnDisk()).cookie('direct')!;
		const [hooksBefore, mailsBefore] = [hook.received.length, (await sink.messages()).length];
		// MAM takes the call and rotates the cookie; its answer never leaves.
		const held = mam.holdNextAnswer('nothing');
		const handle = await temporal.env.client.workflow.start(mamRotation, {
			taskQueue,
			workflowId: `mam-rotation-direct-lost-${Date.now()}`,
			args: [{ label: 'direct', source: 'keepalive', timing: FAST_PUSH }],
		});
		await held.reached;
		expect(mam.accepts(saved.value)).toBe(false);
		expect((await stateOnDisk()).record('direct')?.in_flight).toMatchObject({ fingerprint: saved.fingerprint });
		runner.child.kill('SIGKILL');
		await runner.exited;

		const restarted = await startRunnerProcess();
		const resumedFrom = Date.now();
		const failure = await handle.result().then(
			() => undefined,
			(error: unknown) => (error as WorkflowFailedError).cause as ApplicationFailure,
		);
		expect(Date.now() - resumedFrom).toBeLessThan(20_000);
		expect(failure?.type).toBe('InvalidSession');
		expect(failure?.message).toContain('direct: A cookie rotation was interrupted while MyAnonamouse was answering');
		expect(failure?.message).toContain('Fix: create a new session on MyAnonamouse (Preferences → Security) and save its mam_id with `mediastack mam set-id direct NEW_MAM_ID --created now`');
		expect(mam.requestsTo('dynamicSeedbox').at(-1)).toMatchObject({ mamId: saved.value, cookieState: 'dead', status: 403 });

		// The alert, at once and once per channel, then the rotation's own failure naming MyAnonamouse.
		const alerts = hook.received.slice(hooksBefore).map((request) => JSON.parse(request.rawBody) as { subject: string; body: string; data: Record<string, unknown> });
		expect(alerts.map((alert) => alert.subject)).toEqual(['[mediastack] mam_session_invalid - ALERT', '[mediastack] prowlarr_auto_update - FAILED']);
		expect(alerts[0].body).toContain('MAM refused the session after an interrupted rotation!');
		expect(alerts[0].body).toContain('A cookie rotation was interrupted while MAM was answering');
		expect(alerts[0].body).toContain('`mediastack mam set-id direct NEW_MAM_ID --created now`');
		expect(alerts[0].data).toMatchObject({ reason: 'invalid_session', interrupted_at: expect.any(String) });
		expect(alerts[1].body).toMatch(/^MyAnonamouse did not accept the keepalive/);
		const mails = (await sink.messages()).slice(mailsBefore);
		expect(mails.filter((mail) => mail.data.includes('mam_session_invalid - ALERT'))).toHaveLength(1);
		expect((await events('mam_session_invalid')).at(-1)).toMatchObject({ ok: false, details: { reason: 'invalid_session', kind: 'cookie lost in an interrupted rotation' } });

		// The fix the alert gives works.
		const fresh = mam.addSession();
		const set = await runCli(['mam', 'set-id', 'direct', '-', '--created', 'now'], `${fresh.mamId}\n`);
		expect(set.code).toBe(0);
		expect(prowlarr.mamId()).toBe(fresh.mamId);
		const checked = await runCli(['mam', 'check', 'direct']);
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain('accepted again (alert cleared)');
		session = fresh;
		restarted.child.kill('SIGTERM');
		await restarted.exited;
	}, 180_000);
});

describe('secrets', () => {
	it('appear in no log line, event, notification, state file or Temporal history', async () => {
		const mails = await sink.messages();
		const notifications = [...mails.map((mail) => mail.data), ...hook.received.map((request) => request.rawBody), ...appriseTarget.received.map((request) => request.rawBody)];
		// Each channel received messages, showing cookies masked: the searches below look at real text.
		expect(mails.length).toBeGreaterThan(3);
		// The webhook got one message twice (the same Idempotency-Key): the kill left it unanswered.
		expect(new Set(hook.received.map((request) => request.headers['idempotency-key'] ?? request.rawBody)).size).toBe(mails.length);
		expect(appriseTarget.received.length).toBe(mails.length);
		expect(notifications.join('\n')).toContain(`MAM ID ending in ...${(await stateOnDisk()).cookie('direct')!.value.slice(-8)}`);
		const logs = output.join('');
		expect(logs).toContain('MAM session adopted from the config');
		const eventText = readFileSync(dataFiles(dataDir).events, 'utf8');
		expect(eventText).toContain('prowlarr_manual_update');
		const historyDir = path.join(temporal.dataDir, 'temporal');
		expect(filesContaining(historyDir, 'mam-rotation-direct-').length).toBeGreaterThan(0);

		const cookies = mam.sessions.flatMap((candidate) => candidate.issuedMamIds);
		expect(cookies.length).toBe(11);
		const secrets: Array<[string, string]> = [
			['the Prowlarr API key', prowlarr.apiKey],
			['the SMTP password', sink.password],
			['the webhook secret', WEBHOOK_SECRET],
			['the Apprise URL token', APPRISE_TOKEN],
			...cookies.map((cookie, index): [string, string] => [`mam_id #${index + 1}`, cookie]),
		];
		for (const [name, secret] of secrets) {
			expect(logs.includes(secret), `${name} in a log line`).toBe(false);
			expect(eventText.includes(secret), `${name} in an event`).toBe(false);
			expect(notifications.some((text) => text.includes(secret)), `${name} in a notification`).toBe(false);
			expect(filesContaining(dataDir, secret), `${name} in the data dir`).toEqual([]);
			expect(filesContaining(historyDir, secret), `${name} in the Temporal history`).toEqual([]);
		}
	});
});
