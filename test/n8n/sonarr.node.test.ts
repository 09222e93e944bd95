import type { IDataObject, INode, INodeParameters, INodePropertyOptions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SonarrApi } from '../../credentials/SonarrApi.credentials';
import { FakeSonarr, SONARR_VERSION, startFakeSonarr } from '../fakes/sonarr';
import { PACKAGE_NAME, buildNodeTypes, runWorkflow, singleNodeWorkflow } from './harness';
import { loadOptions } from './load-options';
import { Sonarr } from '../../nodes/Sonarr/Sonarr.node';
import { SONARR } from '../../clients/sonarr/client';
import { describeArrNode } from '../support/suites/arr-node';
import { describeNodeFailures } from '../support/suites/node-failures';
import { Workflow } from 'n8n-workflow';

const NODE = 'Sonarr';
const SONARR_NODE = { id: 'sonarr', name: NODE, type: `${PACKAGE_NAME}.sonarr` };
const SEVERANCE = 371980;
const THE_BEAR = 403245;

let fake: FakeSonarr;

beforeEach(async () => {
	fake = await startFakeSonarr();
});

afterEach(async () => {
	// close() fails the test when any request broke Sonarr's OpenAPI spec.
	await fake.close();
});

function credentials(apiKey = fake.apiKey) {
	return { sonarrApi: { url: fake.url, apiKey } };
}

async function run(parameters: INodeParameters, options: { triggerItems?: IDataObject[]; extra?: Partial<INode> } = {}) {
	return await runWorkflow(singleNodeWorkflow(SONARR_NODE, parameters, options.extra), { credentials: credentials(), triggerItems: options.triggerItems });
}

/** The items the node output, after checking each is paired with the (single) input item. */
async function output(parameters: INodeParameters): Promise<IDataObject[]> {
	const result = await run(parameters);
	expect(result.error?.message).toBeUndefined();
	expect(result.status).toBe('success');
	const items = result.outputByNode[NODE];
	for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
	return items.map((item) => item.json);
}

async function failure(parameters: INodeParameters) {
	const result = await run(parameters);
	expect(result.status).toBe('error');
	return result.error!;
}

function requestsTo(method: string, pathName: string) {
	return fake.requests.filter((request) => request.method === method && request.path === pathName);
}

