import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance, AxiosResponse } from 'axios';
import type { ServiceInfo } from '../../../clients/core/errors';
import { HttpRequest, HttpResponse, HttpTransport, buildUrl } from '../../../clients/core/http';
import { errorFromTransportFailure } from '../../../clients/core/transport-errors';
import { runnerVersion } from '../paths';

export interface AxiosTransportOptions {
	/** Named in every error ("Prowlarr did not answer within ..."). */
	service: ServiceInfo;
	/** Per-request deadline for the whole exchange; a request may lower or raise it. */
	timeoutMs: number;
	/** Sent with every request, e.g. `{ 'X-Api-Key': key }`. Never logged. */
	headers?: Record<string, string>;
	/** Upper bound on a response body; larger answers fail instead of filling memory. */
	maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The runner's HttpTransport: one axios instance per service with keep-alive agents. It
 * returns every status as a response (the client classifies it), returns the body as text
 * (the client tells JSON from an HTML login page), follows no redirects (a redirect usually
 * means a login page or a wrong URL base), and turns "no response" into the typed
 * NetworkError/TimeoutError.
 */
export function createAxiosTransport(options: AxiosTransportOptions): HttpTransport & { close(): void } {
	const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
	const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });
	const instance: AxiosInstance = axios.create({
		httpAgent,
		httpsAgent,
		timeout: options.timeoutMs,
		responseType: 'text',
		// Keep the raw text even when it looks like JSON.
		transformResponse: [(data: unknown) => data],
		validateStatus: () => true,
		maxRedirects: 0,
		// The services live on the LAN: an HTTP(S)_PROXY meant for the internet must not capture them.
		proxy: false,
		maxContentLength: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
		headers: { 'User-Agent': `mediastack-runner/${runnerVersion()}` },
	});

	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeoutMs = request.timeoutMs ?? options.timeoutMs;
			const headers: Record<string, string> = { ...options.headers, ...request.headers };
			let data: string | undefined;
			if (request.body !== undefined) {
				if (typeof request.body === 'string') {
					data = request.body;
				} else {
					data = JSON.stringify(request.body);
					if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
				}
			}
			let response: AxiosResponse<unknown>;
			try {
				response = await instance.request({
					method: request.method,
					url: buildUrl(request.url, request.query),
					headers,
					data,
					timeout: timeoutMs,
					// Axios' own timeout only watches socket inactivity; this bounds the whole exchange.
					signal: AbortSignal.timeout(timeoutMs),
				});
			} catch (error) {
				throw errorFromTransportFailure(options.service, request, withoutRequestDetails(error), timeoutMs);
			}
			return { status: response.status, headers: plainHeaders(response.headers), body: bodyText(response.data) };
		},
		close() {
			httpAgent.destroy();
			httpsAgent.destroy();
		},
	};
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function bodyText(data: unknown): string {
	if (data === undefined || data === null) return '';
	if (typeof data === 'string') return data;
	if (Buffer.isBuffer(data)) return data.toString('utf8');
	return String(data);
}

function plainHeaders(headers: unknown): Record<string, string | string[] | undefined> {
	const out: Record<string, string | string[] | undefined> = {};
	const source = headers && typeof (headers as { toJSON?: unknown }).toJSON === 'function' ? (headers as { toJSON(): Record<string, unknown> }).toJSON() : (headers as Record<string, unknown>);
	for (const [name, value] of Object.entries(source ?? {})) {
		if (value === undefined || value === null) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return out;
}

/**
 * Axios errors carry the request config, API-key header included. The typed error keeps its
 * cause for debugging, so hand it only the code and message.
 */
function withoutRequestDetails(error: unknown): unknown {
	if (!(error instanceof Error)) return error;
	const code = (error as { code?: unknown }).code;
	const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
	const plain = new Error(error.message);
	plain.name = error.name;
	return Object.assign(plain, { code: typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : undefined });
}
