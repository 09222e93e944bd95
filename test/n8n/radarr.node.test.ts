import type { IDataObject, INode, INodeParameters, INodePropertyOptions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PACKAGE_NAME, buildNodeTypes, runWorkflow, singleNodeWorkflow } from './harness';
import { loadOptions } from './load-options';
import { RadarrApi } from '../../credentials/RadarrApi.credentials';
import { Radarr } from '../../nodes/Radarr/Radarr.node';
import { RADARR } from '../../clients/radarr/client';
import { FakeRadarr, RADARR_VERSION, startFakeRadarr } from '../fakes/radarr';
import { describeArrNode } from '../support/suites/arr-node';
import { describeNodeFailures } from '../support/suites/node-failures';

import { Workflow } from 'n8n-workflow';

const NODE = 'Radarr';
const RADARR_NODE = { id: 'radarr', name: NODE, type: `${PACKAGE_NAME}.radarr` };
const DAY = 86_400_000;

let fake: FakeRadarr;

beforeEach(async () => {
	fake = await startFakeRadarr();
});

afterEach(async () => {
	// close() fails the test when any request broke Radarr's OpenAPI spec.
	await fake.close();
});

function credentials(apiKey = fake.apiKey, url = fake.url) {
	return { radarrApi: { url, apiKey } };
}

async function run(parameters: INodeParameters, options: { triggerItems?: IDataObject[]; apiKey?: string; extra?: Partial<INode> } = {}) {
	return await runWorkflow(singleNodeWorkflow(RADARR_NODE, parameters, options.extra), {
		credentials: credentials(options.apiKey),
		triggerItems: options.triggerItems,
	});
}

/** The output items' json, after checking the run succeeded. */
async function output(parameters: INodeParameters, options: Parameters<typeof run>[1] = {}): Promise<IDataObject[]> {
	const result = await run(parameters, options);
	expect(result.error?.message, 'the node run fails').toBeUndefined();
	expect(result.status).toBe('success');
	return result.outputByNode[NODE].map((item) => item.json);
}

function requestsTo(method: string, pathName: string) {
	return fake.requests.filter((request) => request.method === method && request.path === pathName);
}

function movieByTmdb(tmdbId: number) {
	const movie = fake.movies.find((candidate) => candidate.tmdbId === tmdbId);
	if (!movie) throw new Error(`the fake has no movie with TMDB id ${tmdbId}`);
	return movie;
}

const MARTIAN = 286217;
const DUNE_TWO = 693134;
const DUNE_THREE = 1170608;
const ARRIVAL = 329865;

