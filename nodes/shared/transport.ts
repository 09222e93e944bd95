import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ServiceInfo } from '../../clients/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport, QueryValue } from '../../clients/core/http';
import { errorFromTransportFailure } from '../../clients/core/transport-errors';

/** Prowlarr searches fan out to every indexer, so a generous default beats a spurious timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface NodeTransportOptions {
	/** The credential type whose `authenticate` n8n applies to every request. */
	credentialType: string;
	service: ServiceInfo;
	timeoutMs?: number;
}

/**
 * The HttpTransport every node hands to its client. n8n attaches the credential (and its proxy
 * and TLS settings); statuses are never thrown here, so the client classifies them exactly as
 * it does in the runner. `request.onHeaders` is ignored: n8n's helpers hand over the whole
 * response at once, and the clients act on the full response when the hook was not called.
 */
export function createNodeTransport(context: IExecuteFunctions | ILoadOptionsFunctions, options: NodeTransportOptions): HttpTransport {
	const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
			const headers: IDataObject = { ...request.headers };
			let body: string | undefined;
			if (request.body !== undefined) {
				body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
				if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
			}
			const httpOptions: IHttpRequestOptions = {
				method: request.method,
				url: request.url,
				qs: toQs(request.query),
				// Repeated keys (indexerIds=1&indexerIds=2), the way buildUrl writes them.
				arrayFormat: 'repeat',
				headers,
				body,
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// A redirect usually means a login page or a missing URL base; the client explains
				// it, and the API key never follows it to another origin.
				disableFollowRedirect: true,
				timeout: timeoutMs,
			};
			let response: IN8nHttpFullResponse;
			try {
				response = (await context.helpers.httpRequestWithAuthentication.call(
					context,
					options.credentialType,
					httpOptions,
				)) as IN8nHttpFullResponse;
			} catch (error) {
				throw errorFromTransportFailure(options.service, request, failureWithoutSecrets(error), timeoutMs);
			}
			return responseFromN8n(response);
		},
	};
}

function hasHeader(headers: IDataObject, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export function toQs(query: Record<string, QueryValue> | undefined): IDataObject | undefined {
	if (!query) return undefined;
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		qs[key] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return Object.keys(qs).length ? qs : undefined;
}

/** n8n's full response as the client's HttpResponse: lower-cased header names and a text body. */
export function responseFromN8n(response: IN8nHttpFullResponse): HttpResponse {
	return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: bodyAsText(response.body) };
}

export function lowerCaseHeaders(headers: IDataObject | undefined): HttpResponse['headers'] {
	const result: HttpResponse['headers'] = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[key.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return result;
}

/** `encoding: 'text'` yields a string in n8n 1.x and 2.x; a Buffer or parsed JSON is turned back into text rather than trusted blindly. */
function bodyAsText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
	return JSON.stringify(body);
}

/**
 * n8n wraps transport failures in a NodeApiError whose `cause` is the HTTP library's error,
 * which carries the error code (ECONNREFUSED, ECONNABORTED...) but also the request config
 * with the API key or Cookie header. Only the code and the innermost message travel on.
 */
export function failureWithoutSecrets(error: unknown): Error {
	let current: unknown = error;
	let code: string | undefined;
	let message: string | undefined;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (code === undefined && typeof candidate.code === 'string' && candidate.code) code = candidate.code;
		// The innermost message is the library's own ("timeout of 50ms exceeded"), not n8n's paraphrase.
		if (typeof candidate.message === 'string' && candidate.message) message = candidate.message;
		if (candidate.cause === undefined || candidate.cause === null) {
			const library = libraryFailureKeptByN8n1(current);
			code ??= library.code;
			message = library.message ?? message;
		}
		current = candidate.cause;
	}
	// Not String(error): a thrown non-Error could be anything, secrets included.
	const failure = new Error(message ?? 'no response');
	if (code !== undefined) (failure as Error & { code?: string }).code = code;
	return failure;
}

/**
 * n8n 1.x's NodeApiError drops its cause (a class field of its base resets it after the
 * constructor set it), so the library's error is gone. What is left of it: the error code in
 * `httpCode` (n8n looks for `code` among status keys) and the library's message as the first
 * of `messages`, while `message` is n8n's paraphrase ("The connection was aborted, ...").
 */
function libraryFailureKeptByN8n1(error: object): { code?: string; message?: string } {
	const { httpCode, messages } = error as { httpCode?: unknown; messages?: unknown };
	return {
		code: typeof httpCode === 'string' && /^[A-Z][A-Z0-9_]+$/.test(httpCode) ? httpCode : undefined,
		message: Array.isArray(messages) && typeof messages[0] === 'string' && messages[0] !== '' ? messages[0] : undefined,
	};
}
