import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientError, ConfigError, NotFoundError } from '../../clients/core/errors';
import { RADARR, RadarrClient } from '../../clients/radarr';
import { FakeRadarr, startFakeRadarr } from '../fakes/radarr';
import { failureOf } from '../support/errors';
import { NodeTransport } from '../support/node-transport';
import { describeClientFaults } from '../support/suites/client-faults';

let fake: FakeRadarr;

function clientFor(apiKey: string = fake.apiKey): RadarrClient {
	return new RadarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: RADARR, apiKey }) });
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

const THE_MARTIAN = 286217;
const DUNE_TWO = 693134;
const ARRIVAL = 329865;

describe('RadarrClient against the fake Radarr', () => {
	beforeEach(async () => {
		fake = await startFakeRadarr();
	});

	afterEach(async () => {
		// close() fails the test when any request broke Radarr's published API.
		await fake.close();
	});

	describe('system', () => {
		it('gets the system status under /api/v3, sending the key in X-Api-Key', async () => {
			await expect(clientFor().getSystemStatus()).resolves.toMatchObject({ appName: 'Radarr', version: expect.stringMatching(/^5\./) });
			expect(fake.requests[0]).toMatchObject({ path: '/api/v3/system/status', headers: expect.objectContaining({ 'x-api-key': fake.apiKey }) });
		});

		it('gets the health checks', async () => {
			fake.health.push({ id: 1, source: 'DownloadClientCheck', type: 'error', message: 'Unable to communicate with qBittorrent', wikiUrl: 'https://wiki.servarr.com/radarr/system#unable-to-communicate-with-download-client' });
			expect(await clientFor().getHealth()).toEqual([expect.objectContaining({ source: 'DownloadClientCheck', type: 'error' })]);
		});
	});

	describe('movies', () => {
		it('lists the library with files and statistics', async () => {
			const movies = await clientFor().listMovies();
			expect(movies.map((movie) => movie.title)).toEqual(['The Martian', 'Dune: Part Three', 'Dune: Part Two']);
			expect(movies[0]).toMatchObject({ hasFile: true, path: '/movies/The Martian (2015)', movieFile: expect.objectContaining({ quality: expect.objectContaining({ quality: expect.objectContaining({ name: 'Bluray-1080p' }) }) }) });
			expect(movies[0].statistics).toMatchObject({ movieFileCount: 1, releaseGroups: ['SPARKS'] });
			expect(movies[2]).toMatchObject({ hasFile: false, isAvailable: true });
		});

		it('finds a movie of the library by TMDB id, and answers an empty list for one it does not have', async () => {
			expect((await clientFor().listMovies({ tmdbId: DUNE_TWO })).map((movie) => movie.id)).toEqual([3]);
			expect(await clientFor().listMovies({ tmdbId: ARRIVAL })).toEqual([]);
		});

		it('gets one movie, and names an unknown id', async () => {
			await expect(clientFor().getMovie(1)).resolves.toMatchObject({ title: 'The Martian', tmdbId: THE_MARTIAN });
			const error = await failureOf(clientFor().getMovie(99));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toBe('Radarr has no movie with id 99.');
		});
	});

	describe('lookup', () => {
		it('searches by title, showing a movie already in the library with its id', async () => {
			const results = await clientFor().lookupMovies('dune part');
			expect(results.map((movie) => [movie.title, movie.id])).toEqual([
				['Dune: Part Two', 3],
				['Dune: Part Three', 2],
			]);
			expect(await clientFor().lookupMovies('arrival')).toEqual([expect.objectContaining({ id: 0, tmdbId: ARRIVAL, titleSlug: String(ARRIVAL) })]);
		});

		it('looks a movie up by TMDB id and by IMDb id on Radarr’s own endpoints', async () => {
			const client = clientFor();
			await expect(client.lookupMovieByTmdbId(ARRIVAL)).resolves.toMatchObject({ title: 'Arrival', imdbId: 'tt2543164' });
			await expect(client.lookupMovieByImdbId('tt0816692')).resolves.toMatchObject({ title: 'Interstellar' });
			await expect(client.lookupMovieByImdbId('1856101')).resolves.toMatchObject({ title: 'Blade Runner 2049' });
			expect(fake.requests.map((request) => [request.path, request.query])).toEqual([
				['/api/v3/movie/lookup/tmdb', { tmdbId: String(ARRIVAL) }],
				['/api/v3/movie/lookup/imdb', { imdbId: 'tt0816692' }],
				['/api/v3/movie/lookup/imdb', { imdbId: 'tt1856101' }],
			]);
		});

		it('passes Radarr’s 404 for an id TMDB does not know on as NotFoundError quoting it', async () => {
			const error = await failureOf(clientFor().lookupMovieByTmdbId(999_999));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toContain('Movie with TmdbId 999999 was not found');
		});

		it('reads the tmdb: and imdb: prefixes of a term lookup too', async () => {
			expect((await clientFor().lookupMovies(`tmdb:${THE_MARTIAN}`)).map((movie) => movie.title)).toEqual(['The Martian']);
			expect((await clientFor().lookupMovies('imdb:tt2543164')).map((movie) => movie.title)).toEqual(['Arrival']);
		});

		it('refuses an empty term and a malformed IMDb id without a request', async () => {
			await expect(clientFor().lookupMovies('')).rejects.toBeInstanceOf(ConfigError);
			await expect(clientFor().lookupMovieByImdbId('tt12')).rejects.toBeInstanceOf(ConfigError);
			await expect(clientFor().lookupMovieByTmdbId(-3)).rejects.toBeInstanceOf(ConfigError);
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('addMovie', () => {
		it('adds a movie with the profile, root folder, monitoring, availability, search and tags it is given', async () => {
			const added = await clientFor().addMovie({ tmdbId: ARRIVAL, qualityProfileId: 4, rootFolderPath: '/movies', monitor: 'movieAndCollection', minimumAvailability: 'inCinemas', searchForMovie: true, tags: ['Kids', 'scifi'] });
			expect(added).toMatchObject({ id: 4, title: 'Arrival', path: '/movies/Arrival (2016)', monitored: true, minimumAvailability: 'inCinemas' });
			const post = fake.server.requestsTo('POST /api/v3/movie')[0];
			expect(post.body).toMatchObject({
				tmdbId: ARRIVAL,
				title: 'Arrival',
				qualityProfileId: 4,
				rootFolderPath: '/movies',
				monitored: true,
				minimumAvailability: 'inCinemas',
				tags: [1, 2],
				addOptions: { monitor: 'movieAndCollection', searchForMovie: true, addMethod: 'manual' },
			});
			expect(post.body).not.toHaveProperty('id');
			expect(fake.tags.map((tag) => tag.label)).toEqual(['kids', 'scifi']);
			expect(fake.commands.named('MoviesSearch')).toEqual([expect.objectContaining({ body: { movieIds: [4] } })]);
		});

		it('takes the profile and root folder of the movie added last when none is given', async () => {
			await clientFor().addMovie({ tmdbId: ARRIVAL });
			expect(fake.server.requestsTo('POST /api/v3/movie')[0].body).toMatchObject({ qualityProfileId: 5, rootFolderPath: '/data/movies-4k', monitored: true, minimumAvailability: 'released', addOptions: { monitor: 'movieOnly', searchForMovie: false } });
		});

		it('falls back to Radarr’s first profile and root folder in an empty library', async () => {
			await fake.close();
			fake = await startFakeRadarr({ movies: [], queue: false });
			await clientFor().addMovie({ tmdbId: ARRIVAL, monitor: 'none' });
			expect(fake.server.requestsTo('POST /api/v3/movie')[0].body).toMatchObject({ qualityProfileId: 1, rootFolderPath: '/movies', monitored: false });
		});

		it('says where to add a root folder when Radarr has none', async () => {
			fake.rootFolders.splice(0);
			const error = await failureOf(clientFor().addMovie({ tmdbId: ARRIVAL }));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toBe('Radarr has no root folder to add the movie to. Fix: add one in Radarr → Settings → Media Management → Root Folders, or give a root folder path.');
			expect(fake.server.requestsTo('POST /api/v3/movie')).toHaveLength(0);
		});

		it('names the movie when Radarr already has it, keeping Radarr’s words', async () => {
			const error = await failureOf(clientFor().addMovie({ tmdbId: THE_MARTIAN }));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.message).toBe('Radarr already has "The Martian" (2015), TMDB 286217: This movie has already been added.');
		});
	});

	describe('updateMovie and deleteMovie', () => {
		it('GETs the movie, merges only the changes and PUTs the whole resource back', async () => {
			const client = clientFor();
			const before = await client.getMovie(3);
			fake.requests.splice(0);
			const updated = await client.updateMovie(3, { monitored: false, minimumAvailability: 'announced' });
			expect(fake.requests[1].body).toEqual({ ...before, monitored: false, minimumAvailability: 'announced' });
			expect(updated).toMatchObject({ monitored: false, minimumAvailability: 'announced', title: 'Dune: Part Two' });
		});

		it('asks Radarr to move the files when moveFiles is set', async () => {
			await clientFor().updateMovie(1, { path: '/data/movies-4k/The Martian (2015)' }, { moveFiles: true });
			expect(fake.server.requestsTo('PUT /api/v3/movie/{id}')[0].query).toEqual({ moveFiles: 'true' });
			expect(fake.commands.named('MoveMovie')).toHaveLength(1);
		});

		it('deletes a movie with its files and an import exclusion, sending Radarr’s flag name', async () => {
			await clientFor().deleteMovie(1, { deleteFiles: true, addImportListExclusion: true });
			expect(fake.server.requestsTo('DELETE /api/v3/movie/{id}')[0].query).toEqual({ deleteFiles: 'true', addImportExclusion: 'true' });
			expect(fake.deletedFolders).toEqual(['/movies/The Martian (2015)']);
			expect(fake.exclusions).toEqual([{ tmdbId: THE_MARTIAN, movieTitle: 'The Martian', movieYear: 2015 }]);
		});

		it('reports unknown movies as NotFoundError on update and delete', async () => {
			await expect(clientFor().updateMovie(12, { monitored: true })).rejects.toThrow('Radarr has no movie with id 12.');
			await expect(clientFor().deleteMovie(12)).rejects.toThrow('Radarr has no movie with id 12.');
		});
	});

	describe('queue', () => {
		it('gets one page, leaving out downloads Radarr could not match unless asked', async () => {
			const client = clientFor();
			expect((await client.getQueue()).totalRecords).toBe(2);
			const page = await client.getQueue({ includeUnknownMovieItems: true, includeMovie: true });
			expect(page.totalRecords).toBe(3);
			expect(page.records.find((item) => item.movieId === 3)?.movie).toMatchObject({ title: 'Dune: Part Two' });
		});

		it('reads the whole queue page by page', async () => {
			fake.seedQueueItems(11);
			expect(await clientFor().listQueue({}, { pageSize: 5 })).toHaveLength(13);
			expect(fake.server.requestsTo('GET /api/v3/queue')).toHaveLength(3);
		});

		it('removes a download and blocklists it, which makes Radarr search again', async () => {
			const [first] = (await clientFor().getQueue()).records;
			await clientFor().removeQueueItem(first.id, { blocklist: true });
			expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: first.id, movieId: first.movieId, skipRedownload: false })]);
			expect(fake.removedDownloads[0]).toMatchObject({ removeFromClient: true });
			expect(fake.commands.named('MoviesSearch')).toEqual([expect.objectContaining({ body: { movieIds: [first.movieId] } })]);
		});

		it('reports an unknown queue id as NotFoundError', async () => {
			await expect(clientFor().removeQueueItem(3)).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('profiles, root folders, tags', () => {
		it('lists quality profiles and root folders with free space', async () => {
			expect((await clientFor().listQualityProfiles()).map((entry) => entry.name)).toContain('Ultra-HD');
			expect(await clientFor().listRootFolders()).toEqual([expect.objectContaining({ path: '/movies', freeSpace: 2_460_000_000_000 }), expect.objectContaining({ path: '/data/movies-4k' })]);
		});

		it('finds and creates tags by label', async () => {
			expect(await clientFor().tagIds(['KIDS', 'new-tag'])).toEqual([1, 2]);
			expect(fake.tags).toEqual([
				{ id: 1, label: 'kids' },
				{ id: 2, label: 'new-tag' },
			]);
		});
	});

	describe('commands', () => {
		it('sends each command with the fields Radarr reads', async () => {
			const client = clientFor();
			await client.refreshMovies([1, 3]);
			await client.refreshMovies();
			await client.rescanMovie(1);
			await client.searchMovies([3]);
			await client.searchMissingMovies();
			expect(fake.server.requestsTo('POST /api/v3/command').map((request) => request.body)).toEqual([
				{ name: 'RefreshMovie', movieIds: [1, 3] },
				{ name: 'RefreshMovie' },
				{ name: 'RescanMovie', movieId: 1 },
				{ name: 'MoviesSearch', movieIds: [3] },
				{ name: 'MissingMoviesSearch' },
			]);
		});

		it('shows a command queued, started, then completed as time passes', async () => {
			const client = clientFor();
			const command = await client.searchMovies([3]);
			expect(command.status).toBe('queued');
			await sleep(160);
			await expect(client.getCommand(command.id)).resolves.toMatchObject({ status: 'completed', result: 'successful', body: expect.objectContaining({ movieIds: [3] }) });
		});

		it('fails a search that names no movie when it runs, as Radarr does', async () => {
			const client = clientFor();
			const command = await client.runCommand('MoviesSearch');
			await sleep(160);
			await expect(client.getCommand(command.id)).resolves.toMatchObject({ status: 'failed', result: 'unsuccessful' });
		});

		it('refuses a search without movies before sending anything', async () => {
			await expect(clientFor().searchMovies([])).rejects.toBeInstanceOf(ConfigError);
		});
	});

	describe('calendar, history, wanted', () => {
		it('lists the movies released in the window, tomorrow’s cinema release by default', async () => {
			const movies = await clientFor().getCalendar();
			expect(movies.map((movie) => movie.title)).toEqual(['Dune: Part Three']);
			const old = await clientFor().getCalendar({ start: '2015-09-01', end: '2015-10-31' });
			expect(old.map((movie) => movie.title)).toEqual(['The Martian']);
			expect(fake.requests[1].query).toEqual({ start: '2015-09-01T00:00:00.000Z', end: '2015-10-31T00:00:00.000Z' });
		});

		it('leaves out unmonitored movies unless asked, and filters by tag', async () => {
			await clientFor().updateMovie(2, { monitored: false });
			expect(await clientFor().getCalendar()).toEqual([]);
			expect(await clientFor().getCalendar({ unmonitored: true })).toHaveLength(1);
			expect(await clientFor().getCalendar({ unmonitored: true, tags: [1] })).toEqual([]);
		});

		it('pages the history and filters it by event name and movie', async () => {
			const page = await clientFor().getHistory({ eventType: ['grabbed'], movieIds: [1], includeMovie: true });
			expect(page.records).toEqual([expect.objectContaining({ eventType: 'grabbed', movieId: 1, movie: expect.objectContaining({ title: 'The Martian' }) })]);
			expect(fake.requests[0].query).toEqual({ eventType: '1', movieIds: '1', includeMovie: 'true' });
			expect(await clientFor().listHistory({ eventType: ['movieFileRenamed', 4] })).toEqual([]);
			expect(fake.requests[1].query).toMatchObject({ eventType: ['8', '4'] });
		});

		it('pages the monitored, available movies without a file', async () => {
			const page = await clientFor().getWantedMissing();
			expect(page).toMatchObject({ totalRecords: 1, sortKey: 'movieMetadata.sortTitle' });
			expect(page.records.map((movie) => movie.title)).toEqual(['Dune: Part Two']);
			expect(await clientFor().listWantedMissing({ monitored: false })).toEqual([]);
		});
	});
});

describeClientFaults({
	service: RADARR,
	start: () => startFakeRadarr(),
	client: ({ baseUrl, apiKey, timeoutMs }) => new RadarrClient({ baseUrl, transport: new NodeTransport({ service: RADARR, apiKey, timeoutMs }) }),
	call: (client) => client.listMovies(),
	where: 'GET /api/v3/movie',
});
