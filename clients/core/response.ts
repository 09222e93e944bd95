import {
	AuthError,
	ClientError,
	MediastackError,
	NotFoundError,
	ProtocolError,
	RateLimitError,
	ServerError,
	ServiceInfo,
	parseRetryAfter,
} from './errors';
import { HttpRequest, HttpResponse, buildUrl, headerValue } from './http';
import { isSecretName, scrubSecrets } from './redact';

const MAX_DETAIL_CHARS = 300;

export function looksLikeHtml(body: string): boolean {
	const head = body.trimStart().slice(0, 200);
	// Every marker below starts with '<'; most bodies (JSON) have none up front, so skip the lower-casing copy.
	if (!head.includes('<')) return false;
	const lower = head.toLowerCase();
	return lower.startsWith('<!doctype html') || lower.startsWith('<html') || lower.includes('<head') || lower.includes('<body');
}

export function htmlTitle(body: string): string | undefined {
	const match = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body);
	return match?.[1]?.trim();
}

/** Pulls a human message out of a typical JSON error body ({message}, {error}, [{errorMessage}]). */
function upstreamMessage(body: string): string | undefined {
	if (!body) return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		if (Array.isArray(parsed)) {
			const messages = parsed
				.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>).errorMessage ?? (item as Record<string, unknown>).message : undefined))
				.filter((m): m is string => typeof m === 'string');
			if (messages.length) return messages.join('; ').slice(0, MAX_DETAIL_CHARS);
		} else if (parsed && typeof parsed === 'object') {
			const record = parsed as Record<string, unknown>;
			for (const key of ['message', 'error', 'msg', 'detail', 'title']) {
				if (typeof record[key] === 'string') return (record[key] as string).slice(0, MAX_DETAIL_CHARS);
			}
		}
	} catch {
		if (!looksLikeHtml(body)) return body.trim().slice(0, MAX_DETAIL_CHARS) || undefined;
	}
	return undefined;
}

/**
 * Turns a non-2xx response into the matching typed error. Kept in one place so every
 * service classifies statuses the same way: 401/403 auth, 404 not found, 408/429 and 5xx
 * transient, other 4xx permanent.
 */
export function errorFromResponse(service: ServiceInfo, request: HttpRequest, response: HttpResponse): MediastackError {
	const url = buildUrl(request.url, request.query);
	const context = { service: service.name, method: request.method, url, status: response.status };
	const secrets = requestSecrets(request);
	const rawDetail = upstreamMessage(response.body);
	const detail = rawDetail === undefined ? undefined : scrubSecrets(rawDetail, secrets);
	// Upstream sentences usually end with a period; ours adds its own.
	const suffix = detail ? `: ${detail.replace(/\.+$/, '')}` : '';
	const where = `${request.method} ${new URL(url).pathname}`;
	const status = response.status;

	if (status === 401 || status === 403) {
		return new AuthError(
			// A service that already says how to fix it (our own runner does) is not told twice.
			`${service.name} refused the credentials (HTTP ${status} on ${where})${suffix}.${detail?.includes('Fix:') ? '' : ` Fix: ${service.authFix}`}`,
			{ ...context, fix: service.authFix },
		);
	}
	if (status === 404) {
		return new NotFoundError(`${service.name} has no such resource (HTTP 404 on ${where})${suffix}.`, context);
	}
	if (status === 429 || status === 408) {
		const retryAfterMs = parseRetryAfter(headerValue(response, 'retry-after'));
		const when = retryAfterMs === undefined ? 'later' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
		return new RateLimitError(`${service.name} is rate limiting requests (HTTP ${status} on ${where}); try again ${when}${suffix}.`, {
			...context,
			retryAfterMs,
		});
	}
	if (status >= 500) {
		return new ServerError(`${service.name} failed with HTTP ${status} on ${where}${suffix}. It is usually temporary; check ${service.name}'s logs if it persists.`, context);
	}
	if (status >= 300 && status < 400) {
		return new ProtocolError(
			`${service.name} redirected ${where} (HTTP ${status}) to ${headerValue(response, 'location') ?? 'another page'}. Fix: point the URL straight at ${service.name}, including its URL base, not at a login or proxy page.`,
			context,
		);
	}
	let details: unknown;
	try {
		details = withoutEchoedValues(JSON.parse(scrubSecrets(response.body, secrets)));
	} catch {
		details = undefined;
	}
	return new ClientError(`${service.name} rejected ${where} (HTTP ${status})${suffix}.`, { ...context, details });
}

/** Values in the request that must not come back to us inside an error: credential query params, auth headers. */
function requestSecrets(request: HttpRequest): string[] {
	const secrets: string[] = [];
	for (const [key, value] of Object.entries(request.query ?? {})) {
		if (typeof value === 'string' && isSecretName(key)) secrets.push(value);
	}
	for (const [key, value] of Object.entries(request.headers ?? {})) {
		if (isSecretName(key) || key.toLowerCase() === 'cookie' || key.toLowerCase() === 'authorization') secrets.push(value);
	}
	return secrets;
}

/**
 * Servarr validation failures echo the rejected value (`attemptedValue`), which for a cookie
 * or key field is the secret itself; keep the messages, drop the echoes.
 */
function withoutEchoedValues(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutEchoedValues);
	if (value && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			if (key === 'attemptedValue') continue;
			copy[key] = withoutEchoedValues(inner);
		}
		return copy;
	}
	return value;
}

/** Parses a JSON body, or explains what came back instead (the classic: a proxy's HTML login page). */
export function parseJsonBody<T>(service: ServiceInfo, request: HttpRequest, response: HttpResponse): T {
	const body = response.body;
	if (looksLikeHtml(body)) {
		const title = htmlTitle(body);
		return throwProtocol(
			service,
			request,
			response,
			`${service.name} answered ${where(request)} with an HTML page${title ? ` ("${title}")` : ''} where JSON was expected. Fix: check the URL points at ${service.name} itself, with its URL base, and not at a reverse proxy or login page.`,
		);
	}
	if (body.trim() === '') return undefined as T;
	try {
		return JSON.parse(body) as T;
	} catch (error) {
		return throwProtocol(
			service,
			request,
			response,
			`${service.name} answered ${where(request)} with a body that is not JSON ("${body.slice(0, 60).replace(/\s+/g, ' ')}"). Fix: check the URL points at ${service.name}'s API.`,
			error,
		);
	}
}

/** "GET /api/v1/indexer". Only errors need it, so the URL is not rebuilt and parsed on every success. */
function where(request: HttpRequest): string {
	return `${request.method} ${new URL(buildUrl(request.url, request.query)).pathname}`;
}

function throwProtocol(service: ServiceInfo, request: HttpRequest, response: HttpResponse, message: string, cause?: unknown): never {
	throw new ProtocolError(message, { service: service.name, method: request.method, url: buildUrl(request.url, request.query), status: response.status, cause });
}

/** Sends a request and returns the parsed JSON body of a 2xx response, or throws the typed error. */
export async function requestJson<T>(
	transport: { request(r: HttpRequest): Promise<HttpResponse> },
	service: ServiceInfo,
	request: HttpRequest,
): Promise<T> {
	const response = await transport.request(request);
	if (response.status < 200 || response.status >= 300) throw errorFromResponse(service, request, response);
	return parseJsonBody<T>(service, request, response);
}
