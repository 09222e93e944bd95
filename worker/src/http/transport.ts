import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import axios, { AxiosAdapter, AxiosError, AxiosHeaders, AxiosRequestConfig, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import type { ServiceInfo } from '../../../clients/core/errors';
import { HttpRequest, HttpResponse, HttpResponseHead, HttpTransport, buildUrl } from '../../../clients/core/http';
import { proxyFailureError, proxyRefusalError } from '../../../clients/core/proxy';
import { errorFromTransportFailure } from '../../../clients/core/transport-errors';
import { runnerVersion } from '../paths';
import type { TransportAgents, TransportProxy } from './proxy';

export interface AxiosTransportOptions {
	/** Named in every error ("Prowlarr did not answer within ..."). */
	service: ServiceInfo;
	/** Per-request deadline for the whole exchange; a request may lower or raise it. */
	timeoutMs: number;
	/** Sent with every request, e.g. `{ 'X-Api-Key': key }`. Never logged. */
	headers?: Record<string, string>;
	/** Upper bound on a response body; larger answers fail instead of filling memory. */
	maxBodyBytes?: number;
	/**
	 * Send every request through this proxy (see ./proxy.ts): its agents replace the direct
	 * ones, and its refusals and failures become errors that name it and its owner.
	 */
	proxy?: TransportProxy;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What axios itself sends when a caller names no Accept header (kept: a strict webhook receiver may answer 406 to JSON only). */
const DEFAULT_ACCEPT = 'application/json, text/plain, */*';

/**
 * The runner's HttpTransport: one axios instance per service with keep-alive agents. It
 * returns every status as a response (the client classifies it), returns the body as text
 * (the client tells JSON from an HTML login page), follows no redirects (a redirect usually
 * means a login page or a wrong URL base), and turns "no response" into the typed
 * NetworkError/TimeoutError.
 *
 * Requests go through axios (config merge, headers, adapter dispatch) but reach the network
 * through `nodeHttpAdapter` below rather than axios' own http adapter, which sets up a stream
 * pipeline, a redirect follower and a proxy lookup per request that a LAN API call never uses:
 * with the library defaults merged into every request, that doubled the cost of a call.
 */
export function createAxiosTransport(options: AxiosTransportOptions): HttpTransport & { close(): void } {
	const route = options.proxy;
	const agents: TransportAgents = route?.agents ?? {
		http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
		https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
	};
	const fixedHeaders = lowerCaseKeys({ accept: DEFAULT_ACCEPT, 'user-agent': `mediastack-runner/${runnerVersion()}`, ...lowerCaseKeys(options.headers ?? {}) });
	// A bare Axios instance rather than axios.create(): the library defaults (browser adapters,
	// XSRF cookie names, transitional flags, header buckets per method) would otherwise be
	// merged into every request, and none of them applies here.
	const instance = new axios.Axios({
		adapter: nodeHttpAdapter({ agents, fixedHeaders, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, deadlines: new DeadlineWatch(), targets: new Map() }),
		timeout: options.timeoutMs,
	});

	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeoutMs = request.timeoutMs ?? options.timeoutMs;
			let headers = headersToAdd(request.headers, fixedHeaders);
			let data: string | undefined;
			if (request.body !== undefined) {
				data = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
				if (!hasHeader(request.headers, 'content-type')) {
					// Named here even when it is the transport's own, or axios would label a string body a form.
					const contentType = fixedHeaders['content-type'] ?? (typeof request.body === 'string' ? undefined : 'application/json');
					if (contentType) headers = { ...headers, 'content-type': contentType };
				}
			}
			// Only what differs from the instance defaults: axios pays a merge step per key and call.
			const config: AxiosRequestConfig = { url: buildUrl(request.url, request.query) };
			if (request.method !== 'GET') config.method = request.method;
			if (headers) config.headers = headers;
			if (data !== undefined) config.data = data;
			if (timeoutMs !== options.timeoutMs) config.timeout = timeoutMs;
			if (request.onHeaders) (config as HeadHookConfig).onHeaders = request.onHeaders;
			let response: AxiosResponse<Answer>;
			try {
				response = await instance.request<Answer>(config);
			} catch (error) {
				// The caller's own failure (it could not save what the headers carried): theirs to explain.
				if (error instanceof HeadHookFailure) throw error.cause;
				const plain = withoutRequestDetails(error);
				throw (route && proxyFailureError(options.service, route.proxy, route.owner, plain, timeoutMs)) ?? errorFromTransportFailure(options.service, request, plain, timeoutMs);
			}
			if (route && (response.status === 407 || response.status === 401 || response.data.fromProxy)) {
				const refusal = proxyRefusalError(options.service, route.proxy, route.owner, { status: response.status, fromProxy: response.data.fromProxy, headers: response.data.headers });
				if (refusal) throw refusal;
			}
			return { status: response.status, headers: response.data.headers, body: response.data.body };
		},
		close() {
			agents.http.destroy();
			agents.https.destroy();
		},
	};
}

