import { randomBytes } from 'node:crypto';
import http, { IncomingHttpHeaders } from 'node:http';

import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PACKAGE_NAME, errorText, runWorkflow, singleNodeWorkflow, testCredential } from './harness';
import { MediastackApi } from '../../credentials/MediastackApi.credentials';
import { Mediastack } from '../../nodes/Mediastack/Mediastack.node';
import { LoopbackListener, readBody } from '../support/loopback';

const NODE = 'Mediastack';
const MEDIASTACK_NODE = { id: 'mediastack', name: NODE, type: `${PACKAGE_NAME}.mediastack` };

interface RunnerRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: IncomingHttpHeaders;
	body: unknown;
}

interface RunnerEventRecord {
	id: string;
	time: string;
	type: string;
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
}

/** The runner's health summary (worker/src/runner.ts, RunnerHealth), healthy or with Temporal down. */
function healthDocument(ok: boolean) {
	return {
		ok,
		temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'mediastack', embedded: true, reachable: ok, ...(ok ? {} : { error: '14 UNAVAILABLE: No connection established' }) },
		worker: { state: 'RUNNING', workflows: 'bundle' },
		schedules: [],
		services: [],
	};
}

const BAD_REQUEST = { status: 400, body: { error: 'bad_request', message: 'The request does not have the shape the runner expects.' } };

/**
 * A loopback stand-in for the runner's HTTP API (worker/src/api): bearer token on every route,
 * JSON error bodies `{error, message}`, and the request shapes MouseTrap's API defines. A request
 * of the wrong shape answers 400 and is recorded as a violation, which fails the test.
 */
class FakeRunner {
	readonly token = randomBytes(24).toString('base64url');
	readonly requests: RunnerRequest[] = [];
	readonly violations: string[] = [];
	readonly labels = new Set(['main', 'backup']);
	events: RunnerEventRecord[] = [];
	healthy = true;
	private readonly listener = new LoopbackListener(
		'runner',
		async (request, response) => {
			const { status, body } = this.handle(request, await readBody(request));
			response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
			response.end(JSON.stringify(body));
		},
		0,
		(request, error) => this.violations.push(`${request.method ?? '?'} ${request.url ?? '?'}: the fake runner crashed: ${String(error)}`),
	);

	get url(): string {
		return this.listener.url;
	}

	start(): Promise<void> {
		return this.listener.start();
	}

	stop(): Promise<void> {
		return this.listener.stop();
	}

	requestsTo(method: string, path: string): RunnerRequest[] {
		return this.requests.filter((request) => request.method === method && request.path === path);
	}

	private handle(incoming: http.IncomingMessage, raw: string): { status: number; body: unknown } {
		const url = new URL(incoming.url ?? '/', 'http://runner.invalid');
		const query: Record<string, string | string[]> = {};
		for (const key of new Set(url.searchParams.keys())) {
			const values = url.searchParams.getAll(key);
			query[key] = values.length > 1 ? values : values[0];
		}
		const recorded: RunnerRequest = { method: incoming.method ?? 'GET', path: url.pathname, query, headers: incoming.headers, body: undefined };
		this.requests.push(recorded);
		if (incoming.headers.authorization !== `Bearer ${this.token}`) {
			return { status: 401, body: { error: 'unauthorized', message: 'Wrong bearer token. Fix: send "Authorization: Bearer <token>".' } };
		}
		if (raw !== '') {
			if (!/^application\/json/.test(String(incoming.headers['content-type']))) return this.violation(recorded, 'a body that is not JSON');
			recorded.body = JSON.parse(raw);
		}
		const route = `${recorded.method} ${recorded.path}`;
		switch (route) {
			case 'GET /api/health':
				return this.healthy ? { status: 200, body: healthDocument(true) } : { status: 503, body: healthDocument(false) };
			case 'GET /api/server_time':
				return { status: 200, body: { server_time: '2025-10-02T17:45:00.000Z', timezone: 'Europe/Berlin', local_time: '2025-10-02T19:45:00+02:00' } };
			case 'GET /api/events':
				return this.listEvents(recorded);
			case 'POST /api/prowlarr/update_mam_id': {
				const body = this.expectBody(recorded, { label: 'string', force: 'boolean' }, ['label', 'force']);
				if (!body) return BAD_REQUEST;
				if (!this.labels.has(String(body.label))) return { status: 404, body: { error: 'not_found', message: `There is no MAM session labelled "${String(body.label)}".` } };
				return { status: 200, body: { success: true, message: 'Prowlarr indexer updated successfully', indexer_id: 42, workflow_id: `mam-rotation-${String(body.label)}`, forced: body.force } };
			}
			case 'POST /api/prowlarr/test': {
				const body = this.expectBody(recorded, { label: 'string' }, []);
				if (!body) return BAD_REQUEST;
				return { status: 200, body: { success: true, message: 'Connection successful', indexer_id: 42, indexer_name: 'MyAnonamouse', label: body.label ?? null } };
			}
			case 'POST /api/prowlarr/test_expiry_notification': {
				const body = this.expectBody(recorded, { label: 'string' }, ['label']);
				if (!body) return BAD_REQUEST;
				return {
					status: 200,
					body: { success: true, message: `Test notification sent for session '${String(body.label)}'`, details: { created: '2025-10-02 19:45', expires: '2025-12-31 19:45', days_remaining: 89 } },
				};
			}
			default:
				return { status: 404, body: { error: 'not_found', message: `There is no ${route}.` } };
		}
	}

