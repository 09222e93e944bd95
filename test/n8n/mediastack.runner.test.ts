// The harness first: it makes node code and n8n-core share one CommonJS n8n-workflow.
import { errorText, PACKAGE_NAME, runWorkflow, singleNodeWorkflow, testCredential } from './harness';

import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { FakeMyAnonamouse, startFakeMyAnonamouse } from '../fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';
import { createLogger } from '../../worker/src/log';
import { RunnerHandle, startRunner } from '../../worker/src/runner';
import { daysAgo, mamConfigData } from '../../worker/test/mam/support';
import { Receiver, startReceiver } from '../../worker/test/notify/receiver';
import { TestTemporal, makeTempDir, startTestTemporal, uniqueTaskQueue } from '../../worker/test/support/temporal';

/**
 * The Mediastack node against the real runner (worker/src/runner.ts) rather than a stand-in:
 * a real Temporal dev server, the runner's own HTTP API, and the MAM and Prowlarr fakes behind
 * it. Catches any drift between what the node sends or expects and what the runner does.
 */
const NODE = 'Mediastack';
const MEDIASTACK_NODE = { id: 'mediastack', name: NODE, type: `${PACKAGE_NAME}.mediastack` };
const LABEL = 'main';
const TIMEZONE = 'Europe/Berlin';
const PROWLARR_SERVICE = 'prowlarr';

let temporal: TestTemporal;
let mam: FakeMyAnonamouse;
let prowlarr: FakeProwlarr;
let receiver: Receiver;
let runner: RunnerHandle;
let dir: string;
let dataDir: string;
let taskQueue: string;
let apiToken: string;
let initialMamId: string;

const quietLogger = () => createLogger('error', { destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });

beforeAll(async () => {
	[temporal, mam, prowlarr, receiver] = await Promise.all([startTestTemporal(), startFakeMyAnonamouse(), startFakeProwlarr(), startReceiver()]);
	initialMamId = mam.mamId;
	dir = makeTempDir('mediastack-n8n-runner-');
	dataDir = path.join(dir, 'data');
	taskQueue = uniqueTaskQueue('n8n-runner');
	const config = mamConfigData({
		dataDir,
		mam,
		prowlarr: { [PROWLARR_SERVICE]: prowlarr },
		sessions: [{ label: LABEL, mamId: initialMamId, created: daysAgo(84), notifyBeforeDays: 7, prowlarr: PROWLARR_SERVICE }],
		timezone: TIMEZONE,
		temporal: { address: temporal.server.address, task_queue: taskQueue },
		api: { port: 0 },
		// Only what the node asks for should reach the fakes during the test.
		schedules: { service_health: { enabled: false } },
		notify: { channels: { hook: { type: 'webhook', url: `${receiver.url}/mediastack` } }, event_rules: { default: ['hook'] } },
	});
	const configPath = path.join(dir, 'mediastack.yaml');
	writeFileSync(configPath, stringify(JSON.parse(JSON.stringify(config))));
	runner = await startRunner({ configPath, logger: quietLogger(), env: {} });
	apiToken = readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
});

