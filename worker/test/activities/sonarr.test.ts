import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSonarr, startFakeSonarr } from '../../../test/fakes/sonarr';
import { createActivities } from '../../src/activities';
import { validateConfig } from '../../src/config';
import { createServices, Services } from '../../src/services';
import { EventLog } from '../../src/state';
import { failureOf, quietActivityEnvironment } from '../support/activities';
import { makeTempDir } from '../support/temporal';

/** Sonarr's activities as the worker runs them: real services (axios), a fake Sonarr, a mock activity context. */
let fake: FakeSonarr;
let dataDir: string;
let events: EventLog;
let services: Services;
let activities: ReturnType<typeof createActivities>;
const WRONG_KEY = 'wrong-key-0123456789abcdef0123456789';
const THE_BEAR = 403245;
const SEVERANCE = 371980;

beforeAll(async () => {
	dataDir = makeTempDir('mediastack-sonarr-activities-');
	events = await EventLog.open(dataDir);
});

beforeEach(async () => {
	fake = await startFakeSonarr({ commandTiming: 'manual' });
	const config = validateConfig(
		{
			data_dir: dataDir,
			log_level: 'warn',
			services: {
				tv: { type: 'sonarr', url: fake.url, api_key: fake.apiKey, timeout_ms: 5_000 },
				locked: { type: 'sonarr', url: fake.url, api_key: WRONG_KEY, timeout_ms: 5_000 },
			},
		},
		{ env: {}, baseDir: dataDir },
	);
	services = createServices(config);
	activities = createActivities({ config, services, events });
});

afterEach(async () => {
	services.close();
	// close() fails the test when any request broke Sonarr's published API.
	await fake.close();
});

afterAll(() => {
	rmSync(dataDir, { recursive: true, force: true });
});

type ActivityRunner = <A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A) => Promise<R>;

interface Run {
	heartbeats: unknown[];
	run: ActivityRunner;
}

/** A mock activity context, optionally resuming an earlier attempt's heartbeat, recording the heartbeats. */
function activityEnv(heartbeatDetails?: unknown): Run {
	const env = quietActivityEnvironment(heartbeatDetails === undefined ? undefined : { heartbeatDetails });
	const heartbeats: unknown[] = [];
	env.on('heartbeat', (details: unknown) => heartbeats.push(details));
	return { run: (activity, ...args) => env.run(activity, ...args), heartbeats };
}

const run: ActivityRunner = (activity, ...args) => activityEnv().run(activity, ...args);

/** Resolves once the fake has queued a command of that name; the test then moves it along by hand. */
async function queued(name: string): Promise<number> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const [command] = fake.commands.named(name);
		if (command) return command.id;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`The fake Sonarr never got a ${name} command`);
}

