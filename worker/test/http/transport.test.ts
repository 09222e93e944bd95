import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, ProtocolError, ServiceInfo, TimeoutError } from '../../../clients/core/errors';
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

function transport(timeoutMs = 2_000, extra: { maxBodyBytes?: number; headers?: Record<string, string> } = {}) {
	const created = createAxiosTransport({ service: SERVICE, timeoutMs, headers: { 'X-Api-Key': API_KEY, ...extra.headers }, maxBodyBytes: extra.maxBodyBytes });
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

	it('sends each header once: a request header overrides the transport header of any case', async () => {
		const client = transport(2_000, { headers: { Accept: 'application/json' } });
		await client.request({ method: 'GET', url: `${baseUrl}/a`, headers: { accept: 'application/json', 'X-API-KEY': 'another-key-1234' } });
		await client.request({ method: 'GET', url: `${baseUrl}/b`, headers: { ACCEPT: 'text/html' } });
		await client.request({ method: 'GET', url: `${baseUrl}/c` });
		const [first, second, third] = seen;
		expect(first.headers['x-api-key']).toBe('another-key-1234');
		expect(first.headers.accept).toBe('application/json');
		expect(second.headers.accept).toBe('text/html');
		expect(second.headers['x-api-key']).toBe(API_KEY);
		expect(third.headers.accept).toBe('application/json');
		// node joins repeated headers with ", ": a header sent twice would show up here.
		for (const request of seen) expect(String(request.headers.accept)).not.toContain(',');
	});

	it('keeps a Content-Type given to the transport for object and string bodies', async () => {
		const client = transport(2_000, { headers: { 'Content-Type': 'application/vnd.api+json' } });
		await client.request({ method: 'POST', url: `${baseUrl}/object`, body: { a: 1 } });
		await client.request({ method: 'POST', url: `${baseUrl}/string`, body: '{"a":1}' });
		await transport().request({ method: 'POST', url: `${baseUrl}/default`, body: { a: 1 } });
		expect(seen.map((request) => [request.url, request.headers['content-type'], request.body])).toEqual([
			['/object', 'application/vnd.api+json', '{"a":1}'],
			['/string', 'application/vnd.api+json', '{"a":1}'],
			['/default', 'application/json', '{"a":1}'],
		]);
	});

	it('sends an axios-like Accept when neither the transport nor the request names one', async () => {
		await transport().request({ method: 'GET', url: `${baseUrl}/x` });
		expect(seen[0].headers.accept).toBe('application/json, text/plain, */*');
	});

	it('puts the path on the wire the way the URL parser reads it, on every call', async () => {
		const client = transport();
		const urls = [
			`${baseUrl}/api/v1/indexer?term=a%20b&x=1`,
			`${baseUrl}/api/./v1/../v1/x`,
			`${baseUrl}/api/v1/a b`,
			`${baseUrl}/api/%2e%2e/v1/y`,
			`${baseUrl}/api/v1/indexer?term=it's`,
			`${baseUrl}`,
			`${baseUrl}/api/v1/indexer#section`,
		];
		// Twice: the second round goes through the origin cache.
		for (let round = 0; round < 2; round++) for (const url of urls) await client.request({ method: 'GET', url });
		const expected = urls.map((url) => {
			const parsed = new URL(url);
			return parsed.pathname + parsed.search;
		});
		expect(seen.map((request) => request.url)).toEqual([...expected, ...expected]);
	});

	it('sends the user name and password of the URL as basic auth', async () => {
		const port = (server.address() as AddressInfo).port;
		await transport().request({ method: 'GET', url: `http://admin:s%40cret@127.0.0.1:${port}/x` });
		expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from('admin:s@cret').toString('base64')}`);
	});

	it('rejects a URL that is not http or https as a NetworkError', async () => {
		const error = await transport().request({ method: 'GET', url: 'ftp://127.0.0.1/x' }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NetworkError);
		expect(seen).toHaveLength(0);
	});

	it('unpacks a compressed answer even though it never asks for one', async () => {
		handler = (_request, response) => {
			response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
			response.end(gzipSync('{"compressed":true}'));
		};
		const response = await transport().request({ method: 'GET', url: `${baseUrl}/x` });
		expect(response.body).toBe('{"compressed":true}');
		expect(seen[0].headers['accept-encoding']).toBeUndefined();
	});

	it('fails an answer larger than maxBodyBytes instead of reading it all, also once unpacked', async () => {
		const big = 'x'.repeat(64 * 1024);
		handler = (request, response) => {
			if (request.url === '/packed') {
				response.writeHead(200, { 'Content-Encoding': 'gzip' });
				response.end(gzipSync(big));
				return;
			}
			response.end(big);
		};
		const client = transport(2_000, { maxBodyBytes: 16 * 1024 });
		for (const path of ['/plain', '/packed']) {
			const error = await client.request({ method: 'GET', url: `${baseUrl}${path}` }).catch((caught: unknown) => caught);
			// Prowlarr answered, so this is not "unreachable": the message says the answer was unreadable.
			expect(error).toBeInstanceOf(ProtocolError);
			expect((error as ProtocolError).message).toMatch(new RegExp(`^Prowlarr sent a response that could not be read at http://127\\.0\\.0\\.1:\\d+${path} \\(.*16384`));
		}
		expect((await transport(2_000, { maxBodyBytes: 128 * 1024 }).request({ method: 'GET', url: `${baseUrl}/plain` })).body).toBe(big);
	});

	it('turns an answer cut off mid-body into a NetworkError', async () => {
		handler = (_request, response) => {
			response.writeHead(200, { 'Content-Length': '1000' });
			response.write('{"partial":');
			setTimeout(() => response.socket?.destroy(), 20).unref();
		};
		const error = await transport().request({ method: 'GET', url: `${baseUrl}/x` }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NetworkError);
		expect((error as NetworkError).message).toContain('connection reset');
	});

	it('calls onHeaders as soon as the headers are in, and reads the body only once it settled', async () => {
		let sendBody!: () => void;
		handler = (_request, response) => {
			response.writeHead(200, { 'Content-Length': '11', 'Set-Cookie': 'mam_id=next; path=/' });
			response.flushHeaders();
			// The body follows only when the test says so: the hook must not wait for it.
			sendBody = () => response.end('{"ok":true}');
		};
		const order: string[] = [];
		let headersIn!: () => void;
		const headersArrived = new Promise<void>((resolve) => (headersIn = resolve));
		const pending = transport().request({
			method: 'GET',
			url: `${baseUrl}/rotating`,
			onHeaders: async (head) => {
				order.push(`head ${head.status} ${String(head.headers['set-cookie'])}`);
				headersIn();
				await new Promise((resolve) => setTimeout(resolve, 50));
				order.push('hook done');
			},
		});
		await headersArrived;
		sendBody();
		const response = await pending;
		order.push(`body ${response.body}`);
		expect(order).toEqual(['head 200 mam_id=next; path=/', 'hook done', 'body {"ok":true}']);
	});

	it('fails the request with the very error onHeaders rejected with, and still calls it for a body that never comes', async () => {
		class SaveFailed extends Error {}
		const failing = await transport()
			.request({ method: 'GET', url: `${baseUrl}/x`, onHeaders: () => Promise.reject(new SaveFailed('state not writable')) })
			.catch((caught: unknown) => caught);
		expect(failing).toBeInstanceOf(SaveFailed);

		handler = (_request, response) => {
			response.writeHead(200, { 'Content-Length': '1000' });
			response.flushHeaders();
		};
		let called = false;
		const timedOut = await transport(300)
			.request({ method: 'GET', url: `${baseUrl}/stalled`, onHeaders: () => void (called = true) })
			.catch((caught: unknown) => caught);
		expect(timedOut).toBeInstanceOf(TimeoutError);
		expect(called).toBe(true);
	});

	it('keeps each request to its own deadline when several are in flight', async () => {
		handler = (request, response) => {
			const delay = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('delay'));
			setTimeout(() => response.end(`{"delay":${delay}}`), delay).unref();
		};
		const client = transport(1_000);
		const started = Date.now();
		const results = await Promise.all([
			client.request({ method: 'GET', url: `${baseUrl}/slow`, query: { delay: 600 } }).then((response) => response.status, (error: unknown) => error),
			client.request({ method: 'GET', url: `${baseUrl}/short`, query: { delay: 600 }, timeoutMs: 150 }).then((response) => response.status, (error: unknown) => error),
			client.request({ method: 'GET', url: `${baseUrl}/shorter`, query: { delay: 600 }, timeoutMs: 80 }).then((response) => response.status, (error: unknown) => error),
			client.request({ method: 'GET', url: `${baseUrl}/fast`, query: { delay: 10 }, timeoutMs: 300 }).then((response) => response.status, (error: unknown) => error),
		]);
		expect(results[0]).toBe(200);
		expect(results[1]).toBeInstanceOf(TimeoutError);
		expect((results[1] as TimeoutError).message).toContain('within 150 ms');
		expect(results[2]).toBeInstanceOf(TimeoutError);
		expect((results[2] as TimeoutError).message).toContain('within 80 ms');
		expect(results[3]).toBe(200);
		expect(Date.now() - started).toBeLessThan(1_000);
		// The watch stays usable after it fired: a later request still gets its deadline.
		const later = await client.request({ method: 'GET', url: `${baseUrl}/later`, query: { delay: 600 }, timeoutMs: 100 }).catch((caught: unknown) => caught);
		expect(later).toBeInstanceOf(TimeoutError);
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