describe('Sonarr node: series', () => {
	it('lists the library with Return All, and stops at the limit without it', async () => {
		const all = await output({ resource: 'series', operation: 'getAll', returnAll: true });
		expect(all.map((series) => series.title)).toEqual(['Breaking Bad', 'Severance']);
		expect(all[0].statistics).toMatchObject({ episodeFileCount: 62 });

		expect(await output({ resource: 'series', operation: 'getAll', returnAll: false, limit: 1 })).toHaveLength(1);
	});

	it('lists Get Many of series by default', async () => {
		const result = await run({});

		expect(result.outputByNode[NODE].map((item) => item.json.title)).toEqual(['Breaking Bad', 'Severance']);
	});

	it('filters the library by TVDB ID, answering nothing for a show it does not have', async () => {
		const found = await output({ resource: 'series', operation: 'getAll', returnAll: true, filters: { tvdbId: String(SEVERANCE) } });
		expect(found.map((series) => series.title)).toEqual(['Severance']);
		expect(requestsTo('GET', '/api/v3/series')[0].query).toEqual({ tvdbId: String(SEVERANCE) });

		expect(await output({ resource: 'series', operation: 'getAll', returnAll: true, filters: { tvdbId: String(THE_BEAR) } })).toEqual([]);
	});

	it('gets one series per input item, each paired with its item', async () => {
		const result = await run({ resource: 'series', operation: 'get', seriesId: '={{ $json.id }}' }, { triggerItems: [{ id: 2 }, { id: 1 }] });

		expect(result.outputByNode[NODE].map((item) => [item.json.title, item.pairedItem])).toEqual([
			['Severance', { item: 0 }],
			['Breaking Bad', { item: 1 }],
		]);
	});

	it('says which series id Sonarr does not have', async () => {
		const error = await failure({ resource: 'series', operation: 'get', seriesId: 42 });

		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Sonarr has no series with id 42.');
	});

	it('looks a show up by title, shows already in the library keeping their id', async () => {
		const found = await output({ resource: 'series', operation: 'lookup', lookupBy: 'term', term: 'the bear', returnAll: true });

		expect(found.map((series) => [series.title, series.tvdbId, series.id])).toEqual([['The Bear', THE_BEAR, 0]]);
		expect(requestsTo('GET', '/api/v3/series/lookup')[0].query).toEqual({ term: 'the bear' });
		const owned = await output({ resource: 'series', operation: 'lookup', lookupBy: 'term', term: 'severance', returnAll: true });
		expect(owned[0]).toMatchObject({ title: 'Severance', id: 2 });
	});

	it('looks a show up by its TVDB, TMDB or IMDb ID, one item each', async () => {
		const byTvdb = await output({ resource: 'series', operation: 'lookup', lookupBy: 'tvdbId', tvdbId: String(THE_BEAR) });
		const byTmdb = await output({ resource: 'series', operation: 'lookup', lookupBy: 'tmdbId', tmdbId: '1396' });
		const byImdb = await output({ resource: 'series', operation: 'lookup', lookupBy: 'imdbId', imdbId: '11280740' });

		expect([byTvdb, byTmdb, byImdb].map((items) => items.map((series) => series.title))).toEqual([['The Bear'], ['Breaking Bad'], ['Severance']]);
		expect(requestsTo('GET', '/api/v3/series/lookup').map((request) => request.query.term)).toEqual([`tvdb:${THE_BEAR}`, 'tmdb:1396', 'imdb:tt11280740']);
	});

	it('refuses a TVDB ID that is not a number before asking Sonarr', async () => {
		const error = await failure({ resource: 'series', operation: 'lookup', lookupBy: 'tvdbId', tvdbId: 'bear' });

		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/tvdbId must be a positive whole number, got "bear"/);
		expect(fake.requests).toHaveLength(0);
	});

	it('adds a show with the profile and root folder of the series added last when they are left empty', async () => {
		const [added] = await output({ resource: 'series', operation: 'add', tvdbId: String(THE_BEAR), qualityProfileId: '', rootFolderPath: '', monitor: 'all' });

		// Severance was added last: Ultra-HD (5) in /data/tv-4k.
		const [post] = requestsTo('POST', '/api/v3/series');
		expect(post.body).toMatchObject({ tvdbId: THE_BEAR, qualityProfileId: 5, rootFolderPath: '/data/tv-4k', monitored: true, tags: [], addOptions: { monitor: 'all', searchForMissingEpisodes: false } });
		expect(added).toMatchObject({ title: 'The Bear', qualityProfileId: 5, path: '/data/tv-4k/The Bear (2022)' });
		expect(fake.series.map((series) => series.title)).toContain('The Bear');
	});

	it('adds a show with the chosen profile, root folder, monitoring, search on add and tags, creating a missing tag', async () => {
		const [added] = await output({
			resource: 'series',
			operation: 'add',
			tvdbId: String(THE_BEAR),
			qualityProfileId: 4,
			rootFolderPath: '/tv',
			monitor: 'future',
			searchForMissingEpisodes: true,
			tags: ['anime', 'comedy'],
			additionalFields: { seasonFolder: false, monitorNewItems: 'none', seriesType: 'standard' },
		});

		const comedy = fake.tags.find((tag) => tag.label === 'comedy');
		expect(comedy).toBeDefined();
		const [post] = requestsTo('POST', '/api/v3/series');
		expect(post.body).toMatchObject({
			qualityProfileId: 4,
			rootFolderPath: '/tv',
			seasonFolder: false,
			monitorNewItems: 'none',
			tags: [1, comedy!.id],
			addOptions: { monitor: 'future', searchForMissingEpisodes: true },
		});
		// Only what was left out is looked up: no profile or root folder listing.
		expect(requestsTo('GET', '/api/v3/qualityprofile')).toHaveLength(0);
		expect(requestsTo('GET', '/api/v3/rootfolder')).toHaveLength(0);
		expect(added).toMatchObject({ path: '/tv/The Bear (2022)', qualityProfileId: 4 });
	});

	it('fails to add a show already in the library, naming it', async () => {
		const error = await failure({ resource: 'series', operation: 'add', tvdbId: String(SEVERANCE) });

		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Sonarr already has "Severance" \(2022\), TVDB 371980: This series has already been added/);
	});

	it('updates only the chosen fields, turning tag labels into ids', async () => {
		const [updated] = await output({ resource: 'series', operation: 'update', seriesId: 1, updateFields: { monitored: false, qualityProfileId: 1, tags: ['drama'] } });

		const drama = fake.tags.find((tag) => tag.label === 'drama');
		const [put] = requestsTo('PUT', '/api/v3/series/1');
		// The whole series goes back, with the changes merged over it.
		expect(put.body).toMatchObject({ id: 1, title: 'Breaking Bad', monitored: false, qualityProfileId: 1, tags: [drama!.id], seasonFolder: true, path: '/tv/Breaking Bad (2008)' });
		expect(put.query.moveFiles).toBe('false');
		expect(updated).toMatchObject({ id: 1, monitored: false, qualityProfileId: 1 });
	});

	it('moves the files to a new path when Move Files is on', async () => {
		await output({ resource: 'series', operation: 'update', seriesId: 1, updateFields: { path: '/data/tv-4k/Breaking Bad (2008)' }, moveFiles: true });

		expect(requestsTo('PUT', '/api/v3/series/1')[0].query).toEqual({ moveFiles: 'true' });
		expect(fake.commands.named('MoveSeries')).toHaveLength(1);
	});

	it('refuses an update without any field, before any request', async () => {
		const error = await failure({ resource: 'series', operation: 'update', seriesId: 1, updateFields: {} });

		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Nothing to update');
		expect(fake.requests).toHaveLength(0);
	});

	it('deletes a series with its files and an import list exclusion', async () => {
		const [deleted] = await output({ resource: 'series', operation: 'delete', seriesId: 1, deleteFiles: true, addImportListExclusion: true });

		expect(deleted).toEqual({ id: 1, deleted: true, deleteFiles: true, addImportListExclusion: true });
		expect(requestsTo('DELETE', '/api/v3/series/1')[0].query).toEqual({ deleteFiles: 'true', addImportListExclusion: 'true' });
		expect(fake.series.map((series) => series.id)).toEqual([2]);
		expect(fake.deletedFolders).toEqual(['/tv/Breaking Bad (2008)']);
		expect(fake.exclusions).toEqual([{ tvdbId: 81189, title: 'Breaking Bad' }]);
	});

	it('deletes a series but keeps its files by default', async () => {
		await output({ resource: 'series', operation: 'delete', seriesId: 2 });

		expect(requestsTo('DELETE', '/api/v3/series/2')[0].query).toEqual({ deleteFiles: 'false', addImportListExclusion: 'false' });
		expect(fake.deletedFolders).toEqual([]);
	});
});

