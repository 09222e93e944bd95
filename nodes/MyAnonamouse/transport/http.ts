import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ServiceInfo } from '../../../clients/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../clients/core/http';
import { errorFromTransportFailure } from '../../../clients/core/transport-errors';

/** MAM answers in well under a second; half a minute covers a slow VPN without hanging a run. */
export const MAM_TIMEOUT_MS = 30_000;

/**
 * The HttpTransport for the MyAnonamouse client, on n8n's plain `httpRequest` (proxy and TLS
 * settings still apply). Not `httpRequestWithAuthentication` as elsewhere: the credential
 * cannot inject the cookie, since the client sends whichever cookie is newest — often not the
 * credential's — as `Cookie: mam_id=…` on each request (see MyAnonamouseApi.credentials.ts).
 * Statuses are never thrown: the client classifies every answer, and a rotated cookie in a
 * 403 or 429 must reach it as surely as one in a 200.
 */
export function createMamHttpTransport(context: IExecuteFunctions, service: ServiceInfo, timeoutMs = MAM_TIMEOUT_MS): HttpTransport {
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeout = request.timeoutMs ?? timeoutMs;
			const options: IHttpRequestOptions = {
				method: request.method,
				url: request.url,
				headers: { ...request.headers } as IDataObject,
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// The cookie must never follow a redirect to another host; the client explains a 3xx.
				disableFollowRedirect: true,
				timeout,
			};
			let response: IN8nHttpFullResponse;
			try {
				response = (await context.helpers.httpRequest.call(context, options)) as IN8nHttpFullResponse;
			} catch (error) {
				throw errorFromTransportFailure(service, request, failureWithoutSecrets(error), timeout);
			}
			return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: bodyAsText(response.body) };
		},
	};
}

function lowerCaseHeaders(headers: IDataObject | undefined): HttpResponse['headers'] {
	const result: HttpResponse['headers'] = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[key.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return result;
}

function bodyAsText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
	return JSON.stringify(body);
}

/**
 * The HTTP library's error carries the request config, Cookie header included. Only the error
 * code (ECONNREFUSED, ECONNABORTED...) and the innermost message travel on.
 */
function failureWithoutSecrets(error: unknown): Error {
	let current: unknown = error;
	let code: string | undefined;
	let message: string | undefined;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (code === undefined && typeof candidate.code === 'string' && candidate.code) code = candidate.code;
		if (typeof candidate.message === 'string' && candidate.message) message = candidate.message;
		current = candidate.cause;
	}
	const failure = new Error(message ?? 'no response');
	if (code !== undefined) (failure as Error & { code?: string }).code = code;
	return failure;
}
