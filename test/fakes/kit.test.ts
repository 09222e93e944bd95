import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { specAvailable } from '../support/specs';
import { FakeServer, startFakeServer } from './kit';
import { toJsonSchema } from './openapi';

/**
 * The kit is only worth having if its checks can fail: these tests send requests the real
 * Prowlarr would not understand and expect the fake to say so, and to fail close().
 */

const SPEC = 'prowlarr-v1.openapi.json';
const KEY = '0123456789abcdef0123456789abcdef';
const started: FakeServer[] = [];

async function fakeWith(options: { allowViolations?: boolean; port?: number } = {}): Promise<FakeServer> {
	const fake = await startFakeServer(
		{ name: 'Prowlarr', spec: SPEC, apiKey: KEY, allowViolations: options.allowViolations ?? true, port: options.port },
		{
			'GET /api/v1/indexer': () => ({ body: [] }),
			'GET /api/v1/indexer/{id}': ({ params }) => ({ body: { id: Number(params.id), name: 'x', enable: true, fields: [] } }),
			'PUT /api/v1/indexer/{id}': ({ body }) => ({ status: 202, body }),
			'GET /api/v1/search': ({ query }) => ({ body: [{ title: String(query.query), indexerId: 1 }] }),
		},
	);
	started.push(fake);
	return fake;
}

function call(fake: FakeServer, method: string, pathAndQuery: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
	return fetch(fake.url + pathAndQuery, { method, body: init.body, headers: { 'x-api-key': KEY, ...init.headers } });
}

afterEach(async () => {
	for (const fake of started.splice(0)) await fake.stop();
	vi.restoreAllMocks();
});

