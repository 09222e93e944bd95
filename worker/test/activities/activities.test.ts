import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeProwlarr, defaultProwlarrIndexers, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { createActivities } from '../../src/activities';
import { createServices, Services } from '../../src/services';
import { EventLog } from '../../src/state';
import { failureOf, quietActivityEnvironment } from '../support/activities';
import { makeTempDir, testConfig } from '../support/temporal';

/** Activities exactly as the worker runs them: real services (axios), real event log, a fake Prowlarr. */
let fake: FakeProwlarr;
let noMam: FakeProwlarr;
let dataDir: string;
let events: EventLog;
let services: Services;
let activities: ReturnType<typeof createActivities>;
const WRONG_KEY = 'wrong-key-0123456789abcdef0123456789';

beforeAll(async () => {
	fake = await startFakeProwlarr();
	noMam = await startFakeProwlarr({ indexers: defaultProwlarrIndexers().filter((indexer) => indexer.implementation !== 'MyAnonamouse') });
	dataDir = makeTempDir('mediastack-activities-');
	const config = testConfig({
		dataDir,
		prowlarr: {
			main: { url: fake.url, apiKey: fake.apiKey },
			bare: { url: noMam.url, apiKey: noMam.apiKey },
			locked: { url: fake.url, apiKey: WRONG_KEY },
		},
	});
	events = await EventLog.open(dataDir);
	services = createServices(config);
	activities = createActivities({ config, services, events });
});

afterEach(() => {
	fake.clearFaults();
	fake.health.splice(0);
});

afterAll(async () => {
	services.close();
	await fake.close();
	await noMam.close();
	rmSync(dataDir, { recursive: true, force: true });
});

const env = () => quietActivityEnvironment();

/** Runs an activity in a mock activity context, keeping its result type. */
function run<A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A): Promise<R> {
	return env().run(activity, ...args) as Promise<R>;
}

describe('prowlarr activities', () => {
	it('prowlarrGetStatus returns the app name and version', async () => {
		const status = await run(activities.prowlarrGetStatus, 'main');
		expect(status).toMatchObject({ service: 'main', appName: 'Prowlarr' });
		expect(status.version).toMatch(/^\d+\.\d+/);
	});

	it('prowlarrFindMyAnonamouse returns the id and name only, never the settings that hold the cookie', async () => {
		const found = await run(activities.prowlarrFindMyAnonamouse, 'main');
		const expected = fake.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!;
		expect(found).toEqual({ id: expected.id, name: expected.name });
		expect(JSON.stringify(found)).not.toContain(String(fake.mamId()));
	});

	it('prowlarrFindMyAnonamouse fails as a non-retryable NotFoundError when there is no MAM indexer', async () => {
		const failure = await failureOf(run(activities.prowlarrFindMyAnonamouse, 'bare'));
		expect(failure.type).toBe('NotFoundError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toContain('Add Indexer');
	});

	it('prowlarrCheckHealth is ok with warnings and not ok with an error-level check', async () => {
		fake.health.push({ source: 'UpdateCheck', type: 'warning', message: 'A new version is available', wikiUrl: 'https://wiki.servarr.com' });
		const warned = await run(activities.prowlarrCheckHealth, 'main');
		expect(warned.ok).toBe(true);
		expect(warned.issues).toContainEqual({ level: 'warning', source: 'UpdateCheck', message: 'A new version is available' });

		fake.health.push({ source: 'IndexerStatusCheck', type: 'error', message: 'All indexers are unavailable due to failures' });
		const failed = await run(activities.prowlarrCheckHealth, 'main');
		expect(failed.ok).toBe(false);
		expect(failed.version).toMatch(/^\d+\./);
	});

	it('prowlarrCheckHealth masks a configured API key that Prowlarr quotes in a health message', async () => {
		fake.health.push({ source: 'ApplicationCheck', type: 'warning', message: `Sync with http://app?apikey=${fake.apiKey} failed` });
		const health = await run(activities.prowlarrCheckHealth, 'main');
		expect(health.issues[0].message).toContain('Sync with');
		expect(health.issues[0].message).not.toContain(fake.apiKey);
	});

	it('a refused API key becomes a non-retryable AuthError that shows neither key', async () => {
		const failure = await failureOf(run(activities.prowlarrGetStatus, 'locked'));
		expect(failure.type).toBe('AuthError');
		expect(failure.nonRetryable).toBe(true);
		const everything = JSON.stringify({ message: failure.message, stack: failure.stack, details: failure.details, cause: failure.cause });
		expect(everything).not.toContain(WRONG_KEY);
		expect(everything).not.toContain(fake.apiKey);
		expect(failure.cause).toBeUndefined();
	});

	it('an unreachable Prowlarr is a retryable NetworkError', async () => {
		await fake.stop();
		try {
			const failure = await failureOf(run(activities.prowlarrGetStatus, 'main'));
			expect(failure.type).toBe('NetworkError');
			expect(failure.nonRetryable).toBe(false);
		} finally {
			await fake.start();
		}
	});

	it('a 429 with Retry-After becomes a RateLimitError that tells Temporal when to retry', async () => {
		fake.fault({ kind: 'status', status: 429, headers: { 'retry-after': '30' } }, { times: 1 });
		const failure = await failureOf(run(activities.prowlarrGetStatus, 'main'));
		expect(failure.type).toBe('RateLimitError');
		expect(failure.nonRetryable).toBe(false);
		expect(failure.nextRetryDelay).toBe(30_000);
	});

	it('a 500 is a retryable ServerError', async () => {
		fake.fault({ kind: 'status', status: 500, body: { message: 'database is locked' } }, { times: 1 });
		const failure = await failureOf(run(activities.prowlarrCheckHealth, 'main'));
		expect(failure.type).toBe('ServerError');
		expect(failure.nonRetryable).toBe(false);
	});

	it('an unknown service name is a non-retryable ConfigError that lists the configured ones', async () => {
		const failure = await failureOf(run(activities.prowlarrGetStatus, 'nope'));
		expect(failure.type).toBe('ConfigError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toContain('services.main');
	});
});

describe('generic activities', () => {
	it('listServices names every configured service with its type, sorted', async () => {
		expect(await run(activities.listServices)).toEqual([
			{ name: 'bare', type: 'prowlarr' },
			{ name: 'locked', type: 'prowlarr' },
			{ name: 'main', type: 'prowlarr' },
		]);
	});

	it('recordEvent appends to the event log', async () => {
		await run(activities.recordEvent, { type: 'service_health', subject: 'main', ok: true, details: { version: '2.5.0' } });
		const [latest] = await events.query({ subject: 'main', type: 'service_health', limit: 1 });
		expect(latest).toMatchObject({ type: 'service_health', subject: 'main', ok: true, details: { version: '2.5.0' } });
	});
});