describe('sonarr activities', () => {
	it('sonarrGetStatus returns the app name and version, nothing else', async () => {
		expect(await run(activities.sonarrGetStatus, 'tv')).toEqual({ service: 'tv', appName: 'Sonarr', version: expect.stringMatching(/^4\./), instanceName: 'Sonarr' });
	});

	it('serviceCheckHealth probes Sonarr through its registry entry', async () => {
		fake.health.push({ source: 'IndexerRssCheck', type: 'warning', message: 'No indexers available with RSS sync enabled' });

		const health = await run(activities.serviceCheckHealth, 'tv');

		expect(health).toMatchObject({ service: 'tv', type: 'sonarr', ok: true, issues: [{ level: 'warning', source: 'IndexerRssCheck' }] });
	});

	it('sonarrAddSeries adds a show with the server\'s default profile and root folder, returning a summary', async () => {
		const added = await run(activities.sonarrAddSeries, 'tv', { tvdbId: THE_BEAR });

		expect(added).toEqual({
			id: 3,
			title: 'The Bear',
			year: 2022,
			tvdbId: THE_BEAR,
			path: '/data/tv-4k/The Bear (2022)',
			qualityProfileId: 5,
			rootFolderPath: '/data/tv-4k',
			monitored: true,
			added: true,
		});
		expect(fake.requests.filter((request) => request.method === 'POST' && request.path === '/api/v3/series')).toHaveLength(1);
	});

	it('sonarrAddSeries answers added: false for a show already in the library, so a retried add does not fail', async () => {
		const again = await run(activities.sonarrAddSeries, 'tv', { tvdbId: SEVERANCE, qualityProfileId: 1 });

		expect(again).toMatchObject({ id: 2, title: 'Severance', qualityProfileId: 5, added: false });
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	it('sonarrRunCommand queues the command, heartbeats its id while it runs and returns once it completed', async () => {
		const { run: runWatched, heartbeats } = activityEnv();
		const result = runWatched(activities.sonarrRunCommand, 'tv', { name: 'searchSeason', seriesId: 2, seasonNumber: 2 }, { pollIntervalMs: 20 });
		const id = await queued('SeasonSearch');
		fake.commands.start(id);
		await new Promise((resolve) => setTimeout(resolve, 60));
		fake.commands.complete(id);

		expect(await result).toMatchObject({ commandId: id, name: 'SeasonSearch', status: 'completed', message: 'Completed' });
		expect(fake.commands.named('SeasonSearch').map((command) => command.body)).toEqual([{ seriesId: 2, seasonNumber: 2 }]);
		expect(heartbeats[0]).toEqual({ commandId: id, deadline: expect.any(Number), status: 'queued' });
		expect(heartbeats).toContainEqual({ commandId: id, deadline: expect.any(Number), status: 'started' });
		expect(heartbeats[heartbeats.length - 1]).toEqual({ commandId: id, deadline: expect.any(Number), status: 'completed' });
	});

	it('sonarrRunCommand runs each command with what it needs', async () => {
		fake.commands.setTiming({ startAfterMs: 0, completeAfterMs: 0 });
		const options = { pollIntervalMs: 10 };
		await run(activities.sonarrRunCommand, 'tv', { name: 'refreshSeries' }, options);
		await run(activities.sonarrRunCommand, 'tv', { name: 'rescanSeries', seriesId: 1 }, options);
		await run(activities.sonarrRunCommand, 'tv', { name: 'searchEpisodes', episodeIds: [68, 69] }, options);
		await run(activities.sonarrRunCommand, 'tv', { name: 'searchSeries', seriesId: 2 }, options);
		await run(activities.sonarrRunCommand, 'tv', { name: 'searchMissingEpisodes' }, options);

		expect(fake.commands.all.map((command) => [command.name, command.body])).toEqual([
			['RefreshSeries', {}],
			['RescanSeries', { seriesId: 1 }],
			['EpisodeSearch', { episodeIds: [68, 69] }],
			['SeriesSearch', { seriesId: 2 }],
			['MissingEpisodeSearch', {}],
		]);
	});

	it('sonarrRunCommand fails with Sonarr\'s message when the command fails', async () => {
		const result = failureOf(activityEnv().run(activities.sonarrRunCommand, 'tv', { name: 'searchMissingEpisodes' }, { pollIntervalMs: 20 }));
		fake.commands.fail(await queued('MissingEpisodeSearch'), 'All indexers are unavailable');

		const failure = await result;
		expect(failure.type).toBe('CommandFailedError');
		expect(failure.nonRetryable).toBe(false);
		expect(failure.message).toMatch(/^Sonarr command MissingEpisodeSearch \(id \d+\) ended failed: Failed: All indexers are unavailable\. Fix: see Sonarr → System → Logs for why\.$/);
	});

	it('sonarrRunCommand gives up at its time limit, which counts across attempts, leaving the command queued', async () => {
		const failure = await failureOf(run(activities.sonarrRunCommand, 'tv', { name: 'refreshSeries', seriesId: 1 }, { timeoutMs: 80, pollIntervalMs: 20 }));

		expect(failure.type).toBe('CommandTimeoutError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toMatch(/^Sonarr command RefreshSeries \(id \d+\) was still queued when the time limit ran out/);
		expect(fake.commands.named('RefreshSeries')).toHaveLength(1);
	});

	it('a retried sonarrRunCommand waits for the command its earlier attempt queued instead of queuing another', async () => {
		const first = await failureOf(run(activities.sonarrRunCommand, 'tv', { name: 'searchSeries', seriesId: 2 }, { timeoutMs: 50, pollIntervalMs: 10 }));
		expect(first.type).toBe('CommandTimeoutError');
		const [command] = fake.commands.named('SeriesSearch');
		fake.commands.complete(command.id);

		// A worker that died mid-wait: the next attempt has the heartbeat (command and deadline).
		const retried = await activityEnv({ commandId: command.id, deadline: Date.now() + 60_000, status: 'queued' }).run(activities.sonarrRunCommand, 'tv', { name: 'searchSeries', seriesId: 2 }, { pollIntervalMs: 10 });

		expect(retried).toMatchObject({ commandId: command.id, status: 'completed' });
		expect(fake.commands.named('SeriesSearch')).toHaveLength(1);
	});

	it('a retried sonarrRunCommand queues the command again when the one it remembers failed', async () => {
		const failed = fake.commands.queue('SeriesSearch', { seriesId: 2 });
		fake.commands.fail(failed.id, 'Indexer timed out');
		fake.commands.setTiming({ startAfterMs: 0, completeAfterMs: 0 });

		const retried = await activityEnv({ commandId: failed.id, deadline: Date.now() + 60_000, status: 'started' }).run(activities.sonarrRunCommand, 'tv', { name: 'searchSeries', seriesId: 2 }, { pollIntervalMs: 10 });

		expect(retried.commandId).not.toBe(failed.id);
		expect(retried.status).toBe('completed');
		expect(fake.commands.named('SeriesSearch')).toHaveLength(2);
	});

	it('sonarrListQueue reads every page and returns summaries with Sonarr\'s warnings', async () => {
		fake.seedQueueItems(260);

		const queue = await run(activities.sonarrListQueue, 'tv');

		expect(queue).toHaveLength(263);
		expect(queue.find((item) => item.trackedDownloadState === 'importBlocked')?.statusMessages).toEqual(['Not an upgrade for existing episode file(s)']);
		expect(Object.keys(queue[0]).sort()).toEqual(
			['downloadClient', 'downloadId', 'episodeId', 'errorMessage', 'estimatedCompletionTime', 'id', 'protocol', 'seasonNumber', 'seriesId', 'size', 'sizeleft', 'status', 'statusMessages', 'title', 'trackedDownloadState', 'trackedDownloadStatus'].sort(),
		);
		expect(await run(activities.sonarrListQueue, 'tv', { limit: 2 })).toHaveLength(2);
	});

	it('sonarrRemoveQueueItem removes and blocklists a download, and answers removed: false once it is gone', async () => {
		const [item] = fake.queue;

		expect(await run(activities.sonarrRemoveQueueItem, 'tv', item.id, { blocklist: true, skipRedownload: true })).toEqual({ queueId: item.id, removed: true });
		expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: item.id })]);

		expect(await run(activities.sonarrRemoveQueueItem, 'tv', item.id, { blocklist: true })).toEqual({ queueId: item.id, removed: false });
		expect(fake.blocklist).toHaveLength(1);
	});

	it('a refused API key is a non-retryable AuthError that shows neither key', async () => {
		const failure = await failureOf(run(activities.sonarrGetStatus, 'locked'));

		expect(failure.type).toBe('AuthError');
		expect(failure.nonRetryable).toBe(true);
		const everything = JSON.stringify({ message: failure.message, stack: failure.stack, details: failure.details });
		expect(everything).not.toContain(WRONG_KEY);
		expect(everything).not.toContain(fake.apiKey);
	});

	it('an unknown service name is a non-retryable ConfigError naming the configured ones', async () => {
		const failure = await failureOf(run(activities.sonarrGetStatus, 'nope'));

		expect(failure.type).toBe('ConfigError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toContain('services.tv');
	});
});