afterAll(async () => {
	await runner?.stop();
	await Promise.all([mam?.close(), prowlarr?.close(), receiver?.close()]);
	await temporal?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(parameters: INodeParameters, token = apiToken) {
	if (!runner.apiUrl) throw new Error('The runner started without its API');
	return await runWorkflow(singleNodeWorkflow(MEDIASTACK_NODE, parameters), { credentials: { mediastackApi: { url: runner.apiUrl, apiToken: token } } });
}

/** The one item the node output, failing the test with the node's own error otherwise. */
async function runOne(parameters: INodeParameters): Promise<IDataObject> {
	const result = await run(parameters);
	if (result.status !== 'success') throw new Error(`The node failed: ${errorText(result.error)}`);
	const items = result.outputByNode[NODE];
	expect(items).toHaveLength(1);
	return items[0].json;
}

function mamIndexerId(): number {
	const indexer = prowlarr.indexers.find((candidate) => candidate.implementation === 'MyAnonamouse');
	if (!indexer) throw new Error('The fake Prowlarr has no MyAnonamouse indexer');
	return indexer.id;
}

describe('Mediastack node against the real runner', () => {
	it('system getServerTime answers the runner\'s clock in its configured zone', async () => {
		const before = Date.now();
		const time = await runOne({ resource: 'system', operation: 'getServerTime' });
		const after = Date.now();

		expect(time.timezone).toBe(TIMEZONE);
		const serverTime = Date.parse(String(time.server_time));
		expect(serverTime).toBeGreaterThanOrEqual(before);
		expect(serverTime).toBeLessThanOrEqual(after);
		// The same instant as wall-clock time with Berlin's offset (to the second).
		expect(String(time.local_time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
		expect(Date.parse(String(time.local_time))).toBe(Math.floor(serverTime / 1000) * 1000);
	});

	it('system getHealth answers the runner\'s health summary', async () => {
		const health = await runOne({ resource: 'system', operation: 'getHealth' });

		expect(health).toMatchObject({
			ok: true,
			temporal: { address: temporal.server.address, taskQueue, embedded: false, reachable: true },
			worker: { state: 'RUNNING' },
		});
		// The runner shows each service's URL normalized (and with any credentials in it redacted).
		expect(health.services).toEqual([expect.objectContaining({ name: PROWLARR_SERVICE, type: 'prowlarr', url: new URL(prowlarr.url).href })]);
		expect(JSON.stringify(health)).not.toContain(prowlarr.apiKey);
	});

	it('prowlarr test finds the fake Prowlarr\'s MyAnonamouse indexer', async () => {
		const answer = await runOne({ resource: 'prowlarr', operation: 'test', label: LABEL });

		expect(answer).toMatchObject({ success: true, indexer_id: mamIndexerId(), indexer_name: 'MyAnonamouse', service: PROWLARR_SERVICE });
		// Without a label the runner tests its default Prowlarr, logged under the service's name.
		const unlabelled = await runOne({ resource: 'prowlarr', operation: 'test', label: '' });
		expect(unlabelled).toMatchObject({ success: true, indexer_id: mamIndexerId(), service: PROWLARR_SERVICE });
	});

	let rotationWorkflowId: string;

	it('rotation start leaves MAM\'s current cookie in the Prowlarr indexer', async () => {
		const puts = prowlarr.indexerState(mamIndexerId()).putCount;

		const answer = await runOne({ resource: 'rotation', operation: 'start', label: LABEL, force: false });

		expect(answer).toMatchObject({ success: true, done: true, indexer_id: mamIndexerId(), message: 'Prowlarr indexer updated successfully' });
		// The keepalive rotated the cookie at MAM, and Prowlarr got the new one.
		expect(mam.mamId).not.toBe(initialMamId);
		expect(prowlarr.mamId()).toBe(mam.mamId);
		expect(prowlarr.indexerState(mamIndexerId()).putCount).toBe(puts + 1);
		expect(answer.mam_id).toBe(`...${mam.mamId.slice(-8)}`);
		expect(JSON.stringify(answer)).not.toContain(mam.mamId);
		expect(answer.workflow_id).toEqual(expect.stringMatching(/^mam-rotation-main-/));
		rotationWorkflowId = String(answer.workflow_id);
	});

	it('session testExpiryNotification outputs the dates and the webhook receives the warning', async () => {
		const sentBefore = receiver.received.length;

		const answer = await runOne({ resource: 'session', operation: 'testExpiryNotification', label: LABEL });

		expect(answer).toMatchObject({ success: true, days_remaining: 6 });
		expect(answer.created).toEqual(expect.any(String));
		expect(answer.expires).toEqual(expect.any(String));
		expect(Date.parse(String(answer.expires)) - Date.parse(String(answer.created))).toBeCloseTo(90 * 24 * 60 * 60 * 1000, -5);
		const received = await receiver.waitFor(sentBefore + 1);
		const warnings = received
			.slice(sentBefore)
			.map((request) => JSON.parse(request.rawBody) as { event: string; subject: string; body: string })
			.filter((payload) => payload.event === 'mam_session_expiry');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].body).toContain(`...${mam.mamId.slice(-8)}`);
		expect(warnings[0].body).toContain('6 days');
		expect(received.map((request) => request.rawBody).join('\n')).not.toContain(mam.mamId);
	});

	it('event getMany lists that rotation\'s event, filtered by subject', async () => {
		const all = await run({ resource: 'event', operation: 'getMany', returnAll: true });
		// Testing Prowlarr without a label logged events about the service: the filter must keep them out.
		expect(all.outputByNode[NODE].map((item) => item.json.subject)).toEqual(expect.arrayContaining([LABEL, PROWLARR_SERVICE]));

		const result = await run({ resource: 'event', operation: 'getMany', limit: 50, filters: { subject: LABEL, types: 'prowlarr_auto_update, prowlarr_manual_update' } });

		expect(result.status).toBe('success');
		const events = result.outputByNode[NODE].map((item) => item.json);
		expect(events.length).toBeGreaterThanOrEqual(1);
		for (const event of events) {
			expect(event.subject).toBe(LABEL);
			expect(['prowlarr_auto_update', 'prowlarr_manual_update']).toContain(event.type);
		}
		expect(events).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ type: 'prowlarr_auto_update', subject: LABEL, ok: true, details: expect.objectContaining({ workflow_id: rotationWorkflowId }) }),
			]),
		);

		const other = await run({ resource: 'event', operation: 'getMany', filters: { subject: 'nobody' } });
		expect(other.status).toBe('success');
		expect(other.outputByNode[NODE]).toEqual([]);
	});

	it('a wrong token fails with a NodeApiError that names the runner and the fix, without any token', async () => {
		const wrong = randomBytes(24).toString('base64url');

		const result = await run({ resource: 'system', operation: 'getServerTime' }, wrong);

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^The mediastack runner refused the credentials \(HTTP 401 on GET \/api\/server_time\)/);
		expect(result.error?.description).toMatch(/api-token file/);
		expect(errorText(result.error)).not.toContain(wrong);
		expect(errorText(result.error)).not.toContain(apiToken);
	});

	it('the credential test passes on the real runner\'s health summary and fails a wrong token with the runner\'s fix', async () => {
		const url = String(runner.apiUrl);
		await expect(testCredential('mediastackApi', { url, apiToken })).resolves.toEqual({
			status: 'OK',
			message: 'Connected to the mediastack runner; the API token works and the runner reports itself healthy.',
		});

		const wrong = randomBytes(24).toString('base64url');
		const failed = await testCredential('mediastackApi', { url, apiToken: wrong });
		expect(failed.status).toBe('Error');
		expect(failed.message).toMatch(/^The mediastack runner refused the credentials \(HTTP 401 on GET \/api\/health\)/);
		expect(failed.message).toMatch(/Fix: /);
		expect(failed.message).not.toContain(wrong);
		expect(failed.message).not.toContain(apiToken);
	});
});
