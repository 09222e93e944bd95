import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ProwlarrApi } from '../../credentials/ProwlarrApi.credentials';
import { FakeProwlarr, randomMamCookie, startFakeProwlarr } from '../fakes/prowlarr';
import { PACKAGE_NAME, runWorkflow, singleNodeWorkflow } from './harness';
import { Prowlarr } from '../../nodes/Prowlarr/Prowlarr.node';
import { PROWLARR } from '../../clients/prowlarr/client';
import { describeArrNode } from '../support/suites/arr-node';
import { describeNodeFailures } from '../support/suites/node-failures';

const NODE = 'Prowlarr';
const PROWLARR_NODE = { id: 'prowlarr', name: NODE, type: `${PACKAGE_NAME}.prowlarr` };

let fake: FakeProwlarr;

beforeEach(async () => {
	fake = await startFakeProwlarr();
});

afterEach(async () => {
	// close() fails the test when any request broke Prowlarr's OpenAPI spec.
	await fake.close();
});

function credentials(apiKey = fake.apiKey, url = fake.url) {
	return { prowlarrApi: { url, apiKey } };
}

async function run(parameters: INodeParameters, options: { triggerItems?: IDataObject[]; apiKey?: string; extra?: Partial<INode> } = {}) {
	return await runWorkflow(singleNodeWorkflow(PROWLARR_NODE, parameters, options.extra), {
		credentials: credentials(options.apiKey),
		triggerItems: options.triggerItems,
	});
}

function requestsTo(method: string, pathName: string) {
	return fake.requests.filter((request) => request.method === method && request.path === pathName);
}

describe('Prowlarr node: indexer', () => {
	it('lists every indexer with Return All, the raw objects included', async () => {
		const result = await run({ resource: 'indexer', operation: 'getAll', returnAll: true });

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.json.name).sort()).toEqual(['1337x', 'MyAnonamouse', 'NZBgeek']);
		const mam = items.find((item) => item.json.implementation === 'MyAnonamouse');
		expect(mam?.json.fields).toEqual(fake.indexers.find((indexer) => indexer.id === 1)?.fields);
	});

	it('stops at the limit without Return All', async () => {
		const result = await run({ resource: 'indexer', operation: 'getAll', returnAll: false, limit: 2 });

		expect(result.outputByNode[NODE]).toHaveLength(2);
	});

	it('uses Get Many by default', async () => {
		const result = await run({});

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE]).toHaveLength(3);
		expect(requestsTo('GET', '/api/v1/indexer')).toHaveLength(1);
	});

	it('gets one indexer per input item, each paired with its item', async () => {
		const result = await run({ resource: 'indexer', operation: 'get', indexerId: '={{ $json.id }}' }, { triggerItems: [{ id: 2 }, { id: 3 }] });

		const items = result.outputByNode[NODE];
		expect(items.map((item) => [item.json.name, item.pairedItem])).toEqual([
			['1337x', { item: 0 }],
			['NZBgeek', { item: 1 }],
		]);
	});

	it('finds the MyAnonamouse indexer with its current cookie setting', async () => {
		const result = await run({ resource: 'indexer', operation: 'findMyAnonamouse' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ id: 1, implementation: 'MyAnonamouse', configContract: 'MyAnonamouseSettings' });
		const fields = item.json.fields as Array<{ name: string; value: unknown }>;
		expect(fields.find((candidate) => candidate.name === 'mamId')?.value).toBe(fake.mamId());
	});

	it('updates the MyAnonamouse cookie, letting Prowlarr test it on save', async () => {
		const cookie = randomMamCookie();
		const testsBefore = fake.indexerState(1).testCount;

		const result = await run({ resource: 'indexer', operation: 'updateField', indexerId: 1, fieldName: 'mamId', value: cookie, forceSave: false });

		expect(result.status).toBe('success');
		expect(fake.mamId()).toBe(cookie);
		expect(fake.indexerState(1).testCount).toBe(testsBefore + 1);
		const [put] = requestsTo('PUT', '/api/v1/indexer/1');
		expect(put.query.forceSave).toBeUndefined();
		expect(put.headers['content-type']).toMatch(/application\/json/);
		const [item] = result.outputByNode[NODE];
		const fields = item.json.fields as Array<{ name: string; value: unknown }>;
		expect(fields.find((candidate) => candidate.name === 'mamId')?.value).toBe(cookie);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('saves without Prowlarr\'s test when Force Save is on', async () => {
		const cookie = randomMamCookie();

		const result = await run({ resource: 'indexer', operation: 'updateField', indexerId: 1, fieldName: 'mamId', value: cookie, forceSave: true });

		expect(result.status).toBe('success');
		expect(fake.mamId()).toBe(cookie);
		expect(fake.indexerState(1).testCount).toBe(0);
		expect(requestsTo('PUT', '/api/v1/indexer/1')[0].query.forceSave).toBe('true');
	});

	it('fails the update with Prowlarr\'s validation message when the new cookie does not work', async () => {
		const before = fake.mamId();

		const result = await run({ resource: 'indexer', operation: 'updateField', indexerId: 1, fieldName: 'mamId', value: 'not a cookie', forceSave: false });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/Prowlarr rejected PUT \/api\/v1\/indexer\/1 \(HTTP 400\)/);
		expect(result.error?.message).toMatch(/mam_session_id expired or invalid/);
		expect(fake.mamId()).toBe(before);
	});

	it('refuses a setting the indexer does not have, naming the ones it has, before any write', async () => {
		const result = await run({ resource: 'indexer', operation: 'updateField', indexerId: 1, fieldName: 'mamid', value: 'x' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/no setting named "mamid".*mamId/);
		expect(requestsTo('PUT', '/api/v1/indexer/1')).toHaveLength(0);
	});

	it('reports a passing indexer test', async () => {
		const result = await run({ resource: 'indexer', operation: 'test', indexerId: 1 });

		expect(result.outputByNode[NODE].map((item) => item.json)).toEqual([{ indexerId: 1, ok: true, errors: [] }]);
		expect(requestsTo('POST', '/api/v1/indexer/test')).toHaveLength(1);
	});

	it('reports a failing indexer test as ok: false with Prowlarr\'s reasons, not as an error', async () => {
		fake.deadMamIds.add(String(fake.mamId()));

		const result = await run({ resource: 'indexer', operation: 'test', indexerId: 1 });

		expect(result.status).toBe('success');
		const [item] = result.outputByNode[NODE];
		expect(item.json.ok).toBe(false);
		expect((item.json.errors as string[]).join(' ')).toMatch(/mam_session_id expired or invalid/);
	});

	it('outputs one item per failing indexer status', async () => {
		fake.statuses.push({ id: 1, indexerId: 1, initialFailure: '2025-01-01T00:00:00Z', mostRecentFailure: '2025-01-01T01:00:00Z', disabledTill: '2099-01-01T00:00:00Z' });

		const result = await run({ resource: 'indexer', operation: 'getStatuses' });

		expect(result.outputByNode[NODE].map((item) => item.json)).toEqual([fake.statuses[0]]);
	});

	it('outputs the stats of each indexer and passes the date range on', async () => {
		const result = await run({ resource: 'indexer', operation: 'getStats', startDate: '2025-01-01T00:00:00Z', endDate: '2025-02-01T00:00:00Z' });

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.json.indexerName).sort()).toEqual(['1337x', 'MyAnonamouse', 'NZBgeek']);
		expect(items[0].json).toHaveProperty('numberOfQueries');
		const [request] = requestsTo('GET', '/api/v1/indexerstats');
		expect(request.query).toMatchObject({ startDate: '2025-01-01T00:00:00Z', endDate: '2025-02-01T00:00:00Z' });
	});

	it('leaves the date range out when no dates are given', async () => {
		await run({ resource: 'indexer', operation: 'getStats' });

		const [request] = requestsTo('GET', '/api/v1/indexerstats');
		expect(request.query).toEqual({});
	});
});