/** The request's `onHeaders`, carried through axios (which passes unknown config keys on) to the adapter. */
interface HeadHookConfig {
	onHeaders?: (head: HttpResponseHead) => Promise<void> | void;
}

/** A rejection of `onHeaders`, kept apart from network errors so it reaches the caller unchanged. */
class HeadHookFailure extends Error {
	constructor(readonly cause: unknown) {
		super('the response head handler failed');
		this.name = 'HeadHookFailure';
	}
}

/**
 * What the adapter hands the transport as axios' `data`: the body decoded once, and node's
 * response headers (already validated and lower-cased). The axios response's own `headers`
 * stay empty: axios would sanitise and re-normalise every header twice, and nobody reads them.
 */
interface Answer {
	body: string;
	headers: http.IncomingHttpHeaders;
	/**
	 * An https:// request answered over a plain socket: the answer is a proxy's refusal of the
	 * CONNECT tunnel (https-proxy-agent replays it), not the service's.
	 */
	fromProxy: boolean;
}

interface AdapterSetup {
	agents: TransportAgents;
	/** Lower-case names; sent with every request unless the request sets the same header otherwise. */
	fixedHeaders: Record<string, string>;
	maxBodyBytes: number;
	deadlines: DeadlineWatch;
	/** Parsed origins by their spelling in the URL, so a URL is not parsed again on every call. */
	targets: Map<string, Target>;
}

/** Where a request goes, taken from the URL's origin. */
interface Target {
	secure: boolean;
	hostname: string;
	port: string;
	auth?: string;
}

/** Enough for the few services one transport talks to; past it, URLs are parsed per call. */
const MAX_CACHED_TARGETS = 16;