describe('Sonarr node: episodes, calendar, wanted', () => {
	it('lists the episodes of one season of a series, with their files', async () => {
		const episodes = await output({ resource: 'episode', operation: 'getAll', seriesId: 2, returnAll: true, options: { seasonNumber: 2, includeEpisodeFile: true } });

		expect(episodes).toHaveLength(10);
		expect(episodes.every((episode) => episode.seriesId === 2 && episode.seasonNumber === 2)).toBe(true);
		expect(episodes[0].episodeFile).toMatchObject({ seriesId: 2 });
		expect(requestsTo('GET', '/api/v3/episode')[0].query).toEqual({ seriesId: '2', seasonNumber: '2', includeEpisodeFile: 'true' });
	});

	it('stops the episode list at the limit', async () => {
		expect(await output({ resource: 'episode', operation: 'getAll', seriesId: 1, returnAll: false, limit: 3 })).toHaveLength(3);
	});

	it('lists the episodes airing in Sonarr\'s default range: today and the next two days', async () => {
		const episodes = await output({ resource: 'calendar', operation: 'getAll', returnAll: true });

		// Severance's next episode airs tomorrow.
		expect(episodes.map((episode) => [episode.seriesId, episode.seasonNumber, episode.episodeNumber])).toEqual([[2, 2, 9]]);
		expect(requestsTo('GET', '/api/v3/calendar')[0].query).toEqual({});
	});

	it('passes a chosen date range and options on to the calendar', async () => {
		const start = new Date(Date.now() - 30 * 86_400_000).toISOString();
		const end = new Date(Date.now() + 30 * 86_400_000).toISOString();

		const episodes = await output({ resource: 'calendar', operation: 'getAll', start, end, returnAll: false, limit: 2, options: { includeSeries: true } });

		expect(episodes).toHaveLength(2);
		expect(episodes[0].series).toMatchObject({ title: 'Severance' });
		expect(requestsTo('GET', '/api/v3/calendar')[0].query).toEqual({ start, end, includeSeries: 'true' });
	});

	it('lists the aired monitored episodes without a file', async () => {
		const missing = await output({ resource: 'wanted', operation: 'getMissing', returnAll: true, options: { includeSeries: true } });

		expect(missing.map((episode) => [episode.seasonNumber, episode.episodeNumber])).toEqual([
			[2, 8],
			[2, 7],
			[2, 6],
		]);
		expect(missing.every((episode) => episode.hasFile === false && (episode.series as IDataObject).title === 'Severance')).toBe(true);
		expect(requestsTo('GET', '/api/v3/wanted/missing')[0].query).toMatchObject({ includeSeries: 'true', page: '1' });
	});
});

