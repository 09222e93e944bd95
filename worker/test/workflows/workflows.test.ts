import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError, WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProwlarr, defaultProwlarrIndexers, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { createActivities } from '../../src/activities';
import { createServices, Services } from '../../src/services';
import { EventLog } from '../../src/state';
import { prowlarrTest, serviceHealthCheck } from '../../src/workflows';
import { TestTemporal, TestWorker, makeTempDir, startTestTemporal, startTestWorker, testConfig } from '../support/temporal';

/**
 * Workflows against a real dev server, real activities, real HTTP to fake Prowlarrs. Set
 * MEDIASTACK_RECORD_FIXTURES=1 to rewrite the histories the replay test reads.
 */
const RECORD = process.env.MEDIASTACK_RECORD_FIXTURES === '1';
const FIXTURES = path.join(__dirname, 'fixtures');

let temporal: TestTemporal;
let main: FakeProwlarr;
let bare: FakeProwlarr;
let dataDir: string;
let events: EventLog;
let services: Services;
let worker: TestWorker | undefined;
let taskQueue: string;

beforeAll(async () => {
	[temporal, main, bare] = await Promise.all([
		startTestTemporal(),
		startFakeProwlarr(),
		startFakeProwlarr({ indexers: defaultProwlarrIndexers().filter((indexer) => indexer.implementation !== 'MyAnonamouse') }),
	]);
	dataDir = makeTempDir('mediastack-workflows-');
	const config = testConfig({
		dataDir,
		prowlarr: {
			main: { url: main.url, apiKey: main.apiKey },
			bare: { url: bare.url, apiKey: bare.apiKey },
			locked: { url: main.url, apiKey: 'not-the-key-5f0c2d7e9a1b3c4d5e6f7a8b' },
		},
	});
	events = await EventLog.open(dataDir);
	services = createServices(config);
	worker = await startTestWorker(temporal, 'workflows', createActivities({ config, services, events }));
	taskQueue = worker.taskQueue;
});