describe('Radarr node: movie', () => {
	it('lists the library with Return All, and only up to the limit without it', async () => {
		const all = await output({ resource: 'movie', operation: 'getAll', returnAll: true });
		expect(all.map((movie) => movie.tmdbId)).toEqual([MARTIAN, DUNE_THREE, DUNE_TWO]);
		expect(all[0]).toMatchObject({ title: 'The Martian', hasFile: true, path: '/movies/The Martian (2015)' });

		expect(await output({ resource: 'movie', operation: 'getAll', returnAll: false, limit: 2 })).toHaveLength(2);
	});

	it('lists movies by default, up to 50', async () => {
		expect(await output({})).toHaveLength(3);
		expect(requestsTo('GET', '/api/v3/movie')).toHaveLength(1);
	});

	it('gets one movie per input item, each paired with its item', async () => {
		const dune = movieByTmdb(DUNE_TWO);
		const martian = movieByTmdb(MARTIAN);

		const result = await run({ resource: 'movie', operation: 'get', movieId: '={{ $json.id }}' }, { triggerItems: [{ id: dune.id }, { id: martian.id }] });

		expect(result.outputByNode[NODE].map((item) => [item.json.title, item.pairedItem])).toEqual([
			['Dune: Part Two', { item: 0 }],
			['The Martian', { item: 1 }],
		]);
		expect(requestsTo('GET', `/api/v3/movie/${dune.id}`)).toHaveLength(1);
	});

	it('says which movie id Radarr does not have', async () => {
		const result = await run({ resource: 'movie', operation: 'get', movieId: 99 });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Radarr has no movie with id 99.');
		expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('404');
	});

	it('refuses a movie id from an expression that is not a positive whole number before asking Radarr', async () => {
		const result = await run({ resource: 'movie', operation: 'get', movieId: '={{ $json.title }}' }, { triggerItems: [{ title: 'The Martian' }] });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('movieId must be a positive whole number, got "The Martian"');
		expect(fake.requests).toHaveLength(0);
	});

	it('looks movies up by title: a library movie keeps its id, a new one has id 0', async () => {
		const items = await output({ resource: 'movie', operation: 'lookup', lookupBy: 'term', term: 'dune', returnAll: true });

		expect(items.map((movie) => [movie.title, movie.id === 0])).toEqual([
			['Dune: Part Two', false],
			['Dune: Part Three', false],
		]);
		expect(requestsTo('GET', '/api/v3/movie/lookup')[0].query).toEqual({ term: 'dune' });

		const [arrival] = await output({ resource: 'movie', operation: 'lookup', term: 'arrival' });
		expect(arrival).toMatchObject({ title: 'Arrival', id: 0, tmdbId: ARRIVAL });
	});

	it('stops a title lookup at the limit', async () => {
		expect(await output({ resource: 'movie', operation: 'lookup', term: 'dune', returnAll: false, limit: 1 })).toHaveLength(1);
	});

	it('looks a movie up by TMDB ID and by IMDb ID, with or without the "tt"', async () => {
		const [byTmdb] = await output({ resource: 'movie', operation: 'lookup', lookupBy: 'tmdbId', tmdbId: String(ARRIVAL) });
		expect(byTmdb).toMatchObject({ title: 'Arrival', imdbId: 'tt2543164' });
		expect(requestsTo('GET', '/api/v3/movie/lookup/tmdb')[0].query).toEqual({ tmdbId: String(ARRIVAL) });

		const [byImdb] = await output({ resource: 'movie', operation: 'lookup', lookupBy: 'imdbId', imdbId: '2543164' });
		expect(byImdb).toMatchObject({ title: 'Arrival', tmdbId: ARRIVAL });
		expect(requestsTo('GET', '/api/v3/movie/lookup/imdb')[0].query).toEqual({ imdbId: 'tt2543164' });
	});

	it('fails a TMDB lookup of an unknown movie with Radarr\'s own words', async () => {
		const result = await run({ resource: 'movie', operation: 'lookup', lookupBy: 'tmdbId', tmdbId: '999999' });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toContain('Movie with TmdbId 999999 was not found');
	});

	it('adds a movie with the quality profile and root folder of the movie added last when none is chosen', async () => {
		const [added] = await output({ resource: 'movie', operation: 'add', tmdbId: String(ARRIVAL) });

		// Dune: Part Two was added last, with Ultra-HD (5) in /data/movies-4k.
		expect(added).toMatchObject({ title: 'Arrival', tmdbId: ARRIVAL, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', monitored: true });
		expect(added.id).toBeGreaterThan(0);
		const [post] = requestsTo('POST', '/api/v3/movie');
		expect(post.body).toMatchObject({ tmdbId: ARRIVAL, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', monitored: true, minimumAvailability: 'released', tags: [] });
		expect((post.body as IDataObject).addOptions).toEqual({ monitor: 'movieOnly', searchForMovie: false, addMethod: 'manual' });
		expect(fake.commands.named('MoviesSearch')).toHaveLength(0);
		expect(fake.movies).toHaveLength(4);
	});

	it('adds a movie with the chosen profile, folder, availability and tags, creating missing tags, and searches on add', async () => {
		const [added] = await output({
			resource: 'movie',
			operation: 'add',
			tmdbId: String(ARRIVAL),
			monitor: 'movieAndCollection',
			searchForMovie: true,
			additionalFields: { qualityProfileId: 4, rootFolderPath: '/movies', minimumAvailability: 'inCinemas', tags: 'kids, Sci-Fi' },
		});

		expect(added).toMatchObject({ qualityProfileId: 4, rootFolderPath: '/movies', minimumAvailability: 'inCinemas' });
		const sciFi = fake.tags.find((tag) => tag.label === 'sci-fi');
		expect(sciFi).toBeDefined();
		expect(added.tags).toEqual([1, sciFi!.id]);
		const [post] = requestsTo('POST', '/api/v3/movie');
		expect((post.body as IDataObject).addOptions).toMatchObject({ monitor: 'movieAndCollection', searchForMovie: true });
		expect(fake.commands.named('MoviesSearch').map((command) => command.body)).toEqual([expect.objectContaining({ movieIds: [added.id] })]);
		// The defaults were given, so Radarr's lists were not read for them.
		expect(requestsTo('GET', '/api/v3/qualityprofile')).toHaveLength(0);
		expect(requestsTo('GET', '/api/v3/rootfolder')).toHaveLength(0);
	});

	it('fails to add a movie the library already has, naming it, with Radarr\'s words', async () => {
		const result = await run({ resource: 'movie', operation: 'add', tmdbId: String(MARTIAN) });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Radarr already has "The Martian" (2015), TMDB 286217: This movie has already been added.');
		expect(fake.movies).toHaveLength(3);
	});

	it('refuses a TMDB ID that is not a number before asking Radarr', async () => {
		const result = await run({ resource: 'movie', operation: 'add', tmdbId: 'the martian' });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/tmdbId must be a positive whole number, got "the martian"/);
		expect(fake.requests).toHaveLength(0);
	});

	it('updates only the chosen fields and keeps the rest of the movie', async () => {
		const martian = movieByTmdb(MARTIAN);

		const [updated] = await output({ resource: 'movie', operation: 'update', movieId: martian.id, updateFields: { monitored: false, qualityProfileId: 2, tags: [1] } });

		expect(updated).toMatchObject({ id: martian.id, title: 'The Martian', monitored: false, qualityProfileId: 2, tags: [1], path: '/movies/The Martian (2015)', minimumAvailability: 'released' });
		const [put] = requestsTo('PUT', `/api/v3/movie/${martian.id}`);
		expect(put.body).toMatchObject({ id: martian.id, tmdbId: MARTIAN, title: 'The Martian', monitored: false, qualityProfileId: 2, tags: [1] });
		expect(put.query.moveFiles).toBe('false');
		expect(fake.commands.named('MoveMovie')).toHaveLength(0);
	});

	it('moves the files when the path changes with Move Files on', async () => {
		const martian = movieByTmdb(MARTIAN);

		const [updated] = await output({ resource: 'movie', operation: 'update', movieId: martian.id, updateFields: { path: '/data/movies-4k/The Martian (2015)' }, moveFiles: true });

		expect(updated).toMatchObject({ path: '/data/movies-4k/The Martian (2015)', rootFolderPath: '/data/movies-4k' });
		expect(requestsTo('PUT', `/api/v3/movie/${martian.id}`)[0].query.moveFiles).toBe('true');
		expect(fake.commands.named('MoveMovie').map((command) => command.body)).toEqual([
			expect.objectContaining({ movieId: martian.id, sourcePath: '/movies/The Martian (2015)', destinationPath: '/data/movies-4k/The Martian (2015)' }),
		]);
	});

	it('refuses an update with no field to change, before any request', async () => {
		const result = await run({ resource: 'movie', operation: 'update', movieId: 1, updateFields: {} });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('No field to update was given');
		expect(fake.requests).toHaveLength(0);
	});

	it('deletes a movie with its files and an import list exclusion', async () => {
		const martian = movieByTmdb(MARTIAN);

		const items = await output({ resource: 'movie', operation: 'delete', movieId: martian.id, deleteFiles: true, addImportListExclusion: true });

		expect(items).toEqual([{ movieId: martian.id, deleted: true, deleteFiles: true, addImportListExclusion: true }]);
		expect(fake.movies.some((movie) => movie.tmdbId === MARTIAN)).toBe(false);
		expect(fake.deletedFolders).toEqual(['/movies/The Martian (2015)']);
		expect(fake.exclusions.map((exclusion) => exclusion.tmdbId)).toEqual([MARTIAN]);
		expect(requestsTo('DELETE', `/api/v3/movie/${martian.id}`)[0].query).toEqual({ deleteFiles: 'true', addImportExclusion: 'true' });
	});

	it('deletes a movie but keeps its files and allows lists to add it again by default', async () => {
		const martian = movieByTmdb(MARTIAN);

		await output({ resource: 'movie', operation: 'delete', movieId: martian.id });

		expect(fake.movies).toHaveLength(2);
		expect(fake.deletedFolders).toEqual([]);
		expect(fake.exclusions).toEqual([]);
		expect(requestsTo('DELETE', `/api/v3/movie/${martian.id}`)[0].query).toEqual({ deleteFiles: 'false', addImportExclusion: 'false' });
	});
});

describe('Radarr node: queue', () => {
	it('lists the downloads of known movies, with the movie when asked, and unknown ones only when asked', async () => {
		const known = await output({ resource: 'queue', operation: 'getAll', returnAll: true, options: { includeMovie: true } });
		expect(known).toHaveLength(2);
		expect(known.every((item) => typeof (item.movie as IDataObject | undefined)?.title === 'string')).toBe(true);

		const all = await output({ resource: 'queue', operation: 'getAll', returnAll: true, options: { includeUnknownMovieItems: true } });
		expect(all.map((item) => item.title)).toContain('Some.Unknown.Movie.2019.1080p.BluRay.x264-UNKN');
	});

	it('reads a long queue page by page with Return All, and one small page up to the limit', async () => {
		fake.seedQueueItems(300);

		const all = await output({ resource: 'queue', operation: 'getAll', returnAll: true });
		expect(all).toHaveLength(302);
		expect(requestsTo('GET', '/api/v3/queue').map((request) => [request.query.page, request.query.pageSize])).toEqual([
			['1', '250'],
			['2', '250'],
		]);

		fake.requests.splice(0);
		expect(await output({ resource: 'queue', operation: 'getAll', limit: 5 })).toHaveLength(5);
		expect(requestsTo('GET', '/api/v3/queue').map((request) => request.query.pageSize)).toEqual(['5']);
	});

	it('filters the queue by movie', async () => {
		const dune = movieByTmdb(DUNE_TWO);

		const items = await output({ resource: 'queue', operation: 'getAll', returnAll: true, options: { movieIds: [dune.id] } });

		expect(items.map((item) => item.movieId)).toEqual([dune.id]);
		expect(requestsTo('GET', '/api/v3/queue')[0].query.movieIds).toBe(String(dune.id));
	});

	it('removes a download and blocklists the release, which makes Radarr search again', async () => {
		const [item] = fake.queue;

		const items = await output({ resource: 'queue', operation: 'remove', queueId: String(item.id), blocklist: true });

		expect(items).toEqual([{ queueId: item.id, removed: true, removeFromClient: true, blocklist: true, skipRedownload: false }]);
		expect(fake.queue.some((candidate) => candidate.id === item.id)).toBe(false);
		expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: item.id, sourceTitle: item.title, skipRedownload: false })]);
		expect(fake.removedDownloads).toEqual([expect.objectContaining({ queueId: item.id, removeFromClient: true })]);
		expect(fake.commands.named('MoviesSearch')).toHaveLength(1);
		expect(requestsTo('DELETE', `/api/v3/queue/${item.id}`)[0].query).toEqual({ removeFromClient: 'true', blocklist: 'true', skipRedownload: 'false' });
	});

	it('removes a download from the queue only, leaving it in the download client and off the blocklist', async () => {
		const [item] = fake.queue;

		await output({ resource: 'queue', operation: 'remove', queueId: item.id, removeFromClient: false, skipRedownload: true });

		expect(fake.removedDownloads).toEqual([expect.objectContaining({ queueId: item.id, removeFromClient: false })]);
		expect(fake.blocklist).toEqual([]);
		// Skip Redownload only counts with Blocklist on: it is not sent otherwise.
		expect(requestsTo('DELETE', `/api/v3/queue/${item.id}`)[0].query).toEqual({ removeFromClient: 'false', blocklist: 'false' });
	});

	it('says so when the download is no longer in the queue', async () => {
		const result = await run({ resource: 'queue', operation: 'remove', queueId: '12345' });

		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('404');
		expect(result.error?.message).toContain('HTTP 404 on DELETE /api/v3/queue/12345');
	});
});