describe('Sonarr node: queue', () => {
	it('reads the whole queue page by page with Return All', async () => {
		fake.seedQueueItems(260);

		const queue = await output({ resource: 'queue', operation: 'getAll', returnAll: true });

		expect(queue).toHaveLength(263);
		expect(new Set(queue.map((item) => item.id)).size).toBe(263);
		expect(requestsTo('GET', '/api/v3/queue').map((request) => request.query.page)).toEqual(['1', '2']);
	});

	it('stops at the limit, with the series when asked', async () => {
		const queue = await output({ resource: 'queue', operation: 'getAll', returnAll: false, limit: 2, options: { includeSeries: true } });

		expect(queue).toHaveLength(2);
		expect(queue[0].series).toMatchObject({ id: queue[0].seriesId });
		expect(requestsTo('GET', '/api/v3/queue')[0].query).toMatchObject({ includeSeries: 'true' });
	});

	it('removes a download and blocklists its release, leaving the search for a replacement out', async () => {
		const [item] = fake.queue;

		const [removed] = await output({ resource: 'queue', operation: 'remove', queueId: String(item.id), blocklist: true, skipRedownload: true });

		expect(removed).toEqual({ queueId: item.id, removed: true, removeFromClient: true, blocklist: true, skipRedownload: true });
		expect(fake.queue.map((entry) => entry.id)).not.toContain(item.id);
		expect(fake.blocklist).toEqual([expect.objectContaining({ queueId: item.id, skipRedownload: true })]);
		expect(fake.commands.named('EpisodeSearch')).toHaveLength(0);
	});

	it('removes a download from the queue only, keeping it in the download client', async () => {
		const [item] = fake.queue;

		await output({ resource: 'queue', operation: 'remove', queueId: String(item.id), removeFromClient: false });

		expect(fake.removedDownloads).toEqual([expect.objectContaining({ queueId: item.id, removeFromClient: false })]);
		expect(fake.blocklist).toEqual([]);
		expect(requestsTo('DELETE', `/api/v3/queue/${item.id}`)[0].query).toEqual({ removeFromClient: 'false', blocklist: 'false' });
	});
});

