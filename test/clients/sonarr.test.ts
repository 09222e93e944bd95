import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientError, ConfigError, NotFoundError, ServerError } from '../../clients/core/errors';
import { SONARR, SonarrClient } from '../../clients/sonarr';
import { FakeSonarr, startFakeSonarr } from '../fakes/sonarr';
import { failureOf } from '../support/errors';
import { NodeTransport } from '../support/node-transport';
import { describeClientFaults } from '../support/suites/client-faults';

let fake: FakeSonarr;

function clientFor(apiKey: string = fake.apiKey): SonarrClient {
	return new SonarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: SONARR, apiKey }) });
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

const SEVERANCE = 371980;
const BREAKING_BAD = 81189;
const THE_BEAR = 403245;

describe('SonarrClient against the fake Sonarr', () => {
	beforeEach(async () => {
		fake = await startFakeSonarr();
	});

	afterEach(async () => {
		// close() fails the test when any request broke Sonarr's published API.
		await fake.close();
	});

	describe('system', () => {
		it('gets the system status under /api/v3, sending the key in X-Api-Key', async () => {
			const status = await clientFor().getSystemStatus();
			expect(status).toMatchObject({ appName: 'Sonarr', version: expect.stringMatching(/^4\.\d+\.\d+\.\d+$/) });
			expect(fake.requests[0].path).toBe('/api/v3/system/status');
			expect(fake.requests[0].headers['x-api-key']).toBe(fake.apiKey);
		});

		it('gets the health checks, with their wiki links as text', async () => {
			expect(await clientFor().getHealth()).toEqual([]);
			fake.health.push({ id: 1, source: 'RootFolderCheck', type: 'error', message: 'Missing root folder: /data/tv-4k', wikiUrl: 'https://wiki.servarr.com/sonarr/system#missing-root-folder' });
			expect(await clientFor().getHealth()).toEqual([expect.objectContaining({ type: 'error', wikiUrl: 'https://wiki.servarr.com/sonarr/system#missing-root-folder' })]);
		});
	});

	describe('series', () => {
		it('lists the library with statistics worked out from the episodes', async () => {
			const series = await clientFor().listSeries();
			expect(series.map((entry) => entry.title)).toEqual(['Breaking Bad', 'Severance']);
			const breakingBad = series[0];
			expect(breakingBad).toMatchObject({ id: 1, tvdbId: BREAKING_BAD, path: '/tv/Breaking Bad (2008)', qualityProfileId: 4, rootFolderPath: '/tv' });
			expect(breakingBad.statistics).toMatchObject({ seasonCount: 5, episodeFileCount: 62, totalEpisodeCount: 62, percentOfEpisodes: 100 });
			expect(series[1].statistics?.episodeFileCount).toBeLessThan(series[1].statistics?.totalEpisodeCount ?? 0);
		});

		it('finds a series of the library by TVDB id, and answers an empty list for one it does not have', async () => {
			const client = clientFor();
			expect((await client.listSeries({ tvdbId: SEVERANCE })).map((entry) => entry.title)).toEqual(['Severance']);
			expect(await client.listSeries({ tvdbId: THE_BEAR })).toEqual([]);
			expect(fake.requests[0].query).toEqual({ tvdbId: String(SEVERANCE) });
		});

		it('gets one series by id', async () => {
			await expect(clientFor().getSeries(2)).resolves.toMatchObject({ id: 2, title: 'Severance', seasons: [expect.objectContaining({ seasonNumber: 1 }), expect.objectContaining({ seasonNumber: 2 })] });
		});

		it('reports an unknown series id as a NotFoundError saying which id', async () => {
			const error = await failureOf(clientFor().getSeries(42));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toBe('Sonarr has no series with id 42.');
			expect(error.status).toBe(404);
		});

		it('refuses an id that is not a positive whole number before sending anything', async () => {
			const error = await failureOf(clientFor().getSeries(0));
			expect(error).toBeInstanceOf(ConfigError);
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('lookup', () => {
		it('searches by title, and shows a series already in the library with its id', async () => {
			const client = clientFor();
			const bear = await client.lookupSeries('the bear');
			expect(bear).toEqual([expect.objectContaining({ title: 'The Bear', tvdbId: THE_BEAR, id: 0, added: '0001-01-01T00:00:00Z' })]);
			const owned = await client.lookupSeries('severance');
			expect(owned[0]).toMatchObject({ id: 2, path: '/data/tv-4k/Severance (2022)' });
			expect(fake.requests[0].query).toEqual({ term: 'the bear' });
		});

		it('looks a show up by TVDB, TMDB and IMDb id through the term prefixes Sonarr reads', async () => {
			const client = clientFor();
			await expect(client.lookupSeriesByTvdbId(THE_BEAR)).resolves.toMatchObject({ title: 'The Bear' });
			await expect(client.lookupSeriesByTmdbId(1396)).resolves.toMatchObject({ title: 'Breaking Bad' });
			await expect(client.lookupSeriesByImdbId('tt2788316')).resolves.toMatchObject({ title: 'Shōgun' });
			await expect(client.lookupSeriesByImdbId('0903747')).resolves.toMatchObject({ title: 'Breaking Bad' });
			expect(fake.requests.map((request) => request.query.term)).toEqual([`tvdb:${THE_BEAR}`, 'tmdb:1396', 'imdb:tt2788316', 'imdb:tt0903747']);
		});

		it('says no show has the id, instead of answering an empty list', async () => {
			const error = await failureOf(clientFor().lookupSeriesByTvdbId(999_999));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toContain('Sonarr found no series with TVDB id 999999');
		});

		it('refuses an empty term and a malformed IMDb id without a request', async () => {
			await expect(clientFor().lookupSeries('  ')).rejects.toBeInstanceOf(ConfigError);
			const error = await failureOf(clientFor().lookupSeriesByImdbId('breaking bad'));
			expect(error).toBeInstanceOf(ConfigError);
			expect(error.message).toContain('tt0903747');
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('addSeries', () => {
		it('adds a show with the profile, root folder, monitoring, search and tags it is given', async () => {
			const added = await clientFor().addSeries({
				tvdbId: THE_BEAR,
				qualityProfileId: 4,
				rootFolderPath: '/tv',
				monitor: 'future',
				seasonFolder: false,
				searchForMissingEpisodes: true,
				tags: ['Kitchen', 'anime'],
			});
			expect(added).toMatchObject({ id: 3, title: 'The Bear', path: '/tv/The Bear (2022)', qualityProfileId: 4, seasonFolder: false, monitored: true });
			const post = fake.server.requestsTo('POST /api/v3/series')[0];
			expect(post.body).toMatchObject({
				tvdbId: THE_BEAR,
				title: 'The Bear',
				qualityProfileId: 4,
				rootFolderPath: '/tv',
				monitored: true,
				monitorNewItems: 'all',
				seasonFolder: false,
				seriesType: 'standard',
				tags: [2, 1],
				addOptions: { monitor: 'future', searchForMissingEpisodes: true, searchForCutoffUnmetEpisodes: false },
			});
			expect(post.body).not.toHaveProperty('id');
			// The existing tag is found without case; the missing one is created lower-cased.
			expect(fake.tags).toEqual([
				{ id: 1, label: 'anime' },
				{ id: 2, label: 'kitchen' },
			]);
			// What the given profile and folder make unnecessary is not read.
			expect(fake.server.requestsTo('GET /api/v3/qualityprofile')).toHaveLength(0);
			expect(fake.server.requestsTo('GET /api/v3/rootfolder')).toHaveLength(0);
			expect(fake.commands.named('MissingEpisodeSearch')).toEqual([expect.objectContaining({ body: { seriesId: 3 } })]);
		});

		it('takes the profile and root folder of the series added last when none is given', async () => {
			const added = await clientFor().addSeries({ tvdbId: THE_BEAR });
			// Severance was added last, in /data/tv-4k with Ultra-HD (5): not the first of either.
			expect(fake.server.requestsTo('POST /api/v3/series')[0].body).toMatchObject({ qualityProfileId: 5, rootFolderPath: '/data/tv-4k', addOptions: { monitor: 'all', searchForMissingEpisodes: false } });
			expect(added.path).toBe('/data/tv-4k/The Bear (2022)');
		});

		it('falls back to the first profile and root folder when the last choice no longer exists', async () => {
			fake.qualityProfiles.splice(4, 1);
			fake.rootFolders.splice(1, 1);
			await clientFor().addSeries({ tvdbId: THE_BEAR });
			expect(fake.server.requestsTo('POST /api/v3/series')[0].body).toMatchObject({ qualityProfileId: 1, rootFolderPath: '/tv' });
		});

		it('falls back to the first profile and root folder in an empty library', async () => {
			await fake.close();
			fake = await startFakeSonarr({ series: [], queue: false });
			await clientFor().addSeries({ tvdbId: SEVERANCE, monitor: 'none' });
			expect(fake.server.requestsTo('POST /api/v3/series')[0].body).toMatchObject({ qualityProfileId: 1, rootFolderPath: '/tv', monitored: false, addOptions: { monitor: 'none' } });
		});

		it('says where to add a root folder when Sonarr has none, and sends nothing', async () => {
			fake.rootFolders.splice(0);
			const error = await failureOf(clientFor().addSeries({ tvdbId: THE_BEAR, qualityProfileId: 4 }));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toBe('Sonarr has no root folder to add the series to. Fix: add one in Sonarr → Settings → Media Management → Root Folders, or give a root folder path.');
			expect(fake.server.requestsTo('POST /api/v3/series')).toHaveLength(0);
		});

		it('says where to add a quality profile when Sonarr has none', async () => {
			fake.qualityProfiles.splice(0);
			const error = await failureOf(clientFor().addSeries({ tvdbId: THE_BEAR, rootFolderPath: '/tv' }));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toContain('Sonarr has no quality profile');
			expect(error.message).toContain('Sonarr → Settings → Profiles');
		});

		it('names the show when Sonarr already has it, keeping Sonarr’s words', async () => {
			const error = await failureOf(clientFor().addSeries({ tvdbId: SEVERANCE }));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.status).toBe(400);
			expect(error.message).toBe('Sonarr already has "Severance" (2022), TVDB 371980: This series has already been added.');
			expect((error as ClientError).details).toEqual([expect.objectContaining({ propertyName: 'TvdbId', errorCode: 'SeriesExistsValidator' })]);
		});

		it('passes Sonarr’s other validation failures on as they are', async () => {
			const error = await failureOf(clientFor().addSeries({ tvdbId: THE_BEAR, qualityProfileId: 77, rootFolderPath: '/tv' }));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.message).toBe('Sonarr rejected POST /api/v3/series (HTTP 400): Quality Profile does not exist.');
		});

		it('reports a TVDB id no show has before trying to add it', async () => {
			await expect(clientFor().addSeries({ tvdbId: 999_999, qualityProfileId: 4, rootFolderPath: '/tv' })).rejects.toBeInstanceOf(NotFoundError);
			expect(fake.server.requestsTo('POST /api/v3/series')).toHaveLength(0);
		});
	});

	describe('updateSeries', () => {
		it('GETs the series, merges only the changes and PUTs the whole resource back', async () => {
			const client = clientFor();
			const before = await client.getSeries(1);
			fake.requests.splice(0);
			const updated = await client.updateSeries(1, { monitored: false, qualityProfileId: 6, tags: [1] });
			expect(fake.requests.map((request) => request.operation)).toEqual(['GET /api/v3/series/{id}', 'PUT /api/v3/series/{id}']);
			const put = fake.requests[1];
			expect(put.query).toEqual({});
			expect(put.body).toEqual({ ...before, monitored: false, qualityProfileId: 6, tags: [1] });
			expect(updated).toMatchObject({ id: 1, monitored: false, qualityProfileId: 6, tags: [1], title: 'Breaking Bad' });
			expect(fake.series[0]).toMatchObject({ monitored: false, qualityProfileId: 6 });
		});

		it('asks Sonarr to move the files when moveFiles is set', async () => {
			await clientFor().updateSeries(1, { path: '/data/tv-4k/Breaking Bad (2008)' }, { moveFiles: true });
			expect(fake.server.requestsTo('PUT /api/v3/series/{id}')[0].query).toEqual({ moveFiles: 'true' });
			expect(fake.commands.named('MoveSeries')).toEqual([expect.objectContaining({ body: expect.objectContaining({ sourcePath: '/tv/Breaking Bad (2008)', destinationPath: '/data/tv-4k/Breaking Bad (2008)' }) })]);
			expect(fake.series[0].rootFolderPath).toBe('/data/tv-4k');
		});

		it('reports an unknown series as NotFoundError without a PUT', async () => {
			await expect(clientFor().updateSeries(9, { monitored: false })).rejects.toThrow('Sonarr has no series with id 9.');
			expect(fake.server.requestsTo('PUT /api/v3/series/{id}')).toHaveLength(0);
		});

		it('passes a refused change on as ClientError with Sonarr’s reason, and changes nothing', async () => {
			const error = await failureOf(clientFor().updateSeries(1, { qualityProfileId: 99 }));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.message).toContain('Quality Profile does not exist');
			expect(fake.series[0].qualityProfileId).toBe(4);
		});
	});

	describe('deleteSeries', () => {
		it('deletes a series and keeps its files unless asked', async () => {
			await clientFor().deleteSeries(1);
			expect(fake.server.requestsTo('DELETE /api/v3/series/{id}')[0].query).toEqual({});
			expect(fake.series.map((series) => series.id)).toEqual([2]);
			expect(fake.deletedFolders).toEqual([]);
			expect(fake.exclusions).toEqual([]);
		});

		it('deletes the files and adds an import list exclusion when asked', async () => {
			await clientFor().deleteSeries(2, { deleteFiles: true, addImportListExclusion: true });
			expect(fake.server.requestsTo('DELETE /api/v3/series/{id}')[0].query).toEqual({ deleteFiles: 'true', addImportListExclusion: 'true' });
			expect(fake.deletedFolders).toEqual(['/data/tv-4k/Severance (2022)']);
			expect(fake.exclusions).toEqual([{ tvdbId: SEVERANCE, title: 'Severance' }]);
		});

		it('reports an unknown series as NotFoundError', async () => {
			await expect(clientFor().deleteSeries(5)).rejects.toThrow('Sonarr has no series with id 5.');
		});
	});

	describe('episodes', () => {
		it('lists the episodes of a series and of one season, with files when asked', async () => {
			const client = clientFor();
			expect(await client.listEpisodes(1)).toHaveLength(62);
			const season = await client.listEpisodes(2, { seasonNumber: 2, includeEpisodeFile: true });
			expect(season).toHaveLength(10);
			expect(season.every((episode) => episode.seasonNumber === 2)).toBe(true);
			expect(season[0]).toMatchObject({ hasFile: true, episodeFile: expect.objectContaining({ quality: expect.objectContaining({ quality: expect.objectContaining({ name: 'WEBDL-2160p' }) }) }) });
			expect(fake.requests[1].query).toEqual({ seriesId: '2', seasonNumber: '2', includeEpisodeFile: 'true' });
		});

		it('reports an unknown series as NotFoundError', async () => {
			await expect(clientFor().listEpisodes(77)).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('queue', () => {
		it('gets one page in Sonarr’s paging envelope, with series and episode when asked', async () => {
			const page = await clientFor().getQueue({ pageSize: 2, includeSeries: true, includeEpisode: true });
			expect(page).toMatchObject({ page: 1, pageSize: 2, totalRecords: 3, sortKey: 'timeleft', sortDirection: 'ascending' });
			expect(page.records).toHaveLength(2);
			expect(page.records[0]).toMatchObject({ series: expect.objectContaining({ title: expect.any(String) }), episode: expect.objectContaining({ id: page.records[0].episodeId }) });
			expect(fake.requests[0].query).toEqual({ pageSize: '2', includeSeries: 'true', includeEpisode: 'true' });
		});

		it('filters by status and protocol', async () => {
			const page = await clientFor().getQueue({ status: ['downloading', 'queued'], protocol: 'torrent' });
			expect(page.records.map((item) => item.protocol)).toEqual(['torrent', 'torrent']);
			expect(fake.requests[0].query).toEqual({ status: ['downloading', 'queued'], protocol: 'torrent' });
		});

		it('reads the whole queue page by page, or stops at the limit with one small page', async () => {
			fake.seedQueueItems(27);
			const client = clientFor();
			const all = await client.listQueue({}, { pageSize: 10 });
			expect(all).toHaveLength(30);
			expect(new Set(all.map((item) => item.id)).size).toBe(30);
			expect(fake.server.requestsTo('GET /api/v3/queue').map((request) => request.query.page)).toEqual(['1', '2', '3']);
			fake.requests.splice(0);
			expect(await client.listQueue({}, { limit: 5 })).toHaveLength(5);
			expect(fake.requests.map((request) => request.query)).toEqual([{ page: '1', pageSize: '5' }]);
		});

		it('removes a download from the client by default, without blocklisting', async () => {
			const [first] = (await clientFor().getQueue()).records;
			await clientFor().removeQueueItem(first.id);
			expect(fake.server.requestsTo('DELETE /api/v3/queue/{id}')[0].query).toEqual({});
			expect(fake.removedDownloads).toEqual([{ queueId: first.id, downloadId: first.downloadId, removeFromClient: true, changeCategory: false }]);
			expect(fake.blocklist).toEqual([]);
			expect(fake.queue.map((item) => item.id)).not.toContain(first.id);
		});

		it('blocklists the release and keeps the download in the client when asked', async () => {
			const [first] = (await clientFor().getQueue()).records;
			await clientFor().removeQueueItem(first.id, { removeFromClient: false, blocklist: true, skipRedownload: true });
			expect(fake.server.requestsTo('DELETE /api/v3/queue/{id}')[0].query).toEqual({ removeFromClient: 'false', blocklist: 'true', skipRedownload: 'true' });
			expect(fake.removedDownloads[0].removeFromClient).toBe(false);
			expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: first.id, sourceTitle: first.title, skipRedownload: true })]);
			expect(fake.commands.named('EpisodeSearch')).toEqual([]);
		});

		it('reports an unknown queue id as NotFoundError', async () => {
			await expect(clientFor().removeQueueItem(12)).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('quality profiles and root folders', () => {
		it('lists the quality profiles', async () => {
			expect((await clientFor().listQualityProfiles()).map((entry) => entry.name)).toEqual(['Any', 'SD', 'HD-720p', 'HD-1080p', 'Ultra-HD', 'HD - 720p/1080p']);
		});

		it('lists the root folders with their free space', async () => {
			expect(await clientFor().listRootFolders()).toEqual([
				expect.objectContaining({ path: '/tv', accessible: true, freeSpace: 1_843_200_000_000 }),
				expect.objectContaining({ path: '/data/tv-4k', freeSpace: 7_301_400_000_000 }),
			]);
		});
	});

	describe('commands', () => {
		it('sends each command with the fields Sonarr reads, and returns it queued', async () => {
			const client = clientFor();
			const sent = [
				await client.refreshSeries(1),
				await client.refreshSeries(),
				await client.rescanSeries(2),
				await client.searchEpisodes([3, 4]),
				await client.searchSeason(2, 1),
				await client.searchSeries(2),
				await client.searchMissingEpisodes(),
			];
			expect(sent.map((command) => [command.name, command.status])).toEqual([
				['RefreshSeries', 'queued'],
				['RefreshSeries', 'queued'],
				['RescanSeries', 'queued'],
				['EpisodeSearch', 'queued'],
				['SeasonSearch', 'queued'],
				['SeriesSearch', 'queued'],
				['MissingEpisodeSearch', 'queued'],
			]);
			expect(fake.server.requestsTo('POST /api/v3/command').map((request) => request.body)).toEqual([
				{ name: 'RefreshSeries', seriesId: 1 },
				{ name: 'RefreshSeries' },
				{ name: 'RescanSeries', seriesId: 2 },
				{ name: 'EpisodeSearch', episodeIds: [3, 4] },
				{ name: 'SeasonSearch', seriesId: 2, seasonNumber: 1 },
				{ name: 'SeriesSearch', seriesId: 2 },
				{ name: 'MissingEpisodeSearch' },
			]);
			expect(sent[4].body).toMatchObject({ seriesId: 2, seasonNumber: 1 });
		});

		it('shows a command started and then completed as time passes', async () => {
			// Wide margins: the machine may be busy, and only the order of the states matters here.
			fake.commands.setTiming({ startAfterMs: 0, completeAfterMs: 500 });
			const client = clientFor();
			const command = await client.searchSeries(2);
			expect((await client.getCommand(command.id)).status).toBe('started');
			await sleep(550);
			const done = await client.getCommand(command.id);
			expect(done).toMatchObject({ status: 'completed', result: 'successful', message: 'Completed' });
			expect(Date.parse(String(done.ended))).toBeGreaterThanOrEqual(Date.parse(String(done.started)));
			expect((await client.listCommands()).map((entry) => entry.id)).toContain(command.id);
		});

		it('keeps a command queued until the test moves it, and reports a failure', async () => {
			fake.commands.setTiming('manual');
			const client = clientFor();
			const command = await client.refreshSeries(1);
			expect((await client.getCommand(command.id)).status).toBe('queued');
			fake.commands.fail(command.id, 'Unable to communicate with SkyHook');
			expect(await client.getCommand(command.id)).toMatchObject({ status: 'failed', result: 'unsuccessful', exception: 'Unable to communicate with SkyHook' });
		});

		it('answers an unknown command the way Sonarr does: a server error', async () => {
			const error = await failureOf(clientFor().runCommand('RefreshEverything'));
			expect(error).toBeInstanceOf(ServerError);
			expect(error.message).toContain('Sequence contains no matching element');
		});

		it('refuses searches without what to search for', async () => {
			await expect(clientFor().searchEpisodes([])).rejects.toBeInstanceOf(ConfigError);
			await expect(clientFor().searchSeason(2, -1)).rejects.toBeInstanceOf(ConfigError);
			expect(fake.requests).toHaveLength(0);
		});

		it('reports an unknown command id as NotFoundError', async () => {
			await expect(clientFor().getCommand(404)).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('calendar', () => {
		it('lists monitored episodes airing from today to two days on by default', async () => {
			const episodes = await clientFor().getCalendar();
			expect(episodes).toHaveLength(1);
			expect(episodes[0]).toMatchObject({ seriesId: 2, seasonNumber: 2, episodeNumber: 9 });
			expect(fake.requests[0].query).toEqual({});
		});

		it('sends start and end as ISO dates and includes the series when asked', async () => {
			const start = new Date(Date.now() - 15 * 86_400_000);
			const episodes = await clientFor().getCalendar({ start, end: new Date(Date.now() + 15 * 86_400_000).toISOString(), includeSeries: true });
			expect(episodes.map((episode) => episode.episodeNumber)).toEqual([7, 8, 9, 10]);
			expect(episodes[0].series).toMatchObject({ title: 'Severance' });
			expect(fake.requests[0].query).toMatchObject({ start: start.toISOString(), includeSeries: 'true' });
		});

		it('leaves out unmonitored episodes unless asked, and filters by tag', async () => {
			const client = clientFor();
			const window = { start: new Date(Date.now() - 15 * 86_400_000), end: new Date(Date.now() + 15 * 86_400_000) };
			await client.updateSeries(2, { monitored: false });
			expect(await client.getCalendar(window)).toEqual([]);
			expect(await client.getCalendar({ ...window, unmonitored: true })).toHaveLength(4);
			expect(await client.getCalendar({ ...window, unmonitored: true, tags: [1] })).toEqual([]);
		});

		it('refuses a date that is not one', async () => {
			await expect(clientFor().getCalendar({ start: 'next tuesday' })).rejects.toBeInstanceOf(ConfigError);
		});
	});

	describe('history', () => {
		it('pages the history newest first', async () => {
			const page = await clientFor().getHistory({ pageSize: 5 });
			expect(page).toMatchObject({ page: 1, pageSize: 5, sortKey: 'date', sortDirection: 'descending' });
			expect(page.totalRecords).toBe(fake.history.length);
			const dates = page.records.map((record) => Date.parse(String(record.date)));
			expect([...dates].sort((a, b) => b - a)).toEqual(dates);
		});

		it('filters by event names, which it sends as Sonarr’s numbers, and by series', async () => {
			const page = await clientFor().getHistory({ eventType: ['downloadFolderImported'], seriesIds: [2], includeSeries: true });
			expect(page.records.length).toBeGreaterThan(0);
			expect(page.records.every((record) => record.eventType === 'downloadFolderImported' && record.seriesId === 2)).toBe(true);
			expect(page.records[0].series).toMatchObject({ title: 'Severance' });
			expect(fake.requests[0].query).toEqual({ eventType: '3', seriesIds: '2', includeSeries: 'true' });
		});

		it('finds the grab and the import of one download by its id', async () => {
			const client = clientFor();
			const [latest] = (await client.getHistory({ pageSize: 1 })).records;
			const both = await client.listHistory({ downloadId: String(latest.downloadId), includeEpisode: true });
			expect(both.map((record) => record.eventType).sort()).toEqual(['downloadFolderImported', 'grabbed']);
			expect(both[0].episode).toMatchObject({ id: latest.episodeId });
		});

		it('reads all history up to a limit', async () => {
			expect(await clientFor().listHistory({ episodeId: 1 }, { limit: 1 })).toHaveLength(1);
		});

		it('refuses an event name Sonarr does not have', async () => {
			const error = await failureOf(clientFor().getHistory({ eventType: ['imported' as never] }));
			expect(error).toBeInstanceOf(ConfigError);
			expect(error.message).toContain('downloadFolderImported');
		});
	});

	describe('wanted/missing', () => {
		it('pages the aired, monitored episodes without a file', async () => {
			const page = await clientFor().getWantedMissing({ includeSeries: true });
			expect(page.totalRecords).toBe(3);
			expect(page.records.every((episode) => episode.hasFile === false && episode.seriesId === 2)).toBe(true);
			expect(page.records[0].series).toMatchObject({ title: 'Severance' });
			expect(page.records.map((episode) => episode.episodeNumber)).toEqual([8, 7, 6]);
		});

		it('lists unmonitored missing episodes with monitored=false, and reads all pages', async () => {
			const client = clientFor();
			expect(await client.listWantedMissing({ monitored: false })).toEqual([]);
			await client.updateSeries(2, { monitored: false });
			expect(await client.listWantedMissing({ monitored: false }, { pageSize: 2 })).toHaveLength(3);
			expect(fake.server.requestsTo('GET /api/v3/wanted/missing').at(-1)?.query).toEqual({ monitored: 'false', page: '2', pageSize: '2' });
		});
	});

	describe('tags', () => {
		it('lists, creates, finds by label and deletes tags', async () => {
			const client = clientFor();
			expect(await client.tagIds(['ANIME', 'weekly', 'weekly', ' '])).toEqual([1, 2]);
			expect(await client.listTags()).toEqual([
				{ id: 1, label: 'anime' },
				{ id: 2, label: 'weekly' },
			]);
			await client.deleteTag(2);
			expect(fake.tags.map((tag) => tag.label)).toEqual(['anime']);
		});
	});
});

describeClientFaults({
	service: SONARR,
	start: () => startFakeSonarr(),
	client: ({ baseUrl, apiKey, timeoutMs }) => new SonarrClient({ baseUrl, transport: new NodeTransport({ service: SONARR, apiKey, timeoutMs }) }),
	call: (client) => client.listSeries(),
	where: 'GET /api/v3/series',
});