describe('Radarr node: command', () => {
	it('queues a refresh of the chosen movies and outputs the queued command', async () => {
		const martian = movieByTmdb(MARTIAN);

		const [command] = await output({ resource: 'command', operation: 'run', command: 'refreshMovie', movieIds: [martian.id] });

		expect(command).toMatchObject({ name: 'RefreshMovie', status: 'queued' });
		expect(requestsTo('POST', '/api/v3/command')[0].body).toEqual({ name: 'RefreshMovie', movieIds: [martian.id] });
	});

	it('refreshes every movie when none is chosen, and is Run by default', async () => {
		await output({ resource: 'command' });

		expect(requestsTo('POST', '/api/v3/command')[0].body).toEqual({ name: 'RefreshMovie' });
	});

	it('queues one rescan per chosen movie, in order', async () => {
		const [martian, , dune] = fake.movies;

		const commands = await output({ resource: 'command', operation: 'run', command: 'rescanMovie', movieIds: [dune.id, martian.id] });

		expect(commands.map((command) => command.name)).toEqual(['RescanMovie', 'RescanMovie']);
		expect(requestsTo('POST', '/api/v3/command').map((request) => request.body)).toEqual([
			{ name: 'RescanMovie', movieId: dune.id },
			{ name: 'RescanMovie', movieId: martian.id },
		]);
	});

	it('searches for the chosen movies, and for every missing one', async () => {
		const dune = movieByTmdb(DUNE_TWO);

		await output({ resource: 'command', operation: 'run', command: 'moviesSearch', movieIds: [dune.id] });
		await output({ resource: 'command', operation: 'run', command: 'missingMoviesSearch', movieIds: [dune.id] });

		expect(requestsTo('POST', '/api/v3/command').map((request) => request.body)).toEqual([{ name: 'MoviesSearch', movieIds: [dune.id] }, { name: 'MissingMoviesSearch' }]);
	});

	it('refuses a movie search without movies, pointing at Missing Movies Search', async () => {
		const result = await run({ resource: 'command', operation: 'run', command: 'moviesSearch' });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('A movie search needs at least one movie');
		expect(result.error?.description).toContain('Missing Movies Search');
		expect(fake.requests).toHaveLength(0);
	});

	it('gets a command\'s status as it runs and once it completed', async () => {
		fake.commands.setTiming('manual');
		const [queued] = await output({ resource: 'command', operation: 'run', command: 'missingMoviesSearch' });

		const [waiting] = await output({ resource: 'command', operation: 'get', commandId: String(queued.id) });
		expect(waiting).toMatchObject({ id: queued.id, status: 'queued' });

		fake.commands.complete(queued.id as number);
		const [done] = await output({ resource: 'command', operation: 'get', commandId: '={{ $json.id }}' }, { triggerItems: [{ id: queued.id }] });
		expect(done).toMatchObject({ id: queued.id, name: 'MissingMoviesSearch', status: 'completed' });
	});

	it('lists the recent commands', async () => {
		await output({ resource: 'command', operation: 'run', command: 'missingMoviesSearch' });
		await output({ resource: 'command', operation: 'run', command: 'refreshMovie' });

		const commands = await output({ resource: 'command', operation: 'getAll', returnAll: true });
		expect(commands.map((command) => command.name).sort()).toEqual(['MissingMoviesSearch', 'RefreshMovie']);
		expect(await output({ resource: 'command', operation: 'getAll', limit: 1 })).toHaveLength(1);
	});
});