describe('Prowlarr node: indexer IDs have no default (version 2)', () => {
	it.each(['get', 'test', 'updateField'])('refuses to run %s with a forgotten indexer ID, instead of acting on indexer 1', async (operation) => {
		// n8n itself checks required fields before a run, as the editor flags them (2.x names the node, 1.x the workflow).
		await expect(run({ resource: 'indexer', operation, fieldName: 'mamId', value: 'x' })).rejects.toThrow(/The 'Prowlarr' node has issues|The workflow has issues and cannot be executed/);
		expect(fake.requests).toHaveLength(0);
	});

	it('stops the item when an expression gives no ID, before asking Prowlarr', async () => {
		const result = await run({ resource: 'indexer', operation: 'get', indexerId: '={{ $json.id }}' }, { triggerItems: [{}] });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('Indexer ID is empty');
		expect(result.error?.description).toBe('Give the Indexer ID, a whole number such as 12, or map it in with an expression.');
		expect(fake.requests).toHaveLength(0);
	});

	it('takes an ID typed as text, as the field now is, and one mapped in as a number', async () => {
		const typed = await run({ resource: 'indexer', operation: 'get', indexerId: '2' });
		const mapped = await run({ resource: 'indexer', operation: 'get', indexerId: '={{ $json.id }}' }, { triggerItems: [{ id: 3 }] });

		expect(typed.outputByNode[NODE][0].json.name).toBe('1337x');
		expect(mapped.outputByNode[NODE][0].json.name).toBe('NZBgeek');
	});

	it('rejects an ID that is not a positive whole number', async () => {
		const result = await run({ resource: 'indexer', operation: 'get', indexerId: '1.5' });

		expect(result.error?.message).toBe('Indexer ID must be a positive whole number, got "1.5"');
		expect(fake.requests).toHaveLength(0);
	});

	it('keeps a saved version 1 node working: without an ID it still means indexer 1, as it was saved', async () => {
		const result = await run({ resource: 'indexer', operation: 'get' }, { extra: { typeVersion: 1 } });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ id: 1, name: 'MyAnonamouse' });
	});
});

