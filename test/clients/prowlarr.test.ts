import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientError, NotFoundError, ServerError } from '../../clients/core/errors';
import { MAM_ID_FIELD, PROWLARR, ProwlarrClient } from '../../clients/prowlarr/client';
import type { ProwlarrIndexer } from '../../clients/prowlarr/types';
import { FakeProwlarr, defaultProwlarrIndexers, randomMamCookie, startFakeProwlarr } from '../fakes/prowlarr';
import { failureOf } from '../support/errors';
import { NodeTransport } from '../support/node-transport';
import { describeClientFaults } from '../support/suites/client-faults';

let fake: FakeProwlarr;

function clientFor(apiKey: string = fake.apiKey): ProwlarrClient {
	return new ProwlarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: PROWLARR, apiKey }) });
}

describe('ProwlarrClient against the fake Prowlarr', () => {
	beforeEach(async () => {
		fake = await startFakeProwlarr();
	});

	afterEach(async () => {
		// close() fails the test when any request broke Prowlarr's published API.
		await fake.close();
	});

	describe('reads', () => {
		it('gets the system status, sending the key in X-Api-Key', async () => {
			const status = await clientFor().getSystemStatus();
			expect(status.appName).toBe('Prowlarr');
			expect(status.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
			expect(fake.requests[0].headers['x-api-key']).toBe(fake.apiKey);
			expect(fake.requests[0].query).toEqual({});
		});

		it('gets health checks, including a warning once an indexer fails', async () => {
			const client = clientFor();
			expect(await client.getHealth()).toEqual([]);
			fake.deadMamIds.add(String(fake.mamId()));
			await client.search({ query: 'martian' });
			const health = await client.getHealth();
			expect(health).toHaveLength(1);
			expect(health[0]).toMatchObject({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable due to failures: MyAnonamouse' });
		});

		it('lists the indexers sorted by name, as Prowlarr does', async () => {
			const indexers = await clientFor().listIndexers();
			expect(indexers.map((indexer) => indexer.name)).toEqual(['1337x', 'MyAnonamouse', 'NZBgeek']);
		});

		it('gets one indexer by id', async () => {
			const indexer = await clientFor().getIndexer(3);
			expect(indexer).toMatchObject({ id: 3, implementation: 'Newznab', protocol: 'usenet' });
		});

		it('reports an unknown indexer id as NotFoundError quoting Prowlarr', async () => {
			const error = await failureOf(clientFor().getIndexer(42));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.status).toBe(404);
			expect(error.message).toContain('IndexerDefinition with ID 42 does not exist');
			expect(error.retryable).toBe(false);
		});

		it('lists indexer statuses: empty at first, a failure record after MAM refuses the cookie', async () => {
			const client = clientFor();
			expect(await client.getIndexerStatuses()).toEqual([]);
			fake.deadMamIds.add(String(fake.mamId()));
			await client.search({ query: 'weir' });
			const statuses = await client.getIndexerStatuses();
			expect(statuses).toHaveLength(1);
			expect(statuses[0].indexerId).toBe(1);
			expect(Date.parse(String(statuses[0].disabledTill))).toBeGreaterThan(Date.now());
		});

		it('gets indexer stats, counting queries and failures per indexer', async () => {
			const client = clientFor();
			await client.search({ query: 'martian' });
			await client.search({ query: 'martian', indexerIds: [2] });
			const stats = await client.getIndexerStats();
			const byId = new Map((stats.indexers ?? []).map((entry) => [entry.indexerId, entry]));
			expect(byId.get(1)?.numberOfQueries).toBe(1);
			expect(byId.get(2)?.numberOfQueries).toBe(2);
			expect(byId.get(3)?.numberOfFailedQueries).toBe(0);
			const filtered = await client.getIndexerStats({ indexers: '2', startDate: '2025-01-01T00:00:00Z' });
			expect(filtered.indexers?.map((entry) => entry.indexerId)).toEqual([2]);
			expect(fake.server.requestsTo('GET /api/v1/indexerstats')[1].query).toEqual({ indexers: '2', startDate: '2025-01-01T00:00:00Z' });
		});
	});

	describe('search', () => {
		it('returns matching releases from every enabled indexer', async () => {
			const results = await clientFor().search({ query: 'the martian' });
			expect(results.map((release) => [release.indexerId, release.title])).toEqual([
				[1, 'The Martian by Andy Weir [ENG / MP3]'],
				[2, 'The Martian 2015 1080p BluRay x264'],
				[3, 'The.Martian.2015.EXTENDED.1080p.BluRay.x264'],
			]);
			expect(fake.requests[0].query).toEqual({ query: 'the martian', type: 'search' });
		});

		it('sends indexer ids and categories as repeated parameters and honours them', async () => {
			const results = await clientFor().search({ query: 'project hail mary', indexerIds: [1, 2], categories: [3000], limit: 10 });
			expect(results.map((release) => release.title)).toEqual(['Project Hail Mary by Andy Weir [ENG / M4B]']);
			expect(fake.requests[0].query).toEqual({ query: 'project hail mary', type: 'search', indexerIds: ['1', '2'], categories: '3000', limit: '10' });
		});

		it('skips disabled indexers', async () => {
			fake.indexers.find((indexer) => indexer.id === 2)!.enable = false;
			const results = await clientFor().search({ query: 'martian' });
			expect(results.map((release) => release.indexerId)).toEqual([1, 3]);
		});

		it('pages with limit and offset', async () => {
			const results = await clientFor().search({ query: 'martian', limit: 1, offset: 1 });
			expect(results.map((release) => release.indexerId)).toEqual([2]);
		});
	});

	describe('finding the MyAnonamouse indexer', () => {
		it('finds it by implementation even after the user renamed it', async () => {
			fake.indexers.find((indexer) => indexer.id === 1)!.name = 'Audiobooks';
			const mam = await clientFor().findMyAnonamouseIndexer();
			expect(mam.id).toBe(1);
			expect(ProwlarrClient.fieldValue(mam, MAM_ID_FIELD)).toBe(fake.mamId());
		});

		it('falls back to the name for an indexer added through a custom definition', async () => {
			await fake.close();
			const custom = defaultProwlarrIndexers().filter((indexer) => indexer.id !== 1);
			custom.push({ ...defaultProwlarrIndexers()[1], id: 7, name: 'MyAnonamouse (custom yml)', definitionName: 'myanonamouse-custom', sortName: 'myanonamouse (custom yml)' } as ProwlarrIndexer);
			fake = await startFakeProwlarr({ indexers: custom });
			const mam = await clientFor().findMyAnonamouseIndexer();
			expect(mam.id).toBe(7);
		});

		it('says how to add it when there is none', async () => {
			fake.indexers.splice(0, 1);
			const error = await failureOf(clientFor().findMyAnonamouseIndexer());
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toContain('looked at 2 indexers');
			expect(error.message).toContain('Prowlarr → Indexers → Add Indexer');
		});
	});

	describe('updateIndexerField', () => {
		it('GETs the indexer and PUTs the whole resource back with only that field changed', async () => {
			const before = structuredClone(fake.indexers.find((indexer) => indexer.id === 1)!);
			const newCookie = randomMamCookie();
			const returned = await clientFor().updateIndexerField(1, MAM_ID_FIELD, newCookie);

			expect(fake.requests.map((request) => request.operation)).toEqual(['GET /api/v1/indexer/{id}', 'PUT /api/v1/indexer/{id}']);
			const put = fake.requests[1];
			expect(put.path).toBe('/api/v1/indexer/1');
			expect(put.query).toEqual({});
			const expected = { ...before, fields: before.fields!.map((field) => (field.name === MAM_ID_FIELD ? { ...field, value: newCookie } : field)) };
			expect(put.body).toEqual(expected);
			expect(fake.indexers.find((indexer) => indexer.id === 1)).toEqual(expected);
			expect(ProwlarrClient.fieldValue(returned, MAM_ID_FIELD)).toBe(newCookie);
			expect(fake.indexerState(1).putCount).toBe(1);
		});

		it('leaves the other indexers untouched', async () => {
			const others = structuredClone(fake.indexers.filter((indexer) => indexer.id !== 1));
			await clientFor().updateIndexerField(1, MAM_ID_FIELD, randomMamCookie());
			expect(fake.indexers.filter((indexer) => indexer.id !== 1)).toEqual(others);
		});

		it('lets Prowlarr test the indexer on save, which empties the cached MAM cookie', async () => {
			const client = clientFor();
			await client.search({ query: 'weir' });
			expect(fake.indexerState(1).cachedMamCookie).toEqual(expect.any(String));
			await client.updateIndexerField(1, MAM_ID_FIELD, randomMamCookie());
			expect(fake.indexerState(1).testCount).toBe(1);
			expect(fake.indexerState(1).cachedMamCookie).toBeUndefined();
		});

		it('sends forceSave=true when asked, so Prowlarr skips the test and keeps its cached cookie', async () => {
			const client = clientFor();
			const stale = randomMamCookie();
			fake.indexerState(1).cachedMamCookie = stale;
			const newCookie = randomMamCookie();
			await client.updateIndexerField(1, MAM_ID_FIELD, newCookie, { forceSave: true });
			expect(fake.requests[1].query).toEqual({ forceSave: 'true' });
			expect(fake.mamId()).toBe(newCookie);
			expect(fake.indexerState(1).testCount).toBe(0);
			expect(fake.indexerState(1).cachedMamCookie).toBe(stale);
		});

		it('surfaces a failed indexer test on save as ClientError with Prowlarr’s reason, and saves nothing', async () => {
			const before = fake.mamId();
			const badCookie = 'not a cookie';
			const error = await failureOf(clientFor().updateIndexerField(1, MAM_ID_FIELD, badCookie));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.status).toBe(400);
			expect(error.message).toContain('mam_session_id expired or invalid');
			expect((error as ClientError).details).toEqual([expect.objectContaining({ severity: 'error', errorMessage: expect.stringContaining('Unable to connect to indexer') })]);
			expect(fake.mamId()).toBe(before);
			expect(fake.indexerState(1).putCount).toBe(1);
		});

		it('cannot force an empty mamId through: validation runs even with forceSave', async () => {
			const error = await failureOf(clientFor().updateIndexerField(1, MAM_ID_FIELD, '', { forceSave: true }));
			expect(error).toBeInstanceOf(ClientError);
			expect(error.message).toContain("'Mam Id' must not be empty.");
			expect((error as ClientError).details).toEqual([expect.objectContaining({ propertyName: 'MamId', errorCode: 'NotEmptyValidator' })]);
		});

		it('refuses a field the indexer does not have, listing the ones it has, without sending a PUT', async () => {
			const error = await failureOf(clientFor().updateIndexerField(1, 'mam_id', 'x'));
			expect(error).toBeInstanceOf(NotFoundError);
			expect(error.message).toContain('has no setting named "mam_id"');
			expect(error.message).toContain('baseUrl, mamId');
			expect(fake.server.requestsTo('PUT /api/v1/indexer/{id}')).toHaveLength(0);
		});

		it('reports a vanished indexer as NotFoundError', async () => {
			await expect(clientFor().updateIndexerField(9, MAM_ID_FIELD, 'x')).rejects.toBeInstanceOf(NotFoundError);
		});
	});

	describe('testIndexer', () => {
		it('answers ok for a working indexer, by id or with a resource', async () => {
			const client = clientFor();
			await expect(client.testIndexer(1)).resolves.toEqual({ ok: true, errors: [] });
			const newznab = await client.getIndexer(3);
			await expect(client.testIndexer(newznab)).resolves.toEqual({ ok: true, errors: [] });
			expect(fake.server.requestsTo('POST /api/v1/indexer/test')).toHaveLength(2);
		});

		it('returns {ok: false, errors} when MAM refuses the session, instead of throwing', async () => {
			fake.deadMamIds.add(String(fake.mamId()));
			const result = await clientFor().testIndexer(1);
			expect(result.ok).toBe(false);
			expect(result.errors).toEqual(['Unable to connect to indexer, check the log above for more details. [403 Forbidden] - mam_session_id expired or invalid']);
		});

		it('empties the cached MAM cookie, as a test in Prowlarr does', async () => {
			fake.indexerState(1).cachedMamCookie = randomMamCookie();
			await clientFor().testIndexer(1);
			expect(fake.indexerState(1).cachedMamCookie).toBeUndefined();
			expect(fake.indexerState(1).testCount).toBe(1);
		});

		it('still throws for failures that are not a test verdict', async () => {
			fake.fault({ kind: 'status', status: 500, body: { message: 'database is locked' } }, { times: 1 });
			await expect(clientFor().testIndexer(fake.indexers[0])).rejects.toBeInstanceOf(ServerError);
		});
	});
});

describeClientFaults({
	service: PROWLARR,
	start: () => startFakeProwlarr(),
	client: ({ baseUrl, apiKey, timeoutMs }) => new ProwlarrClient({ baseUrl, transport: new NodeTransport({ service: PROWLARR, apiKey, timeoutMs }) }),
	call: (client) => client.listIndexers(),
	where: 'GET /api/v1/indexer',
});