describe('Radarr node: calendar, history and wanted', () => {
	it('lists the movies released in the next days by default', async () => {
		const movies = await output({ resource: 'calendar', operation: 'getAll', returnAll: true });

		expect(movies.map((movie) => movie.title)).toEqual(['Dune: Part Three']);
		expect(requestsTo('GET', '/api/v3/calendar')[0].query).toEqual({});
	});

	it('passes the date range, unmonitored and tag filters on', async () => {
		const dune = movieByTmdb(DUNE_THREE);
		dune.monitored = false;
		dune.tags = [1];
		const start = new Date(Date.now() - DAY).toISOString();
		const end = new Date(Date.now() + 5 * DAY).toISOString();

		expect(await output({ resource: 'calendar', operation: 'getAll', start, end, returnAll: true })).toEqual([]);
		const movies = await output({ resource: 'calendar', operation: 'getAll', start, end, returnAll: true, options: { unmonitored: true, tags: [1] } });

		expect(movies.map((movie) => movie.title)).toEqual(['Dune: Part Three']);
		expect(requestsTo('GET', '/api/v3/calendar')[1].query).toEqual({ start, end, unmonitored: 'true', tags: '1' });
	});

	it('lists the history newest first, filtered by event type', async () => {
		const all = await output({ resource: 'history', operation: 'getAll', returnAll: true });
		expect(all.map((record) => record.eventType)).toEqual(['downloadFolderImported', 'grabbed']);
		expect(requestsTo('GET', '/api/v3/history')[0].query).toMatchObject({ sortKey: 'date', sortDirection: 'descending' });

		const grabs = await output({ resource: 'history', operation: 'getAll', returnAll: true, filters: { eventType: ['grabbed'], includeMovie: true } });
		expect(grabs.map((record) => [record.eventType, (record.movie as IDataObject).title])).toEqual([['grabbed', 'The Martian']]);
		expect(requestsTo('GET', '/api/v3/history')[1].query).toMatchObject({ eventType: '1', includeMovie: 'true' });
	});

	it('lists the missing movies that are available and monitored', async () => {
		const missing = await output({ resource: 'wanted', operation: 'getMissing', returnAll: true });

		expect(missing.map((movie) => movie.title)).toEqual(['Dune: Part Two']);
		expect(requestsTo('GET', '/api/v3/wanted/missing')[0].query).toMatchObject({ monitored: 'true', page: '1' });
	});
});