/**
 * Path and query characters that the WHATWG URL parser leaves as they are: a URL whose path
 * holds only these (and no dot segment, which the parser would resolve) can go on the wire
 * as written. Anything else takes the full parse.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const DOT_SEGMENT = /\/\.|%2e/i;
/** An origin spelled without anything that could end it early (query, fragment, backslash). */
const PLAIN_ORIGIN = /^https?:\/\/[^/?#\\\s]+$/i;

/**
 * An axios adapter on node:http: one request on a keep-alive agent, a deadline for the whole
 * exchange (a body trickling in byte by byte cannot hold a call open), the body collected as
 * Buffers and decoded once. It never follows redirects, never reads HTTP(S)_PROXY, and
 * resolves every status: the client classifies it.
 */
function nodeHttpAdapter(setup: AdapterSetup): AxiosAdapter {
	return (config) => new Promise<AxiosResponse<Answer>>((resolve, reject) => new Exchange(config, resolve, reject, setup).start());
}

/**
 * One request and its answer. A class rather than a nest of closures per request: fewer
 * allocations, and under tsx (tests, benchmarks) each named closure costs a defineProperty call.
 */
class Exchange {
	/** performance.now() value after which the exchange fails. */
	deadline = Infinity;
	private request?: http.ClientRequest;
	private settled = false;
	private readonly chunks: Buffer[] = [];
	private received = 0;
	private secure = false;
	private fromProxy = false;

	constructor(
		private readonly config: InternalAxiosRequestConfig,
		private readonly resolve: (response: AxiosResponse<Answer>) => void,
		private readonly reject: (error: Error) => void,
		private readonly setup: AdapterSetup,
	) {}

	start(): void {
		const { config, setup } = this;
		const url = config.url ?? '';
		let target: Target;
		let path: string;
		try {
			const pathStart = url.indexOf('/', url.indexOf('//') + 2);
			const origin = pathStart === -1 ? url : url.slice(0, pathStart);
			path = pathStart === -1 ? '' : url.slice(pathStart);
			const cached = setup.targets.get(origin);
			if (cached && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) {
				target = cached;
			} else {
				const parsed = new URL(url);
				target = targetOf(parsed);
				path = parsed.pathname + parsed.search;
				if (setup.targets.size < MAX_CACHED_TARGETS && PLAIN_ORIGIN.test(origin)) setup.targets.set(origin, target);
			}
		} catch (error) {
			this.fail(AxiosError.from(error, AxiosError.ERR_INVALID_URL, config));
			return;
		}
		const data = config.data as string | undefined;
		this.secure = target.secure;
		const request = (target.secure ? https : http).request(
			{
				method: config.method?.toUpperCase(),
				// Named although the module implies it: proxy agents decide TLS to the target by it.
				protocol: target.secure ? 'https:' : 'http:',
				hostname: target.hostname,
				port: target.port,
				path,
				auth: target.auth,
				headers: outgoingHeaders(config, setup.fixedHeaders, data),
				agent: target.secure ? setup.agents.https : setup.agents.http,
			},
			(response) => this.receive(response),
		);
		this.request = request;
		request.on('error', (error) => this.fail(error));
		const timeoutMs = config.timeout ?? 0;
		if (timeoutMs > 0) {
			this.deadline = performance.now() + timeoutMs;
			setup.deadlines.add(this);
		}
		request.end(data);
	}

	/** Called by the DeadlineWatch once the deadline has passed. */
	expire(): void {
		const timeoutMs = this.config.timeout ?? 0;
		this.fail(new AxiosError(`timeout of ${timeoutMs}ms exceeded`, AxiosError.ETIMEDOUT, this.config));
	}

	/**
	 * The head has arrived. With an `onHeaders` hook the body waits (unread, so the socket
	 * applies back-pressure) until the hook has settled: what it saves is saved even if the body
	 * then never comes.
	 */
	private receive(response: http.IncomingMessage): void {
		// Checked now: once the body has ended, a kept-alive socket goes back to the pool.
		this.fromProxy = this.secure && !(response.socket instanceof TLSSocket);
		// A connection lost mid-body ends in 'error' (ECONNRESET), not 'end'.
		response.on('error', (error) => this.fail(error));
		const onHeaders = (this.config as HeadHookConfig).onHeaders;
		if (!onHeaders) {
			this.read(response);
			return;
		}
		let handled: Promise<void> | void;
		try {
			handled = onHeaders({ status: response.statusCode ?? 0, headers: response.headers });
		} catch (error) {
			this.fail(new HeadHookFailure(error));
			return;
		}
		Promise.resolve(handled).then(
			() => {
				if (!this.settled) this.read(response);
			},
			(error: unknown) => this.fail(new HeadHookFailure(error)),
		);
	}

	private read(response: http.IncomingMessage): void {
		response.on('data', (chunk: Buffer) => {
			this.received += chunk.length;
			if (this.received > this.setup.maxBodyBytes) {
				this.fail(new AxiosError(`maxContentLength size of ${this.setup.maxBodyBytes} exceeded`, AxiosError.ERR_BAD_RESPONSE, this.config));
				return;
			}
			this.chunks.push(chunk);
		});
		response.on('end', () => this.finish(response));
	}

	private finish(response: http.IncomingMessage): void {
		if (this.settled) return;
		const headers = response.headers;
		let body: string;
		try {
			const raw = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.received);
			body = decodeBody(headers['content-encoding'], raw, this.setup.maxBodyBytes);
		} catch (error) {
			this.fail(AxiosError.from(error, AxiosError.ERR_BAD_RESPONSE, this.config));
			return;
		}
		this.settle();
		this.resolve({
			data: { body, headers, fromProxy: this.fromProxy },
			status: response.statusCode ?? 0,
			statusText: response.statusMessage ?? '',
			headers: new AxiosHeaders(),
			config: this.config,
			request: this.request,
		});
	}

	private fail(error: Error): void {
		if (this.settled) return;
		this.settle();
		this.request?.destroy();
		this.reject(error);
	}

	private settle(): void {
		this.settled = true;
		if (this.deadline !== Infinity) this.setup.deadlines.delete(this);
	}
}

function targetOf(url: URL): Target {
	const secure = url.protocol === 'https:';
	if (!secure && url.protocol !== 'http:') throw new Error(`unsupported protocol ${url.protocol}`);
	return {
		secure,
		hostname: url.hostname,
		port: url.port,
		auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
	};
}