afterAll(async () => {
	await worker?.stop();
	services?.close();
	await Promise.all([main?.close(), bare?.close()]);
	await temporal?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

let sequence = 0;
function workflowId(name: string): string {
	sequence += 1;
	return `${name}-${sequence}-${Date.now()}`;
}

async function recordFixture(name: string, handle: WorkflowHandle): Promise<void> {
	if (!RECORD) return;
	mkdirSync(FIXTURES, { recursive: true });
	writeFileSync(path.join(FIXTURES, `${name}.json`), JSON.stringify(JSON.parse(historyToJSON(await handle.fetchHistory())), null, 2) + '\n');
}

async function startedAttempts(handle: WorkflowHandle, activityType: string): Promise<number[]> {
	const history = await handle.fetchHistory();
	const scheduled = new Map<string, string>();
	const attempts: number[] = [];
	for (const event of history.events ?? []) {
		const id = event.eventId?.toString();
		if (event.activityTaskScheduledEventAttributes && id) scheduled.set(id, event.activityTaskScheduledEventAttributes.activityType?.name ?? '');
		const started = event.activityTaskStartedEventAttributes;
		if (started && scheduled.get(started.scheduledEventId?.toString() ?? '') === activityType) attempts.push(started.attempt ?? 0);
	}
	return attempts;
}

describe('prowlarrTest', () => {
	it('returns the status and the MyAnonamouse indexer', async () => {
		const handle = await temporal.env.client.workflow.start(prowlarrTest, { taskQueue, workflowId: workflowId('prowlarr-test'), args: [{ service: 'main' }] });
		const result = await handle.result();
		const mam = main.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!;
		expect(result.status).toMatchObject({ service: 'main', appName: 'Prowlarr' });
		expect(result.myAnonamouse).toEqual({ id: mam.id, name: mam.name });
	});

	it('answers null for MyAnonamouse when Prowlarr has no such indexer (NotFoundError is not retried)', async () => {
		const before = bare.requests.length;
		const result = await temporal.env.client.workflow.execute(prowlarrTest, { taskQueue, workflowId: workflowId('prowlarr-test-bare'), args: [{ service: 'bare' }] });
		expect(result.myAnonamouse).toBeNull();
		// One status call and one indexer list: no retry of the NotFoundError.
		expect(bare.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/system/status', 'GET /api/v1/indexer']);
	});

	it('retries a transient failure: Prowlarr down, then back', async () => {
		await main.stop();
		const handle = await temporal.env.client.workflow.start(prowlarrTest, { taskQueue, workflowId: workflowId('prowlarr-test-retry'), args: [{ service: 'main' }] });
		try {
			// Wait until Temporal has seen the first attempt fail with the retryable NetworkError.
			const deadline = Date.now() + 30_000;
			for (;;) {
				const pending = (await handle.describe()).raw.pendingActivities?.[0];
				if (pending && (pending.attempt ?? 0) >= 2) {
					expect(pending.lastFailure?.applicationFailureInfo?.type).toBe('NetworkError');
					break;
				}
				if (Date.now() > deadline) throw new Error('the activity was never retried');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		} finally {
			await main.start();
		}
		const result = await handle.result();
		expect(result.status.appName).toBe('Prowlarr');
		const attempts = await startedAttempts(handle, 'prowlarrGetStatus');
		expect(attempts).toHaveLength(1);
		expect(attempts[0]).toBeGreaterThanOrEqual(2);
		await recordFixture('prowlarr-test-retried', handle);
	});

	it('fails at once on a refused API key, with the chain WorkflowFailedError → ActivityFailure → ApplicationFailure(AuthError)', async () => {
		const before = main.requests.filter((request) => request.status === 401).length;
		const handle = await temporal.env.client.workflow.start(prowlarrTest, { taskQueue, workflowId: workflowId('prowlarr-test-auth'), args: [{ service: 'locked' }] });
		const error = await handle.result().then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(WorkflowFailedError);
		const activityFailure = (error as WorkflowFailedError).cause;
		expect(activityFailure).toBeInstanceOf(ActivityFailure);
		expect((activityFailure as ActivityFailure).activityType).toBe('prowlarrGetStatus');
		const applicationFailure = (activityFailure as ActivityFailure).cause;
		expect(applicationFailure).toBeInstanceOf(ApplicationFailure);
		expect((applicationFailure as ApplicationFailure).type).toBe('AuthError');
		expect((applicationFailure as ApplicationFailure).nonRetryable).toBe(true);
		expect((applicationFailure as ApplicationFailure).message).toContain('API key');
		// Exactly one request: nothing retried.
		expect(main.requests.filter((request) => request.status === 401).length - before).toBe(1);
		expect(await startedAttempts(handle, 'prowlarrGetStatus')).toEqual([1]);
	});
});

describe('serviceHealthCheck', () => {
	it('checks every configured service, records an event for each, and one failure does not stop the others', async () => {
		main.health.push({ source: 'UpdateCheck', type: 'warning', message: 'New update is available' });
		try {
			const handle = await temporal.env.client.workflow.start(serviceHealthCheck, { taskQueue, workflowId: workflowId('service-health'), args: [{}] });
			const result = await handle.result();
			expect(result.ok).toBe(false);
			expect(result.services.map((service) => [service.service, service.ok])).toEqual([
				['bare', true],
				['locked', false],
				['main', true],
			]);
			const locked = result.services.find((service) => service.service === 'locked')!;
			expect(locked.error?.type).toBe('AuthError');
			const mainHealth = result.services.find((service) => service.service === 'main')!;
			expect(mainHealth.issues).toEqual([{ level: 'warning', source: 'UpdateCheck', message: 'New update is available' }]);
			expect(new Date(result.checkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

			const recorded = await events.query({ type: 'service_health' });
			for (const [service, ok] of [
				['bare', true],
				['locked', false],
				['main', true],
			] as const) {
				expect(recorded.find((event) => event.subject === service)).toMatchObject({ ok });
			}
			expect(recorded.find((event) => event.subject === 'locked')?.details).toMatchObject({ error: { type: 'AuthError' } });
			await recordFixture('service-health-check', handle);
		} finally {
			main.health.splice(0);
		}
	});

	it('checks only the named services and reports an unknown name as failed', async () => {
		const result = await temporal.env.client.workflow.execute(serviceHealthCheck, {
			taskQueue,
			workflowId: workflowId('service-health-named'),
			args: [{ services: ['main', 'typo'] }],
		});
		expect(result.services.map((service) => [service.service, service.ok, service.error?.type])).toEqual([
			['main', true, undefined],
			['typo', false, 'ConfigError'],
		]);
	});
});