describe('Radarr node: pickers', () => {
	const pick = (method: string, apiKey = fake.apiKey) => loadOptions({ nodeName: 'radarr', method, credentials: credentials(apiKey) });
	const names = (options: INodePropertyOptions[]) => options.map((option) => option.name);

	it('lists the library\'s movies by title and year, with their Radarr ids', async () => {
		const options = await pick('getMovies');

		expect(names(options)).toEqual([`Dune: Part Three (${movieByTmdb(DUNE_THREE).year})`, 'Dune: Part Two (2024)', 'The Martian (2015)']);
		expect(options.find((option) => option.name === 'The Martian (2015)')).toEqual({ name: 'The Martian (2015)', value: movieByTmdb(MARTIAN).id, description: 'TMDB 286217' });
		expect(requestsTo('GET', '/api/v3/movie')[0].headers['x-api-key']).toBe(fake.apiKey);
	});

	it('lists quality profiles by name, root folders with their free space, and tags', async () => {
		expect(names(await pick('getQualityProfiles'))).toEqual(['Any', 'HD - 720p/1080p', 'HD-1080p', 'HD-720p', 'SD', 'Ultra-HD']);
		expect(await pick('getRootFolders')).toEqual([
			{ name: '/data/movies-4k', value: '/data/movies-4k', description: '8.3 TiB free' },
			{ name: '/movies', value: '/movies', description: '2.2 TiB free' },
		]);
		expect(await pick('getTags')).toEqual([{ name: 'kids', value: 1 }]);
	});

	it('fails a picker with the node\'s message and fix for a wrong key, without the key', async () => {
		const wrong = '0'.repeat(32);
		const error = await pick('getMovies', wrong).then(
			() => undefined,
			(caught: unknown) => caught as Error & { description?: string; context?: IDataObject },
		);

		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toContain('Radarr refused the credentials (HTTP 401 on GET /api/v3/movie)');
		expect(error?.description).toBe(`Fix: ${RADARR.authFix}`);
		expect(error?.context?.itemIndex).toBeUndefined();
		expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(wrong);
	});

	it('has a loader for every picker the node declares', () => {
		const declared = new Set<string>();
		const walk = (properties: Array<{ typeOptions?: { loadOptionsMethod?: string }; options?: unknown[] }>) => {
			for (const property of properties) {
				if (property.typeOptions?.loadOptionsMethod) declared.add(property.typeOptions.loadOptionsMethod);
				if (Array.isArray(property.options)) walk(property.options as typeof properties);
			}
		};
		walk(new Radarr().description.properties);

		expect([...declared].sort()).toEqual(Object.keys(new Radarr().methods.loadOptions).sort());
	});
});

