import { ConfigError, ServiceInfo } from './errors';
import { HttpMethod, HttpRequest, HttpTransport, QueryValue, joinUrl } from './http';
import { requestJson } from './response';

export interface JsonClientOptions {
	/** Where the service answers, as the user typed it (with or without a URL base or trailing slash). */
	baseUrl: string;
	/** Attaches the credentials (the n8n credential, or the runner's configured headers). */
	transport: HttpTransport;
}

export interface CallOptions {
	query?: Record<string, QueryValue>;
	/** Sent as JSON unless it is already a string. */
	body?: unknown;
	headers?: Record<string, string>;
	timeoutMs?: number;
}

/**
 * A user-entered base URL, checked once: http or https with a host, trailing slashes dropped.
 * Every client raises the same ConfigError for the same mistake, naming the service and an
 * example of a good address.
 */
export function checkBaseUrl(service: ServiceInfo, baseUrl: unknown): string {
	const text = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(text);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
		const example = service.exampleUrl ?? 'http://host:port';
		const shown = text === '' ? 'is empty' : `"${text}" is not an http:// or https:// address with a host`;
		const fix = `give the address ${service.name} answers at, including its URL base if one is set, e.g. ${example}.`;
		// "The mediastack runner" already starts with its article.
		const subject = /^the /i.test(service.name) ? service.name : `The ${service.name}`;
		throw new ConfigError(`${subject} URL ${shown}. Fix: ${fix}`, { service: service.name, fix });
	}
	return text.replace(/\/+$/, '');
}

/**
 * The base of every JSON API client: the base URL checked once, one `call` that builds the
 * request, sends it through the transport and turns the answer into data or the typed error
 * (see response.ts), so the same fault reads the same in every service.
 */
export abstract class JsonApiClient {
	readonly baseUrl: string;
	protected readonly transport: HttpTransport;

	/** `apiPath` is prepended to every call's path, e.g. `/api/v3`. */
	protected constructor(
		readonly service: ServiceInfo,
		options: JsonClientOptions,
		private readonly apiPath = '',
	) {
		this.baseUrl = checkBaseUrl(service, options.baseUrl);
		this.transport = options.transport;
	}

	protected call<T>(method: HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
		return requestJson<T>(this.transport, this.service, this.request(method, path, options));
	}

	/** The request `call` would send; for the few answers a client reads itself (a 503 that is data). */
	protected request(method: HttpMethod, path: string, options: CallOptions = {}): HttpRequest {
		return {
			method,
			url: joinUrl(this.baseUrl, this.apiPath + (path.startsWith('/') ? path : `/${path}`)),
			query: options.query,
			body: options.body,
			headers: { accept: 'application/json', ...options.headers },
			timeoutMs: options.timeoutMs,
		};
	}
}

/** A path segment for an id the caller gave: numbers and text alike, never a way out of the path. */
export function segment(id: string | number): string {
	return encodeURIComponent(String(id));
}
