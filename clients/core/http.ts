/**
 * The one seam between API clients and the outside world. The n8n nodes implement it on
 * top of `httpRequestWithAuthentication`; the runner implements it with axios. A transport
 * attaches credentials itself, never throws for an HTTP status (the client classifies the
 * status), and throws only `NetworkError` / `TimeoutError` when no response arrived.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL without the query string. */
	url: string;
	query?: Record<string, QueryValue>;
	headers?: Record<string, string>;
	/** Sent as JSON unless it is already a string. */
	body?: unknown;
	/** Overrides the transport's default timeout for this call. */
	timeoutMs?: number;
	/**
	 * Called once the status line and headers have arrived, before the body is read; the body
	 * is not read until the returned promise settles, and a rejection fails the request with
	 * that very error. For answers whose headers must be acted on even when the body never
	 * arrives (MyAnonamouse's rotated cookie). Optional for transports: one that only sees the
	 * whole response (the n8n ones) may ignore it, so callers still act on the full response.
	 */
	onHeaders?: (head: HttpResponseHead) => Promise<void> | void;
}

/** What has arrived of a response before its body. */
export interface HttpResponseHead {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string | string[] | undefined>;
}

export interface HttpResponse extends HttpResponseHead {
	/** The raw body as text; clients parse it so they can tell JSON from an HTML page. */
	body: string;
}

export interface HttpTransport {
	request(request: HttpRequest): Promise<HttpResponse>;
}

/** Appends the query to the URL the way every transport must, so requests look the same on the wire. */
export function buildUrl(url: string, query?: Record<string, QueryValue>): string {
	if (!query) return url;
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) {
			for (const item of value) params.append(key, String(item));
		} else {
			params.append(key, String(value));
		}
	}
	const text = params.toString();
	if (!text) return url;
	return url + (url.includes('?') ? '&' : '?') + text;
}

/** Joins a user-entered base URL (with or without a trailing slash or URL base) and an API path. */
export function joinUrl(baseUrl: string, path: string): string {
	// Called on every request; the regular expressions only run when there are slashes to strip.
	const base = baseUrl.endsWith('/') ? baseUrl.replace(/\/+$/, '') : baseUrl;
	const tail = path.startsWith('/') ? path.replace(/^\/+/, '') : path;
	return base + '/' + tail;
}

export function headerValue(response: HttpResponseHead, name: string): string | undefined {
	const value = response.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function headerValues(response: HttpResponseHead, name: string): string[] {
	const value = response.headers[name.toLowerCase()];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}
