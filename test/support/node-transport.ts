import http from 'node:http';
import https from 'node:https';
import type { ServiceInfo } from '../../clients/core/errors';
import { HttpRequest, HttpResponse, HttpTransport, buildUrl } from '../../clients/core/http';
import { errorFromTransportFailure } from '../../clients/core/transport-errors';

/**
 * A small dependency-free HttpTransport for tests that talk to fakes over real sockets. It
 * keeps the transport contract: credentials attached here, no throwing on HTTP statuses, and
 * only NetworkError / TimeoutError when no answer arrived. No keep-alive, so a stopped fake is
 * seen as down at once instead of through a stale pooled socket.
 */
export interface NodeTransportOptions {
	service: ServiceInfo;
	/** Sent in `apiKeyHeader` on every request when set. */
	apiKey?: string;
	/** Default X-Api-Key (the *arr apps, Seerr). */
	apiKeyHeader?: string;
	/** Whole-request timeout unless the request sets its own. Default 10 s. */
	timeoutMs?: number;
	headers?: Record<string, string>;
}

export class NodeTransport implements HttpTransport {
	/** Every request as handed to the transport, for assertions. */
	readonly sent: HttpRequest[] = [];

	constructor(private readonly options: NodeTransportOptions) {}

	async request(request: HttpRequest): Promise<HttpResponse> {
		this.sent.push(request);
		const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 10_000;
		const headers: Record<string, string> = { 'user-agent': 'mediastack-tests', ...this.options.headers };
		for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
		if (this.options.apiKey !== undefined) headers[(this.options.apiKeyHeader ?? 'X-Api-Key').toLowerCase()] = this.options.apiKey;
		let payload: string | undefined;
		if (request.body !== undefined) {
			payload = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
			if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
			headers['content-length'] = String(Buffer.byteLength(payload));
		}
		try {
			return await send(buildUrl(request.url, request.query), request.method, headers, payload, timeoutMs);
		} catch (error) {
			throw errorFromTransportFailure(this.options.service, request, error, timeoutMs);
		}
	}
}

class RequestTimeout extends Error {
	readonly code = 'ETIMEDOUT';
	constructor(timeoutMs: number) {
		super(`request timed out after ${timeoutMs} ms`);
	}
}

function send(url: string, method: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const client = url.startsWith('https:') ? https : http;
		const outgoing = client.request(url, { method, headers, agent: false }, (incoming) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('error', fail);
			incoming.on('end', () => {
				clearTimeout(timer);
				const responseHeaders: HttpResponse['headers'] = {};
				for (const [name, value] of Object.entries(incoming.headers)) responseHeaders[name.toLowerCase()] = value;
				resolve({ status: incoming.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
			});
		});
		// One timer for the whole exchange: a server that accepts and then stalls must still time out.
		const timer = setTimeout(() => outgoing.destroy(new RequestTimeout(timeoutMs)), timeoutMs);
		outgoing.on('error', fail);
		if (payload !== undefined) outgoing.write(payload);
		outgoing.end();

		function fail(error: Error): void {
			clearTimeout(timer);
			reject(error);
		}
	});
}