	/** The runner's own rules for /api/events (worker/src/api/routes/events.ts). */
	private listEvents(recorded: RunnerRequest): { status: number; body: unknown } {
		for (const [key, value] of Object.entries(recorded.query)) {
			if (!['subject', 'type', 'limit', 'since'].includes(key)) return this.violation(recorded, `unknown query parameter ${key}`);
			if (key !== 'type' && Array.isArray(value)) return this.violation(recorded, `${key} given twice`);
		}
		const limit = recorded.query.limit === undefined ? 100 : Number(recorded.query.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return this.violation(recorded, 'limit out of range');
		const since = recorded.query.since === undefined ? undefined : new Date(String(recorded.query.since));
		if (since && Number.isNaN(since.getTime())) return this.violation(recorded, 'since is not a time');
		const types = [recorded.query.type ?? []].flat().flatMap((value) => value.split(',')).filter(Boolean);
		const events = this.events
			.filter((event) => recorded.query.subject === undefined || event.subject === recorded.query.subject)
			.filter((event) => !types.length || types.includes(event.type))
			.filter((event) => !since || new Date(event.time) >= since)
			.slice(0, limit);
		return { status: 200, body: { events } };
	}

	/** The JSON object body, or undefined (with a violation recorded) when its shape is wrong. */
	private expectBody(recorded: RunnerRequest, allowed: Record<string, string>, required: string[]): Record<string, unknown> | undefined {
		const body = recorded.body;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return this.reject(recorded, 'the body is not a JSON object');
		for (const [key, value] of Object.entries(body)) {
			if (!(key in allowed)) return this.reject(recorded, `unknown body field ${key}`);
			if (typeof value !== allowed[key]) return this.reject(recorded, `${key} is not a ${allowed[key]}`);
		}
		for (const key of required) if (!(key in body)) return this.reject(recorded, `${key} is missing`);
		return body as Record<string, unknown>;
	}

	private reject(recorded: RunnerRequest, problem: string): undefined {
		this.violation(recorded, problem);
		return undefined;
	}

	private violation(recorded: RunnerRequest, problem: string): { status: number; body: unknown } {
		this.violations.push(`${recorded.method} ${recorded.path}: ${problem}`);
		return { status: 400, body: { error: 'bad_request', message: problem } };
	}
}

let runner: FakeRunner;

beforeEach(async () => {
	runner = new FakeRunner();
	await runner.start();
});

afterEach(async () => {
	await runner.stop();
	expect(runner.violations).toEqual([]);
});

async function run(parameters: INodeParameters, options: { token?: string; url?: string; triggerItems?: IDataObject[]; extra?: Partial<INode> } = {}) {
	return await runWorkflow(singleNodeWorkflow(MEDIASTACK_NODE, parameters, options.extra), {
		credentials: { mediastackApi: { url: options.url ?? runner.url, apiToken: options.token ?? runner.token } },
		triggerItems: options.triggerItems,
	});
}

describe('Mediastack node: rotation', () => {
	it('starts a rotation with MouseTrap\'s body, authenticated with the bearer token', async () => {
		const result = await run({ resource: 'rotation', operation: 'start', label: 'main' });

		expect(result.status).toBe('success');
		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ success: true, indexer_id: 42, workflow_id: 'mam-rotation-main' });
		expect(item.pairedItem).toEqual({ item: 0 });
		const [request] = runner.requestsTo('POST', '/api/prowlarr/update_mam_id');
		expect(request.body).toEqual({ label: 'main', force: false });
		expect(request.headers.authorization).toBe(`Bearer ${runner.token}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
	});

	it('forces the update per item from expressions', async () => {
		const result = await run(
			{ resource: 'rotation', operation: 'start', label: '={{ $json.label }}', force: '={{ $json.force }}' },
			{ triggerItems: [{ label: 'main', force: true }, { label: 'backup', force: false }] },
		);

		expect(result.outputByNode[NODE].map((item) => item.json.forced)).toEqual([true, false]);
		expect(runner.requestsTo('POST', '/api/prowlarr/update_mam_id').map((request) => request.body)).toEqual([
			{ label: 'main', force: true },
			{ label: 'backup', force: false },
		]);
	});

	it('fails with the runner\'s own message for a session it does not know', async () => {
		const result = await run({ resource: 'rotation', operation: 'start', label: 'nosuch' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/HTTP 404 on POST \/api\/prowlarr\/update_mam_id\): There is no MAM session labelled "nosuch"/);
	});

	it('refuses an empty label before asking the runner', async () => {
		const result = await run({ resource: 'rotation', operation: 'start', label: '  ' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/A MAM session label is needed/);
		expect(runner.requests).toHaveLength(0);
	});
});

describe('Mediastack node: prowlarr and session', () => {
	it('tests Prowlarr, sending the label only when one is given', async () => {
		const result = await run({ resource: 'prowlarr', operation: 'test', label: '={{ $json.label }}' }, { triggerItems: [{ label: 'main' }, { label: '' }] });

		expect(result.outputByNode[NODE].map((item) => item.json.indexer_name)).toEqual(['MyAnonamouse', 'MyAnonamouse']);
		expect(runner.requestsTo('POST', '/api/prowlarr/test').map((request) => request.body)).toEqual([{ label: 'main' }, {}]);
	});

	it('sends a test expiry notification and outputs created, expires and days_remaining at the top', async () => {
		const result = await run({ resource: 'session', operation: 'testExpiryNotification', label: 'main' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toEqual({
			success: true,
			message: 'Test notification sent for session \'main\'',
			created: '2025-10-02 19:45',
			expires: '2025-12-31 19:45',
			days_remaining: 89,
		});
		expect(runner.requestsTo('POST', '/api/prowlarr/test_expiry_notification')[0].body).toEqual({ label: 'main' });
	});
});

describe('Mediastack node: events', () => {
	beforeEach(() => {
		runner.events = [
			{ id: 'e3', time: '2025-10-03T08:00:00.000Z', type: 'mam_session_expiry', subject: 'main', ok: false, details: { days_remaining: 6 } },
			{ id: 'e2', time: '2025-10-02T08:00:00.000Z', type: 'prowlarr_auto_update', subject: 'main', ok: true },
			{ id: 'e1', time: '2025-10-01T08:00:00.000Z', type: 'prowlarr_auto_update', subject: 'backup', ok: true },
		];
	});

	it('outputs one item per event, filtered by subject and types', async () => {
		const result = await run({
			resource: 'event',
			operation: 'getMany',
			limit: 10,
			filters: { subject: 'main', types: 'prowlarr_auto_update, mam_session_expiry' },
		});

		expect(result.outputByNode[NODE].map((item) => item.json.id)).toEqual(['e3', 'e2']);
		const [request] = runner.requestsTo('GET', '/api/events');
		expect(request.query).toEqual({ subject: 'main', type: 'prowlarr_auto_update,mam_session_expiry', limit: '10' });
	});

	it('asks for the runner\'s maximum with Return All and passes Since on', async () => {
		const result = await run({ resource: 'event', operation: 'getMany', returnAll: true, filters: { since: '2025-10-02T00:00:00Z' } });

		expect(result.outputByNode[NODE].map((item) => item.json.id)).toEqual(['e3', 'e2']);
		expect(runner.requestsTo('GET', '/api/events')[0].query).toEqual({ since: '2025-10-02T00:00:00Z', limit: '1000' });
	});

	it('outputs nothing when no event matches', async () => {
		const result = await run({ resource: 'event', operation: 'getMany', filters: { subject: 'nobody' } });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE]).toEqual([]);
	});
});

describe('Mediastack node: system', () => {
	it('gets the server time and zone', async () => {
		const result = await run({ resource: 'system', operation: 'getServerTime' });

		expect(result.outputByNode[NODE][0].json).toEqual({ server_time: '2025-10-02T17:45:00.000Z', timezone: 'Europe/Berlin', local_time: '2025-10-02T19:45:00+02:00' });
	});

	it('outputs an unhealthy runner (HTTP 503) as ok: false rather than failing', async () => {
		runner.healthy = false;

		const result = await run({ resource: 'system', operation: 'getHealth' });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toEqual(healthDocument(false));
	});

	it('gets a healthy summary', async () => {
		const result = await run({ resource: 'system', operation: 'getHealth' });

		expect(result.outputByNode[NODE][0].json).toEqual(healthDocument(true));
	});
});

describe('Mediastack node: failures', () => {
	it('explains a wrong token: a NodeApiError naming the runner and where the token is, without any token', async () => {
		const wrong = randomBytes(24).toString('base64url');

		const result = await run({ resource: 'system', operation: 'getServerTime' }, { token: wrong });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^The mediastack runner refused the credentials \(HTTP 401 on GET \/api\/server_time\)/);
		expect(result.error?.description).toMatch(/api-token file/);
		expect(errorText(result.error)).not.toContain(wrong);
		expect(errorText(result.error)).not.toContain(runner.token);
	});

	it('says the runner is not reachable when nothing listens', async () => {
		const url = runner.url;
		await runner.stop();

		const result = await run({ resource: 'system', operation: 'getHealth' }, { url });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^The mediastack runner is not reachable at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
		expect(result.error?.description).toMatch(/mediastack start/);
	});
});

describe('Mediastack credential', () => {
	it('holds the runner URL and a masked token, sent as a bearer header', () => {
		const credential = new MediastackApi();

		expect(credential.name).toBe('mediastackApi');
		expect(credential.properties.map((property) => [property.name, property.default])).toEqual([
			['url', 'http://127.0.0.1:8420'],
			['apiToken', ''],
		]);
		expect(credential.properties[1].typeOptions?.password).toBe(true);
		expect(credential.authenticate).toEqual({ type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken}}' } } });
		expect('test' in credential).toBe(false);
		expect(new Mediastack().description.credentials).toEqual([{ name: 'mediastackApi', required: true, testedBy: 'mediastackApiTest' }]);
	});

	it('passes its connection test on the runner\'s own health summary, sending the token', async () => {
		await expect(testCredential('mediastackApi', { url: runner.url, apiToken: runner.token })).resolves.toEqual({
			status: 'OK',
			message: 'Connected to the mediastack runner; the API token works and the runner reports itself healthy.',
		});
		expect(runner.requestsTo('GET', '/api/health')[0].headers.authorization).toBe(`Bearer ${runner.token}`);
	});

	it('passes for an unhealthy runner too, saying what it reports', async () => {
		runner.healthy = false;

		await expect(testCredential('mediastackApi', { url: runner.url, apiToken: runner.token })).resolves.toEqual({
			status: 'OK',
			message:
				'Connected to the mediastack runner; the API token works, but the runner reports itself unhealthy: Temporal is not reachable (14 UNAVAILABLE: No connection established). Run `mediastack status` for details.',
		});
	});

	it('fails its connection test with a wrong token, with the node\'s message and fix and without the token', async () => {
		const failed = await testCredential('mediastackApi', { url: runner.url, apiToken: 'wrong-token-value' });

		expect(failed.status).toBe('Error');
		expect(failed.message).toBe(
			// The runner's own refusal carries its fix, so none is added.
			'The mediastack runner refused the credentials (HTTP 401 on GET /api/health): Wrong bearer token. Fix: send "Authorization: Bearer <token>".',
		);
		expect(failed.message).not.toContain('wrong-token-value');
	});

	it('fails its connection test on a login page, on another JSON API and when nothing listens', async () => {
		const page = new LoopbackListener('login page', async (_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<html><head><title>Sign in</title></head><body>Login</body></html>');
		});
		const other = new LoopbackListener('other api', async (_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ status: 'ok', version: '1.2.3' }));
		});
		await page.start();
		await other.start();
		try {
			const login = await testCredential('mediastackApi', { url: page.url, apiToken: runner.token });
			expect(login.status).toBe('Error');
			expect(login.message).toMatch(/^The mediastack runner answered GET \/api\/health with an HTML page \("Sign in"\) where JSON was expected/);

			await expect(testCredential('mediastackApi', { url: other.url, apiToken: runner.token })).resolves.toEqual({
				status: 'Error',
				message:
					'The address answers GET /api/health, but not as the mediastack runner: its answer is not the runner\'s health summary. Fix: point the URL at the runner\'s HTTP API (api.host and api.port in its config), e.g. http://127.0.0.1:8420.',
			});
		} finally {
			await page.stop();
			await other.stop();
		}
		await expect(testCredential('mediastackApi', { url: 'http://127.0.0.1:1', apiToken: runner.token })).resolves.toEqual({
			status: 'Error',
			message:
				'The mediastack runner is not reachable at http://127.0.0.1:1 (connection refused). Fix: check the runner is running (`mediastack start`) and listens at this address (api.host and api.port in its config).',
		});
	});
});
