import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, ServiceInfo, TimeoutError } from '../../../clients/core/errors';
import { createAxiosTransport } from '../../src/http/transport';

const SERVICE: ServiceInfo = { name: 'Prowlarr', authFix: 'check the API key.', reachFix: 'check that Prowlarr is running and the URL is right.' };
const API_KEY = '0123456789abcdef0123456789abcdef';

interface Seen {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

let server: http.Server;
let baseUrl: string;
let connections: number;
let seen: Seen[];
let handler: (request: http.IncomingMessage, response: http.ServerResponse) => void;
let transports: Array<{ close(): void }>;

beforeEach(async () => {
	connections = 0;
	seen = [];
	transports = [];
	handler = (_request, response) => response.end('{"ok":true}');
	server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			seen.push({ method: request.method, url: request.url, headers: request.headers, body });
			handler(request, response);
		});
	});
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
	for (const transport of transports) transport.close();
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

function transport(timeoutMs = 2_000) {
	const created = createAxiosTransport({ service: SERVICE, timeoutMs, headers: { 'X-Api-Key': API_KEY } });
	transports.push(created);
	return created;
}

describe('createAxiosTransport', () => {
	it('reuses one keep-alive connection for sequential requests', async () => {
		const client = transport();
		for (let index = 0; index < 4; index++) expect((await client.request({ method: 'GET', url: `${baseUrl}/api/v1/health` })).status).toBe(200);
		expect(seen).toHaveLength(4);
		expect(connections).toBe(1);
	});

	it('sends the configured headers, the query and a JSON body', async () => {
		await transport().request({
			method: 'PUT',
			url: `${baseUrl}/api/v1/indexer/3`,
			query: { forceSave: true, ids: [1, 2], skipped: undefined },
			headers: { accept: 'application/json' },
			body: { id: 3, name: 'MyAnonamouse' },
		});
		expect(seen[0]).toMatchObject({ method: 'PUT', url: '/api/v1/indexer/3?forceSave=true&ids=1&ids=2', body: '{"id":3,"name":"MyAnonamouse"}' });
		expect(seen[0].headers).toMatchObject({ 'x-api-key': API_KEY, 'content-type': 'application/json', accept: 'application/json' });
		expect(seen[0].headers['user-agent']).toMatch(/^mediastack-runner\//);
	});

	it('returns every status as a response, with the body as raw text and lower-case headers', async () => {
		handler = (_request, response) => {
			response.setHeader('Set-Cookie', ['a=1', 'b=2']);
			response.setHeader('Content-Type', 'application/json');
			response.statusCode = 401;
			response.end('{"message":"Unauthorized"}');
		};
		const response = await transport().request({ method: 'GET', url: `${baseUrl}/api/v1/system/status` });
		expect(response.status).toBe(401);
		expect(response.body).toBe('{"message":"Unauthorized"}');
		expect(response.headers['content-type']).toBe('application/json');
		expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
	});

	it('does not follow redirects (the client reports them)', async () => {
		handler = (request, response) => {
			if (request.url === '/login') {
				response.end('<html>login</html>');
				return;
			}
			response.writeHead(302, { Location: '/login' });
			response.end();
		};
		const response = await transport().request({ method: 'GET', url: `${baseUrl}/api/v1/indexer` });
		expect(response.status).toBe(302);
		expect(response.headers.location).toBe('/login');
		expect(seen).toHaveLength(1);
	});

	it('turns a slow answer into a TimeoutError naming the service', async () => {
		handler = (_request, response) => {
			setTimeout(() => response.end('{}'), 1_500).unref();
		};
		const started = Date.now();
		const error = await transport(200).request({ method: 'GET', url: `${baseUrl}/api/v1/system/status` }).catch((caught: unknown) => caught);
		expect(Date.now() - started).toBeLessThan(1_400);
		expect(error).toBeInstanceOf(TimeoutError);
		expect((error as TimeoutError).message).toBe(`Prowlarr did not answer within 200 ms at ${baseUrl}. Fix: ${SERVICE.reachFix}`);
		expect((error as TimeoutError).retryable).toBe(true);
	});

	it('bounds a response that trickles in slower than the deadline', async () => {
		handler = (_request, response) => {
			response.writeHead(200);
			const timer = setInterval(() => response.write(' '), 50);
			response.on('close', () => clearInterval(timer));
		};
		const error = await transport(300).request({ method: 'GET', url: `${baseUrl}/api/v1/health` }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TimeoutError);
	});

	it('lets a request override the timeout', async () => {
		handler = (_request, response) => {
			setTimeout(() => response.end('{}'), 300).unref();
		};
		const response = await transport(100).request({ method: 'GET', url: `${baseUrl}/slow`, timeoutMs: 2_000 });
		expect(response.status).toBe(200);
	});

	it('turns a refused connection into a NetworkError naming the service and the fix', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));

		const error = await transport().request({ method: 'GET', url: `http://127.0.0.1:${port}/api/v1/system/status` }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NetworkError);
		expect((error as NetworkError).message).toBe(`Prowlarr is not reachable at http://127.0.0.1:${port} (connection refused). Fix: ${SERVICE.reachFix}`);
	});

	it('keeps the API key out of errors, including their cause', async () => {
		const error = await transport(100)
			.request({ method: 'GET', url: 'http://127.0.0.1:1/api/v1/system/status' })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NetworkError);
		expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	it('ignores HTTP_PROXY for LAN services', async () => {
		const previous = process.env.HTTP_PROXY;
		process.env.HTTP_PROXY = 'http://127.0.0.1:1';
		try {
			expect((await transport().request({ method: 'GET', url: `${baseUrl}/x` })).status).toBe(200);
		} finally {
			if (previous === undefined) delete process.env.HTTP_PROXY;
			else process.env.HTTP_PROXY = previous;
		}
	});
});