describe('Radarr node: canvas subtitle', () => {
	it('names every resource and operation by its display name', () => {
		const radarr = new Radarr();
		const { properties } = radarr.description;
		const resourceOptions = properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[];
		const nodeTypes = buildNodeTypes();
		for (const resource of resourceOptions) {
			const selector = properties.find((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[]).includes(String(resource.value)))!;
			for (const operation of selector.options as INodePropertyOptions[]) {
				const node: INode = { ...RADARR_NODE, typeVersion: 1, position: [0, 0], parameters: { resource: resource.value, operation: operation.value } };
				const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
				const subtitle = workflow.expression.getSimpleParameterValue(node, radarr.description.subtitle!, 'internal', {});
				expect(subtitle).toBe(`${operation.name}: ${resource.name}`);
			}
		}
	});
});

describeArrNode({
	service: RADARR,
	nodeName: 'radarr',
	node: new Radarr(),
	credential: new RadarrApi(),
	fake: () => fake,
	version: RADARR_VERSION,
	apiBase: '/api/v3',
	defaultUrl: 'http://localhost:7878',
	impostor: { appName: 'Sonarr', version: '4.0.15.2941' },
	library: { fake: () => fake, useTag: (tagId) => (movieByTmdb(MARTIAN).tags = [tagId]) },
});