describe('Sonarr node: commands', () => {
	it('refreshes one series, or the whole library when none is chosen', async () => {
		const [one] = await output({ resource: 'command', operation: 'refreshSeries', seriesId: 2 });
		await output({ resource: 'command', operation: 'refreshSeries', seriesId: '' });

		expect(one).toMatchObject({ name: 'RefreshSeries', status: 'queued' });
		expect(fake.commands.named('RefreshSeries').map((command) => command.body)).toEqual([{ seriesId: 2 }, {}]);
	});

	it('rescans one series', async () => {
		await output({ resource: 'command', operation: 'rescanSeries', seriesId: 1 });

		expect(fake.commands.named('RescanSeries').map((command) => command.body)).toEqual([{ seriesId: 1 }]);
	});

	it('searches for chosen episodes', async () => {
		await output({ resource: 'command', operation: 'searchEpisodes', episodeIds: '68, 69' });

		expect(fake.commands.named('EpisodeSearch').map((command) => command.body)).toEqual([{ episodeIds: [68, 69] }]);
	});

	it('refuses an episode search without episodes, before any request', async () => {
		const error = await failure({ resource: 'command', operation: 'searchEpisodes', episodeIds: ' ' });

		expect(error.message).toBe('Episode IDs is empty');
		expect(fake.requests).toHaveLength(0);
	});

	it('searches for a season, specials included', async () => {
		await output({ resource: 'command', operation: 'searchSeason', seriesId: 2, seasonNumber: 0 });

		expect(fake.commands.named('SeasonSearch').map((command) => command.body)).toEqual([{ seriesId: 2, seasonNumber: 0 }]);
	});

	it('searches for a whole series', async () => {
		await output({ resource: 'command', operation: 'searchSeries', seriesId: 2 });

		expect(fake.commands.named('SeriesSearch').map((command) => command.body)).toEqual([{ seriesId: 2 }]);
	});

	it('searches for every missing episode', async () => {
		const [command] = await output({ resource: 'command', operation: 'searchMissing' });

		expect(command).toMatchObject({ name: 'MissingEpisodeSearch' });
		expect(fake.commands.named('MissingEpisodeSearch')).toHaveLength(1);
	});

	it('gets the status of a queued command as it moves on', async () => {
		fake.commands.setTiming('manual');
		const [queued] = await output({ resource: 'command', operation: 'searchMissing' });
		expect(await output({ resource: 'command', operation: 'get', commandId: String(queued.id) })).toEqual([expect.objectContaining({ id: queued.id, status: 'queued' })]);

		fake.commands.complete(queued.id as number);

		const [done] = await output({ resource: 'command', operation: 'get', commandId: String(queued.id) });
		expect(done).toMatchObject({ id: queued.id, status: 'completed', result: 'successful' });
	});
});

describe('Sonarr node: history', () => {
	it('lists the history, filtered by event type and series', async () => {
		const events = await output({ resource: 'history', operation: 'getAll', returnAll: true, filters: { eventType: ['grabbed'], seriesIds: [2] }, options: { includeSeries: true } });

		// Severance: 9 episodes of season 1 and the first 5 of season 2 were grabbed.
		expect(events).toHaveLength(14);
		expect(events.every((event) => event.eventType === 'grabbed' && event.seriesId === 2)).toBe(true);
		expect((events[0].series as IDataObject).title).toBe('Severance');
		expect(requestsTo('GET', '/api/v3/history')[0].query).toMatchObject({ eventType: '1', seriesIds: '2', includeSeries: 'true' });
	});

	it('stops the history at the limit, newest first', async () => {
		const events = await output({ resource: 'history', operation: 'getAll', returnAll: false, limit: 3 });

		expect(events).toHaveLength(3);
		const dates = events.map((event) => Date.parse(String(event.date)));
		expect([...dates].sort((a, b) => b - a)).toEqual(dates);
		expect(requestsTo('GET', '/api/v3/history')[0].query).toMatchObject({ page: '1', pageSize: '3' });
	});
});

