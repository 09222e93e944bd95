import { rmSync } from 'node:fs';
import { CancelledFailure } from '@temporalio/common';
import type { Info } from '@temporalio/activity';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeRadarr, startFakeRadarr } from '../../../test/fakes/radarr';
import { createActivities } from '../../src/activities';
import { validateConfig } from '../../src/config';
import { createServices, Services } from '../../src/services';
import { EventLog } from '../../src/state';
import { failureOf, quietActivityEnvironment } from '../support/activities';
import { makeTempDir } from '../support/temporal';

/** Radarr's activities as the worker runs them: real services (axios), real event log, fake Radarrs. */
let fake: FakeRadarr;
let empty: FakeRadarr;
let dataDir: string;
let services: Services;
let activities: ReturnType<typeof createActivities>;
const WRONG_KEY = 'wrong-key-0123456789abcdef0123456789';
const ARRIVAL = 329865;
const MARTIAN = 286217;

beforeAll(async () => {
	dataDir = makeTempDir('mediastack-radarr-activities-');
	empty = await startFakeRadarr({ movies: [], rootFolders: [], queue: false });
});

beforeEach(async () => {
	fake = await startFakeRadarr();
	const config = validateConfig(
		{
			data_dir: dataDir,
			log_level: 'warn',
			services: {
				movies: { type: 'radarr', url: fake.url, api_key: fake.apiKey, timeout_ms: 5_000 },
				bare: { type: 'radarr', url: empty.url, api_key: empty.apiKey, timeout_ms: 5_000 },
				locked: { type: 'radarr', url: fake.url, api_key: WRONG_KEY, timeout_ms: 5_000 },
			},
		},
		{ env: {}, baseDir: dataDir },
	);
	services = createServices(config);
	activities = createActivities({ config, services, events: await EventLog.open(dataDir) });
});

afterEach(async () => {
	services.close();
	await fake.close();
});

afterAll(async () => {
	await empty.close();
	rmSync(dataDir, { recursive: true, force: true });
});

function env(info: Partial<Info> = {}) {
	return quietActivityEnvironment(info);
}

function run<A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A): Promise<R> {
	return runIn(env(), activity, ...args);
}

/** Runs an activity in the given mock environment, keeping its argument and result types. */
function runIn<A extends unknown[], R>(mock: MockActivityEnvironment, activity: (...args: A) => Promise<R>, ...args: A): Promise<R> {
	return mock.run(activity, ...args) as Promise<R>;
}

function commandPosts() {
	return fake.requests.filter((request) => request.method === 'POST' && request.path === '/api/v3/command');
}

/** Resolves once the fake has queued a command of that name (the activity is running meanwhile). */
async function queuedCommand(name: string) {
	for (let attempt = 0; attempt < 200; attempt++) {
		const [command] = fake.commands.named(name);
		if (command) return command;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`Radarr never got a ${name} command`);
}