describe.skipIf(!specAvailable(SPEC))('the fake-server kit with a spec', () => {
	it.each([
		['an unknown path', 'GET', '/api/v1/indexers', undefined, 'path', 'no such path'],
		['a method the path does not have', 'PATCH', '/api/v1/indexer/1', '{}', 'method', 'method PATCH is not allowed here (the spec allows GET, PUT, DELETE)'],
		['a path parameter of the wrong type', 'GET', '/api/v1/indexer/first', undefined, 'parameter', 'path parameter "id"="first" (root) must be integer'],
		['a query parameter of the wrong type', 'GET', '/api/v1/search?query=x&limit=all', undefined, 'parameter', 'query parameter "limit"="all" (root) must be integer'],
		['a body with a property the resource lacks', 'PUT', '/api/v1/indexer/1', JSON.stringify({ id: 1, enabled: true }), 'body', 'must NOT have additional properties (enabled)'],
		['a body with a wrongly typed property', 'PUT', '/api/v1/indexer/1', JSON.stringify({ id: 1, fields: 'mamId=x' }), 'body', '/fields must be array,null'],
		['a body that is not JSON', 'PUT', '/api/v1/indexer/1', '{"id": 1,', 'body', 'body is not valid JSON'],
		['a body on an operation that takes none', 'POST', '/api/v1/indexer/testall', '{}', 'body', 'takes no request body'],
	])('flags %s with 400 and records the violation', async (_, method, pathAndQuery, body, kind, problem) => {
		const fake = await fakeWith();
		const answer = await call(fake, method, pathAndQuery, { body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
		expect(answer.status).toBe(400);
		const answerBody = (await answer.json()) as { message: string };
		expect(answerBody.message).toContain(problem);
		expect(fake.violations).toEqual([expect.objectContaining({ kind, method, problem: expect.stringContaining(problem) })]);
	});

	it('flags a JSON body sent without a Content-Type', async () => {
		const fake = await fakeWith();
		await call(fake, 'PUT', '/api/v1/indexer/1', { body: '{"id":1}', headers: { 'content-type': '' } });
		expect(fake.violations.map((violation) => violation.problem)).toEqual([expect.stringMatching(/without a Content-Type|Content-Type .* is not accepted/)]);
	});

	it('makes close() fail with the list of violations, so the test that caused them fails', async () => {
		const fake = await fakeWith({ allowViolations: false });
		await call(fake, 'GET', '/api/v1/nothing-here');
		await call(fake, 'DELETE', '/api/v1/search');
		await expect(fake.close()).rejects.toThrow(
			/received 2 request\(s\) that break its API spec:\n {2}- GET \/api\/v1\/nothing-here: no such path in the Prowlarr API\n {2}- DELETE \/api\/v1\/search: method DELETE is not allowed here/,
		);
	});

	it('closes quietly when every request matched the spec', async () => {
		const fake = await fakeWith({ allowViolations: false });
		expect((await call(fake, 'PUT', '/api/v1/indexer/5?forceSave=true', { body: JSON.stringify({ id: 5, name: null, enable: true }), headers: { 'content-type': 'application/json' } })).status).toBe(202);
		expect((await call(fake, 'GET', '/api/v1/search?query=dune&indexerIds=1&indexerIds=2&categories=2000')).status).toBe(200);
		await expect(fake.close()).resolves.toBeUndefined();
	});

	it('answers 401 to a wrong or missing key without calling it a violation', async () => {
		const fake = await fakeWith({ allowViolations: false });
		expect((await call(fake, 'GET', '/api/v1/indexer', { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
		expect((await fetch(`${fake.url}/api/v1/indexer`)).status).toBe(401);
		expect((await fetch(`${fake.url}/api/v1/indexer?apikey=${KEY}`)).status).toBe(200);
		expect((await fetch(`${fake.url}/api/v1/indexer?ApiKey=${KEY}`)).status).toBe(200);
		expect(fake.requests.map((request) => request.status)).toEqual([401, 401, 200, 200]);
		await expect(fake.close()).resolves.toBeUndefined();
	});

	it('prefers a literal path segment over a parameter', async () => {
		const fake = await fakeWith();
		await call(fake, 'GET', '/api/v1/indexer/schema');
		expect(fake.requests[0].operation).toBe('GET /api/v1/indexer/schema');
		expect(fake.violations).toEqual([expect.objectContaining({ kind: 'handler', problem: expect.stringContaining('no handler for GET /api/v1/indexer/schema') })]);
	});

	it('catches its own answers that break the spec, so fakes stay honest', async () => {
		const fake = await startFakeServer(
			{ name: 'Prowlarr', spec: SPEC, apiKey: KEY, allowViolations: true },
			{ 'GET /api/v1/indexerstatus': () => ({ body: [{ indexerId: 'one' }] }) },
		);
		started.push(fake);
		await call(fake, 'GET', '/api/v1/indexerstatus');
		expect(fake.violations).toEqual([expect.objectContaining({ kind: 'response', problem: expect.stringContaining('/0/indexerId must be integer') })]);
	});

	it('refuses a handler for an operation the spec does not have', async () => {
		const fake = await FakeServer.create({ name: 'Prowlarr', spec: SPEC });
		expect(() => fake.on('GET /api/v1/indexers', () => ({}))).toThrow('has no operation GET /api/v1/indexers');
	});

	it('records method, path, query, headers and parsed body of every request', async () => {
		const fake = await fakeWith();
		await call(fake, 'PUT', '/api/v1/indexer/4?forceSave=true', { body: JSON.stringify({ id: 4, name: 'n' }), headers: { 'content-type': 'application/json; charset=utf-8' } });
		expect(fake.requests[0]).toMatchObject({
			method: 'PUT',
			path: '/api/v1/indexer/4',
			query: { forceSave: 'true' },
			body: { id: 4, name: 'n' },
			operation: 'PUT /api/v1/indexer/{id}',
			status: 202,
		});
		expect(fake.requests[0].headers['x-api-key']).toBe(KEY);
		expect(fake.requestsTo('PUT /api/v1/indexer/{id}')).toHaveLength(1);
	});
});

describe.skipIf(!specAvailable(SPEC))('injected faults', () => {
	it('answers the next N requests with the fault, then normally again', async () => {
		const fake = await fakeWith();
		fake.fault({ kind: 'status', status: 429, headers: { 'Retry-After': '12' } }, { times: 2 });
		const first = await call(fake, 'GET', '/api/v1/indexer');
		expect([first.status, first.headers.get('retry-after')]).toEqual([429, '12']);
		expect((await call(fake, 'GET', '/api/v1/indexer')).status).toBe(429);
		expect((await call(fake, 'GET', '/api/v1/indexer')).status).toBe(200);
	});

	it('keeps a fault without a count until it is cleared', async () => {
		const fake = await fakeWith();
		fake.fault({ kind: 'html' });
		for (let i = 0; i < 3; i++) {
			const answer = await call(fake, 'GET', '/api/v1/indexer');
			expect(answer.headers.get('content-type')).toContain('text/html');
			expect(await answer.text()).toContain('<title>Sign in</title>');
		}
		fake.clearFaults();
		expect((await call(fake, 'GET', '/api/v1/indexer')).headers.get('content-type')).toContain('application/json');
	});

	it('delays an answer', async () => {
		const fake = await fakeWith();
		fake.fault({ kind: 'delay', ms: 300 }, { times: 1 });
		const started = Date.now();
		expect((await call(fake, 'GET', '/api/v1/indexer')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
	});

	it('stops and starts again on the same port, keeping what it recorded', async () => {
		const fake = await fakeWith();
		const port = fake.port;
		await call(fake, 'GET', '/api/v1/indexer');
		await fake.stop();
		await expect(call(fake, 'GET', '/api/v1/indexer')).rejects.toThrow();
		await fake.start();
		expect(fake.port).toBe(port);
		expect((await call(fake, 'GET', '/api/v1/indexer')).status).toBe(200);
		expect(fake.requests).toHaveLength(2);
	});

	it('does not keep close() waiting on a delayed answer', async () => {
		const fake = await fakeWith();
		fake.fault({ kind: 'delay', ms: 30_000 });
		const pending = call(fake, 'GET', '/api/v1/indexer').catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await fake.close();
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(await pending).toBeInstanceOf(Error);
	});
});

describe('without the spec file', () => {
	const specsDirBefore = process.env.MEDIASTACK_SPECS_DIR;
	let emptyDir: string | undefined;

	afterEach(() => {
		if (emptyDir) rmSync(emptyDir, { recursive: true, force: true });
		emptyDir = undefined;
		if (specsDirBefore === undefined) delete process.env.MEDIASTACK_SPECS_DIR;
		else process.env.MEDIASTACK_SPECS_DIR = specsDirBefore;
	});

	it('warns loudly once and still serves its handlers, checking only the key', async () => {
		emptyDir = mkdtempSync(path.join(tmpdir(), 'no-specs-'));
		process.env.MEDIASTACK_SPECS_DIR = emptyDir;
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const options = { name: 'Nothing', spec: 'nothing-v1.openapi.json', apiKey: KEY, fallbackAuth: [{ in: 'header' as const, name: 'X-Api-Key' }] };
		const fake = await startFakeServer(options, { 'GET /api/v1/thing/{id}': ({ params }) => ({ body: { id: params.id } }) });
		started.push(fake);
		const again = await FakeServer.create(options);
		expect(again.spec).toBeUndefined();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(String(warn.mock.calls[0][0])).toMatch(/^SPEC CHECKS SKIPPED: .*nothing-v1\.openapi\.json not found/);
		expect(await (await call(fake, 'GET', '/api/v1/thing/7')).json()).toEqual({ id: '7' });
		expect((await call(fake, 'GET', '/api/v1/thing/7', { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
		expect((await call(fake, 'GET', '/api/v1/other')).status).toBe(400);
	});
});

describe('OpenAPI 3.0 schemas for ajv', () => {
	const ajv = new Ajv({ strict: false });

	it('turns nullable into a null type, also for enums and composed schemas', () => {
		const schema = toJsonSchema({
			type: 'object',
			properties: {
				name: { type: 'string', nullable: true },
				kind: { type: 'string', enum: ['a', 'b'], nullable: true },
				either: { allOf: [{ type: 'integer' }], nullable: true },
				anything: { nullable: true },
			},
			additionalProperties: false,
		});
		const validate = ajv.compile(schema);
		expect(validate({ name: null, kind: null, either: null, anything: null })).toBe(true);
		expect(validate({ name: 'x', kind: 'a', either: 3, anything: [1] })).toBe(true);
		expect(validate({ kind: 'c' })).toBe(false);
		expect(validate({ either: 'x' })).toBe(false);
	});

	it('keeps a schema that contains itself finite and still checks the nested copies', () => {
		const node: Record<string, unknown> = { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false };
		(node.properties as Record<string, unknown>).children = { type: 'array', items: node, nullable: true };
		const validate = ajv.compile(toJsonSchema(node));
		expect(validate({ id: 1, children: [{ id: 2, children: [{ id: 3, children: null }] }] })).toBe(true);
		expect(validate({ id: 1, children: [{ id: 2, children: [{ id: 'three' }] }] })).toBe(false);
	});

	it('reads draft-4 style exclusive bounds', () => {
		const validate = ajv.compile(toJsonSchema({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false }));
		expect([validate(0), validate(1), validate(10), validate(11)]).toEqual([false, true, true, false]);
	});

	it('keeps a property literally named "example"', () => {
		const validate = ajv.compile(toJsonSchema({ type: 'object', properties: { example: { type: 'string' } }, example: { example: 1 } }));
		expect(validate({ example: 1 })).toBe(false);
	});
});