describe('Sonarr node: pickers', () => {
	const pick = (method: string, parameters: INodeParameters = {}, apiKey?: string) =>
		loadOptions({ nodeName: 'sonarr', method, parameters, credentials: credentials(apiKey) });
	const names = (choices: INodePropertyOptions[]) => choices.map((choice) => choice.name);

	it('lists the series of the library by title and year, their ids as values', async () => {
		expect(await pick('getSeries', { resource: 'series', operation: 'get' })).toEqual([
			{ name: 'Breaking Bad (2008)', value: 1, description: '/tv/Breaking Bad (2008)' },
			{ name: 'Severance (2022)', value: 2, description: '/data/tv-4k/Severance (2022)' },
		]);
	});

	it('offers All Series first where a command may run on the whole library', async () => {
		const choices = await pick('getSeries', { resource: 'command', operation: 'refreshSeries' });

		expect(choices[0]).toMatchObject({ name: 'All Series', value: '' });
		expect(names(choices)).toEqual(['All Series', 'Breaking Bad (2008)', 'Severance (2022)']);
	});

	it('lists quality profiles by name, with Default first when adding a series', async () => {
		const choices = await pick('getQualityProfiles', { resource: 'series', operation: 'add' });

		expect(choices[0]).toMatchObject({ name: 'Default', value: '' });
		expect(names(choices.slice(1))).toEqual(['Any', 'HD - 720p/1080p', 'HD-1080p', 'HD-720p', 'SD', 'Ultra-HD']);
		expect(choices.find((choice) => choice.name === 'Ultra-HD')?.value).toBe(5);
		expect(names(await pick('getQualityProfiles', { resource: 'series', operation: 'update' }))).not.toContain('Default');
	});

	it('lists root folders by path with their free space, with Default first when adding a series', async () => {
		expect(await pick('getRootFolders', { resource: 'series', operation: 'add' })).toEqual([
			expect.objectContaining({ name: 'Default', value: '' }),
			{ name: '/data/tv-4k', value: '/data/tv-4k', description: '6.6 TiB free' },
			{ name: '/tv', value: '/tv', description: '1.7 TiB free' },
		]);
	});

	it('lists tags by id for tag operations and by label for a series\' tags', async () => {
		expect(await pick('getTags', { resource: 'tag', operation: 'delete' })).toEqual([{ name: 'anime', value: 1 }]);
		expect(await pick('getTagLabels', { resource: 'series', operation: 'add' })).toEqual([{ name: 'anime', value: 'anime' }]);
	});

	it('explains a wrong key in the dropdown with the node\'s own message and fix', async () => {
		const error = await pick('getSeries', {}, '0'.repeat(32)).then(
			() => undefined,
			(caught: unknown) => caught as Error & { description?: string },
		);

		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toContain('Sonarr refused the credentials (HTTP 401 on GET /api/v3/series)');
		expect(error?.description).toBe(`Fix: ${SONARR.authFix}`);
	});
});

describe('Sonarr node: description', () => {
	it('shows the option names on the canvas, not the internal values', () => {
		const description = new Sonarr().description;
		const resources = description.properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[];
		const subtitles: string[] = [];
		const expected: string[] = [];
		for (const resource of resources) {
			const selector = description.properties.find((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[]).includes(String(resource.value)))!;
			for (const operation of selector.options as INodePropertyOptions[]) {
				const node: INode = { ...SONARR_NODE, typeVersion: 1, position: [0, 0], parameters: { resource: resource.value, operation: operation.value } };
				const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: buildNodeTypes() });
				subtitles.push(String(workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {})));
				expected.push(`${operation.name}: ${resource.name}`);
			}
		}
		expect(subtitles).toEqual(expected);
		expect(subtitles).toContain('Get Many: Quality Profile');
	});
});

describeArrNode({
	service: SONARR,
	nodeName: 'sonarr',
	node: new Sonarr(),
	credential: new SonarrApi(),
	fake: () => fake,
	version: SONARR_VERSION,
	apiBase: '/api/v3',
	defaultUrl: 'http://localhost:8989',
	impostor: { appName: 'Radarr', version: '5.26.2.10099' },
	library: { fake: () => fake, useTag: (tagId) => (fake.series[0].tags = [tagId]) },
});

describeNodeFailures({
	service: SONARR,
	nodeName: 'sonarr',
	credentialType: 'sonarrApi',
	fake: () => fake,
	credentials: (server) => ({ url: server.url, apiKey: server.apiKey }),
	wrongCredentials: (server) => ({ url: server.url, apiKey: 'f'.repeat(32) }),
	parameters: { resource: 'system', operation: 'getStatus' },
	path: '/api/v3/system/status',
});