describe('radarr activities', () => {
	it('radarrGetStatus returns the app name and version only', async () => {
		expect(await run(activities.radarrGetStatus, 'movies')).toEqual({ service: 'movies', appName: 'Radarr', instanceName: 'Radarr', version: expect.stringMatching(/^5\./) });
	});

	it('radarrLookupMovie returns small summaries; a movie not in the library has id 0', async () => {
		const [arrival] = await run(activities.radarrLookupMovie, 'movies', 'arrival');

		expect(arrival).toEqual({ id: 0, title: 'Arrival', year: 2016, tmdbId: ARRIVAL, imdbId: 'tt2543164', path: undefined, rootFolderPath: undefined, qualityProfileId: 0, monitored: false, hasFile: false });
	});

	it('radarrAddMovie adds with the server\'s defaults, and a retry finds the movie instead of failing', async () => {
		const first = await run(activities.radarrAddMovie, 'movies', { tmdbId: ARRIVAL });

		// Dune: Part Two was added last, with Ultra-HD (5) in /data/movies-4k.
		expect(first).toMatchObject({ added: true, movie: { title: 'Arrival', tmdbId: ARRIVAL, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', monitored: true } });
		const again = await run(activities.radarrAddMovie, 'movies', { tmdbId: ARRIVAL });
		expect(again).toEqual({ added: false, movie: first.movie });
		expect(fake.requests.filter((request) => request.method === 'POST' && request.path === '/api/v3/movie')).toHaveLength(1);
		expect(fake.movies.filter((movie) => movie.tmdbId === ARRIVAL)).toHaveLength(1);
	});

	it('radarrAddMovie takes the chosen profile, folder and tags, and can search on add', async () => {
		const result = await run(activities.radarrAddMovie, 'movies', { tmdbId: ARRIVAL, qualityProfileId: 4, rootFolderPath: '/movies', tags: ['kids'], searchForMovie: true });

		expect(result.movie).toMatchObject({ qualityProfileId: 4, rootFolderPath: '/movies', path: '/movies/Arrival (2016)' });
		expect(fake.movies.find((movie) => movie.tmdbId === ARRIVAL)?.tags).toEqual([1]);
		expect(fake.commands.named('MoviesSearch')).toHaveLength(1);
	});

	it('radarrAddMovie fails for good, saying where to add one, when Radarr has no root folder', async () => {
		const failure = await failureOf(run(activities.radarrAddMovie, 'bare', { tmdbId: ARRIVAL }));

		expect(failure.type).toBe('NotFoundError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toContain('Radarr has no root folder to add the movie to. Fix: add one in Radarr → Settings → Media Management → Root Folders');
	});

	it('radarrAddMovie refuses a TMDB id that is not a whole number before asking Radarr', async () => {
		const failure = await failureOf(run(activities.radarrAddMovie, 'movies', { tmdbId: 0 }));

		expect(failure.type).toBe('ConfigError');
		expect(failure.nonRetryable).toBe(true);
		expect(fake.requests).toHaveLength(0);
	});

	it('radarrRunCommand queues the command and heartbeats until Radarr completed it', async () => {
		const martian = fake.movies.find((movie) => movie.tmdbId === MARTIAN)!;
		const mock = env();
		const beats: unknown[] = [];
		mock.on('heartbeat', (details: unknown) => beats.push(details));

		const outcome = await runIn(mock, activities.radarrRunCommand, 'movies', { command: 'refreshMovie', movieIds: [martian.id], pollIntervalMs: 20 });

		expect(outcome).toMatchObject({ name: 'RefreshMovie', status: 'completed', message: 'Completed' });
		expect(commandPosts().map((request) => request.body)).toEqual([{ name: 'RefreshMovie', movieIds: [martian.id] }]);
		expect(beats.length).toBeGreaterThanOrEqual(2);
		expect(beats.at(-1)).toMatchObject({ commandId: outcome.commandId, status: 'completed' });
	});

	it('radarrRunCommand fails with Radarr\'s message when the command fails, worth a retry (which queues it afresh)', async () => {
		fake.commands.setTiming('manual');
		const running = run(activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', pollIntervalMs: 20 });
		fake.commands.fail((await queuedCommand('MissingMoviesSearch')).id, 'All indexers are unavailable');

		const failure = await failureOf(running);
		expect(failure.type).toBe('CommandFailedError');
		expect(failure.nonRetryable).toBe(false);
		expect(failure.message).toMatch(/^Radarr command MissingMoviesSearch \(id \d+\) ended failed: Failed: All indexers are unavailable\. Fix: see Radarr → System → Logs/);
	});

	it('radarrRunCommand gives up at its time limit, leaving the command to Radarr', async () => {
		fake.commands.setTiming('manual');

		const failure = await failureOf(run(activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', timeoutMs: 150, pollIntervalMs: 20 }));

		expect(failure.type).toBe('CommandTimeoutError');
		expect(failure.nonRetryable).toBe(true);
		expect(failure.message).toMatch(/MissingMoviesSearch \(id \d+\) was still queued when the time limit ran out/);
		expect(fake.commands.named('MissingMoviesSearch')).toHaveLength(1);
	});

	it('radarrRunCommand retried after a lost worker waits for the command the last attempt queued, not a new one', async () => {
		fake.commands.setTiming('manual');
		const first = await run(activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', timeoutMs: 60, pollIntervalMs: 20 }).catch(() => undefined);
		expect(first).toBeUndefined();
		const [queued] = fake.commands.named('MissingMoviesSearch');
		fake.commands.complete(queued.id);

		const retried = env({ attempt: 2, heartbeatDetails: { commandId: queued.id, deadline: Date.now() + 60_000 } });
		const outcome = await runIn(retried, activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', pollIntervalMs: 20 });

		expect(outcome).toMatchObject({ commandId: queued.id, status: 'completed' });
		expect(commandPosts()).toHaveLength(1);
	});

	it('radarrRunCommand queues the command again when Radarr no longer knows the one of the last attempt', async () => {
		const retried = env({ attempt: 2, heartbeatDetails: { commandId: 9999, deadline: Date.now() + 60_000 } });

		const outcome = await runIn(retried, activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', pollIntervalMs: 20 });

		expect(outcome.status).toBe('completed');
		expect(outcome.commandId).not.toBe(9999);
		expect(commandPosts()).toHaveLength(1);
	});

	it('radarrRunCommand stops waiting when Temporal cancels the activity', async () => {
		fake.commands.setTiming('manual');
		const mock = env();
		const running = runIn(mock, activities.radarrRunCommand, 'movies', { command: 'missingMoviesSearch', pollIntervalMs: 20 });
		await queuedCommand('MissingMoviesSearch');
		mock.cancel();

		await expect(running).rejects.toBeInstanceOf(CancelledFailure);
	});

	it('radarrRunCommand refuses a movie search without movies before queuing anything', async () => {
		const failure = await failureOf(run(activities.radarrRunCommand, 'movies', { command: 'moviesSearch' }));

		expect(failure.type).toBe('ConfigError');
		expect(failure.message).toContain('A movie search needs at least one movie id');
		expect(commandPosts()).toHaveLength(0);
	});

	it('radarrListQueue pages through the queue and returns summaries', async () => {
		fake.seedQueueItems(300);

		const all = await run(activities.radarrListQueue, 'movies', {});
		expect(all).toHaveLength(302);
		expect(Object.keys(all[0]).sort()).toEqual(['downloadClient', 'downloadId', 'errorMessage', 'estimatedCompletionTime', 'id', 'movieId', 'protocol', 'size', 'sizeleft', 'status', 'statusMessages', 'title', 'trackedDownloadState', 'trackedDownloadStatus']);
		expect(await run(activities.radarrListQueue, 'movies', { limit: 3 })).toHaveLength(3);
		expect(await run(activities.radarrListQueue, 'movies', { includeUnknownMovieItems: true })).toHaveLength(303);
	});

	it('radarrRemoveQueueItem blocklists the release, and a retry after it is gone is not an error', async () => {
		const [item] = fake.queue;

		expect(await run(activities.radarrRemoveQueueItem, 'movies', item.id, { blocklist: true, skipRedownload: true })).toEqual({ queueId: item.id, removed: true });
		expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: item.id, skipRedownload: true })]);
		expect(fake.removedDownloads).toEqual([expect.objectContaining({ queueId: item.id, removeFromClient: true })]);
		expect(fake.commands.named('MoviesSearch')).toHaveLength(0);

		expect(await run(activities.radarrRemoveQueueItem, 'movies', item.id, { blocklist: true })).toEqual({ queueId: item.id, removed: false });
	});

	it('a refused API key is a non-retryable AuthError that shows neither key', async () => {
		const failure = await failureOf(run(activities.radarrGetStatus, 'locked'));

		expect(failure.type).toBe('AuthError');
		expect(failure.nonRetryable).toBe(true);
		const everything = JSON.stringify({ message: failure.message, stack: failure.stack, details: failure.details });
		expect(everything).not.toContain(WRONG_KEY);
		expect(everything).not.toContain(fake.apiKey);
	});

	it('serviceCheckHealth probes Radarr through its registry entry', async () => {
		fake.health.push({ source: 'RootFolderCheck', type: 'error', message: 'Missing root folder: /movies' });

		const health = await run(activities.serviceCheckHealth, 'movies');

		expect(health).toMatchObject({ service: 'movies', type: 'radarr', ok: false, issues: [{ level: 'error', source: 'RootFolderCheck', message: 'Missing root folder: /movies' }] });
	});
});