describe('Prowlarr node: search', () => {
	it('searches the chosen indexers and categories, one item per release', async () => {
		const result = await run({ resource: 'search', operation: 'search', query: 'martian', type: 'search', indexerIds: '2, 3', categories: '2000', limit: 10 });

		expect(result.status).toBe('success');
		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.json.title).sort()).toEqual(['The Martian 2015 1080p BluRay x264', 'The.Martian.2015.EXTENDED.1080p.BluRay.x264']);
		expect(items.every((item) => [2, 3].includes(item.json.indexerId as number))).toBe(true);
		const [request] = requestsTo('GET', '/api/v1/search');
		// Repeated keys, the way Prowlarr's model binder reads arrays.
		expect(request.query).toMatchObject({ query: 'martian', type: 'search', indexerIds: ['2', '3'], categories: '2000', limit: '10' });
	});

	it('never emits more releases than the limit', async () => {
		const result = await run({ resource: 'search', operation: 'search', query: 'the', limit: 1 });

		expect(result.outputByNode[NODE]).toHaveLength(1);
	});

	it('keeps Prowlarr\'s API key out of the output, download links included', async () => {
		const result = await run({ resource: 'search', operation: 'search', query: 'martian', type: 'search' });

		const items = result.outputByNode[NODE];
		expect(items.length).toBeGreaterThan(0);
		expect(JSON.stringify(items)).not.toContain(fake.apiKey);
		const link = new URL(String(items[0].json.downloadUrl));
		expect(link.searchParams.has('apikey')).toBe(false);
		// The rest of the link survives, so it still works with the key sent as a header.
		expect(link.searchParams.get('link')).toMatch(/^https:\/\//);
		expect(link.pathname).toMatch(/^\/\d+\/download$/);
	});

	it('rejects indexer IDs that are not numbers before asking Prowlarr', async () => {
		const result = await run({ resource: 'search', operation: 'search', query: 'dune', indexerIds: '2, mam' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/"mam" in indexerIds is not a whole number/);
		expect(requestsTo('GET', '/api/v1/search')).toHaveLength(0);
	});
});

describeArrNode({
	service: PROWLARR,
	nodeName: 'prowlarr',
	node: new Prowlarr(),
	credential: new ProwlarrApi(),
	fake: () => fake,
	version: '2.5.0.5422',
	apiBase: '/api/v1',
	defaultUrl: 'http://localhost:9696',
	impostor: { appName: 'Sonarr', version: '4.0.10.2544' },
});

describeNodeFailures({
	service: PROWLARR,
	nodeName: 'prowlarr',
	credentialType: 'prowlarrApi',
	fake: () => fake,
	credentials: (server) => ({ url: server.url, apiKey: server.apiKey }),
	wrongCredentials: (server) => ({ url: server.url, apiKey: 'f'.repeat(32) }),
	parameters: { resource: 'system', operation: 'getStatus' },
	path: '/api/v1/system/status',
});

describe('Prowlarr node: failures', () => {
	it('turns a failing item into an error item with Continue On Fail and carries on', async () => {
		const result = await run(
			{ resource: 'indexer', operation: 'get', indexerId: '={{ $json.id }}' },
			{ triggerItems: [{ id: 2 }, { id: 99 }, { id: 3 }], extra: { onError: 'continueRegularOutput' } },
		);

		expect(result.status).toBe('success');
		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.name).toBe('1337x');
		expect(items[1].json.error).toMatch(/Prowlarr has no such resource \(HTTP 404 on GET \/api\/v1\/indexer\/99\)/);
		expect(items[2].json.name).toBe('NZBgeek');
	});

	it('stops at the failing item without Continue On Fail, naming its index', async () => {
		const result = await run({ resource: 'indexer', operation: 'get', indexerId: '={{ $json.id }}' }, { triggerItems: [{ id: 2 }, { id: 99 }] });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('404');
	});

	it('reports a server failure as an API error carrying the status', async () => {
		fake.fault({ kind: 'status', status: 503, body: { message: 'Database is locked' } });

		const result = await run({ resource: 'system', operation: 'getHealth' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/Prowlarr failed with HTTP 503 on GET \/api\/v1\/health: Database is locked/);
		expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('503');
	});

	it('turns a credential URL without a scheme into an input error for each item', async () => {
		const result = await runWorkflow(singleNodeWorkflow(PROWLARR_NODE, { resource: 'system', operation: 'getStatus' }, { onError: 'continueRegularOutput' }), {
			credentials: { prowlarrApi: { url: '127.0.0.1:9696', apiKey: fake.apiKey } },
			triggerItems: [{}, {}],
		});

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items.every((item) => /is not an http:\/\/ or https:\/\/ address with a host/.test(String(item.json.error)))).toBe(true);
		expect(fake.requests).toHaveLength(0);
	});
});