describeNodeFailures({
	service: RADARR,
	nodeName: 'radarr',
	credentialType: 'radarrApi',
	fake: () => fake,
	credentials: (server) => ({ url: server.url, apiKey: server.apiKey }),
	wrongCredentials: (server) => ({ url: server.url, apiKey: 'f'.repeat(32) }),
	parameters: { resource: 'system', operation: 'getStatus' },
	path: '/api/v3/system/status',
});

describe('Radarr node: failures', () => {
	it('turns a failing item into an error item with Continue On Fail and carries on', async () => {
		const [martian, , dune] = fake.movies;

		const result = await run({ resource: 'movie', operation: 'get', movieId: '={{ $json.id }}' }, { triggerItems: [{ id: martian.id }, { id: 99 }, { id: dune.id }], extra: { onError: 'continueRegularOutput' } });

		expect(result.status).toBe('success');
		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.title ?? item.json.error)).toEqual(['The Martian', 'Radarr has no movie with id 99.', 'Dune: Part Two']);
	});

	it('keeps the API key out of the output, should Radarr echo it', async () => {
		fake.health.push({ source: 'ImportListStatusCheck', type: 'warning', message: `List https://lists.example/feed?apikey=${fake.apiKey} is failing` });

		const [check] = await output({ resource: 'system', operation: 'getHealth' });

		expect(String(check.message)).toMatch(/^List https:\/\/lists\.example\/feed/);
		expect(JSON.stringify(check)).not.toContain(fake.apiKey);
	});
});