/** The longest delay setTimeout accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The deadlines of every exchange in flight, watched by one timer armed for the earliest of
 * them. A Timeout per request costs an allocation plus a timer-list insert and removal on
 * every call (node's own HTTP server and undici share timers for the same reason); here a
 * call only adds itself to a Set, and the timer moves only when it fires or an earlier
 * deadline arrives.
 */
class DeadlineWatch {
	private readonly pending = new Set<Exchange>();
	private timer?: NodeJS.Timeout;
	private armedFor = Infinity;

	add(exchange: Exchange): void {
		this.pending.add(exchange);
		if (exchange.deadline < this.armedFor) this.arm(exchange.deadline);
	}

	delete(exchange: Exchange): void {
		// The timer stays armed: when it fires it finds nothing due and re-arms or stops.
		this.pending.delete(exchange);
	}

	private arm(at: number): void {
		if (this.timer) clearTimeout(this.timer);
		this.armedFor = at;
		// setTimeout cannot wait longer than MAX_TIMER_MS; a later deadline is re-armed when this fires.
		this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(at - performance.now()))));
		// Requests in flight keep the process alive through their sockets; this timer must not.
		this.timer.unref();
	}

	private fire(): void {
		this.timer = undefined;
		this.armedFor = Infinity;
		const now = performance.now();
		let next = Infinity;
		for (const exchange of this.pending) {
			if (exchange.deadline <= now) exchange.expire();
			else if (exchange.deadline < next) next = exchange.deadline;
		}
		if (next !== Infinity) this.arm(next);
	}
}

function outgoingHeaders(config: InternalAxiosRequestConfig, fixedHeaders: Record<string, string>, data: string | undefined): http.OutgoingHttpHeaders {
	const headers: http.OutgoingHttpHeaders = { ...fixedHeaders };
	const requested = config.headers.toJSON();
	for (const name in requested) {
		const value = requested[name];
		if (value !== undefined && value !== null && (value as unknown) !== false) headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	if (data !== undefined) headers['content-length'] = Buffer.byteLength(data);
	return headers;
}

/** Nothing asks for compression, but a proxy may compress anyway; the size limit holds for the unpacked body too. */
function decodeBody(encoding: string | undefined, raw: Buffer, maxBodyBytes: number): string {
	switch (encoding?.trim().toLowerCase()) {
		case 'gzip':
		case 'x-gzip':
			return zlib.gunzipSync(raw, { maxOutputLength: maxBodyBytes }).toString('utf8');
		case 'deflate':
			return zlib.inflateSync(raw, { maxOutputLength: maxBodyBytes }).toString('utf8');
		case 'br':
			return zlib.brotliDecompressSync(raw, { maxOutputLength: maxBodyBytes }).toString('utf8');
		default:
			return raw.toString('utf8');
	}
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
	const lower: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
	return lower;
}

/**
 * The request's headers minus those the adapter sends anyway with the same value (say a
 * client's `accept: application/json` when the transport was created with that header);
 * undefined when none is left. Any header axios sees costs it a merge, a sanitising pass and
 * a normalising pass per call: one header was about 6% of a Prowlarr call against the fake.
 */
function headersToAdd(headers: Record<string, string> | undefined, fixedHeaders: Record<string, string>): Record<string, string> | undefined {
	let added: Record<string, string> | undefined;
	for (const name in headers) {
		const value = headers[name];
		if (fixedHeaders[name.toLowerCase()] === value) continue;
		(added ??= {})[name] = value;
	}
	return added;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
	return headers !== undefined && Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * Axios errors carry the request config, API-key header included. The typed error keeps its
 * cause for debugging, so hand it only the code and message.
 */
function withoutRequestDetails(error: unknown): unknown {
	if (!(error instanceof Error)) return error;
	const code = (error as { code?: unknown }).code;
	const causeCode = (error as { cause?: { code?: unknown } }).cause?.code;
	const hostname = (error as { hostname?: unknown }).hostname ?? (error as { cause?: { hostname?: unknown } }).cause?.hostname;
	const plain = new Error(error.message);
	plain.name = error.name;
	// The host a DNS lookup failed for tells a proxy's name from the service's (see proxyFailureError).
	return Object.assign(plain, { code: typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : undefined, hostname: typeof hostname === 'string' ? hostname : undefined });
}
