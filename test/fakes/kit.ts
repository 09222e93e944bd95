import http, { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorObject } from 'ajv';
import { LoopbackListener, readBody } from '../support/loopback';
import { specAvailable, specPath, warnSpecMissing } from '../support/specs';
import { LoadedSpec, SecurityRequirement, SpecOperation, SpecParameter, loadSpec } from './openapi';

/**
 * A loopback HTTP fake that judges every request against the service's published API spec.
 * A request the real service would not understand (unknown path, wrong method, a parameter or
 * body the spec does not allow) is a *violation*: the fake answers 400 and `close()` fails the
 * test. Wrong credentials are not violations: the fake answers 401 like the real service,
 * since tests send wrong keys on purpose. Everything service-specific (state, handlers, the
 * shape of error bodies) lives in the per-service file, e.g. ./prowlarr.ts.
 */

export type QueryRecord = Record<string, string | string[]>;

export interface RecordedRequest {
	method: string;
	/** Path without the query string, as received (not decoded). */
	path: string;
	query: QueryRecord;
	/** Lower-case names, as node delivers them. */
	headers: IncomingHttpHeaders;
	/** Parsed JSON or form body; the raw text for other content; undefined when empty. */
	body: unknown;
	rawBody: string;
	/** The spec operation it matched, e.g. "PUT /api/v1/indexer/{id}". */
	operation?: string;
	/** The status the fake answered with; undefined while in flight or when the connection was dropped. */
	status?: number;
}

export type ViolationKind = 'path' | 'method' | 'parameter' | 'body' | 'response' | 'handler';

export interface Violation {
	kind: ViolationKind;
	method: string;
	path: string;
	problem: string;
}

export interface HandlerContext {
	/** Path parameters, decoded. */
	params: Record<string, string>;
	query: QueryRecord;
	body: unknown;
	headers: IncomingHttpHeaders;
	request: RecordedRequest;
}

export interface HandlerResult {
	/** Default 200. */
	status?: number;
	/** Objects and arrays are sent as JSON, strings as they are; undefined sends no body. */
	body?: unknown;
	headers?: Record<string, string | string[]>;
}

export type Handler = (context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

export type Fault =
	/** A reverse proxy's login page where JSON was expected (200 text/html unless told). */
	| { kind: 'html'; status?: number; body?: string }
	/** A bare status, e.g. 500, 503, or 429 with `headers: { 'retry-after': '30' }`. */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string | string[]> }
	/** Answers normally, but only after `ms` (for timeout tests). */
	| { kind: 'delay'; ms: number }
	/** Drops the connection without any answer. */
	| { kind: 'reset' };

export interface FaultOptions {
	/** Applies to the next N requests; by default until `clearFaults()`. */
	times?: number;
}

export interface ApiKeyLocation {
	in: 'header' | 'query' | 'cookie';
	name: string;
}

export interface FakeServerOptions {
	/** Display name used in messages, e.g. "Prowlarr". */
	name: string;
	/**
	 * Spec file name inside specsDir(), or an absolute path. Undefined (said out loud, so a
	 * forgotten spec is not mistaken for one) for a service with no published API, such as
	 * our own runner's: nothing is checked, and no warning is printed.
	 */
	spec: string | undefined;
	/** The key the fake accepts through the spec's apiKey / bearer schemes; no auth check when undefined. */
	apiKey?: string;
	/** Port to listen on; 0 (default) picks a free one, kept across stop()/start(). */
	port?: number;
	/** Record violations but do not fail close() (tests that provoke them on purpose). */
	allowViolations?: boolean;
	/** Check handler answers against the spec's response schemas too (default true): keeps fakes honest. */
	validateResponses?: boolean;
	/** Operations the real service serves without credentials, e.g. ['GET /ping']. */
	anonymous?: string[];
	/** Where the key may travel when the spec is missing or declares no schemes. */
	fallbackAuth?: ApiKeyLocation[];
	/** Replaces the scheme-based check for services with unusual auth (Jellyfin's MediaBrowser header). */
	authenticate?: (request: RecordedRequest) => boolean;
	/** What the real service answers without valid credentials (default: 401, empty body). */
	unauthorized?: (request: RecordedRequest) => HandlerResult;
	/** Overrides the path prefix taken from the spec's servers[0].url. */
	basePath?: string;
	/**
	 * Operations whose bodies the spec describes wrongly, with the fake's own rule instead,
	 * keyed like on(). Servarr's specs are generated from C# types: a command's own fields
	 * (seriesId, movieIds...) travel in a `body` the spec closes to them, and a health check's
	 * wikiUrl is written as a string where the spec shows an object.
	 */
	specGaps?: Record<string, SpecGap>;
}

export interface SpecGap {
	/** Replaces the spec's check of the request body: the problems found, [] when none. */
	checkRequest?: (body: unknown) => string[];
	/** The part of an answer the spec does describe; that part is still checked against it. */
	describedPart?: (body: unknown) => unknown;
}

interface Route {
	method: string;
	template: string;
	matcher: RegExp;
	paramNames: string[];
	literalChars: number;
	operation?: SpecOperation;
}

/** Faults waiting their turn; each applies to the next N requests, or until clear() when N is not given. */
export class FaultQueue<T> {
	private entries: Array<{ fault: T; remaining?: number }> = [];

	push(fault: T, times?: number): void {
		this.entries.push({ fault, remaining: times });
	}

	clear(): void {
		this.entries = [];
	}

	/** The fault for the request that just came in, if any, counting one use. */
	take(): T | undefined {
		const active = this.entries[0];
		if (!active) return undefined;
		if (active.remaining !== undefined) {
			active.remaining -= 1;
			if (active.remaining <= 0) this.entries.shift();
		}
		return active.fault;
	}
}

const DEFAULT_HTML =
	'<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login" method="post">' +
	'<input name="username"><input name="password" type="password"></form></body></html>';

export class FakeServer {
	readonly name: string;
	readonly requests: RecordedRequest[] = [];
	readonly violations: Violation[] = [];
	/** Undefined when the spec file is missing: then nothing is checked (and a warning says so). */
	readonly spec?: LoadedSpec;

	private readonly options: FakeServerOptions;
	private readonly handlers = new Map<string, Handler>();
	private readonly routes: Route[] = [];
	private readonly faults = new FaultQueue<Fault>();
	private readonly listener: LoopbackListener;
	private closed = false;

	private constructor(options: FakeServerOptions, spec: LoadedSpec | undefined) {
		this.options = options;
		this.name = options.name;
		this.spec = spec;
		this.listener = new LoopbackListener(options.name, (request, response) => this.handle(request, response), options.port, (request, error) => {
			this.violations.push({ kind: 'handler', method: request.method ?? '?', path: request.url ?? '?', problem: `fake crashed: ${String(error)}` });
		});
		if (spec) for (const operation of spec.operations) this.routes.push(makeRoute(operation.method, operation.template, operation));
	}

	/** Loads the spec (or warns that it is missing); register handlers with on(), then start(). */
	static async create(options: FakeServerOptions): Promise<FakeServer> {
		// A service with no published API (our own runner's) has nothing to check against.
		if (options.spec === undefined) return new FakeServer(options, undefined);
		if (!specAvailable(options.spec)) {
			warnSpecMissing(options.spec, `the fake ${options.name}`);
			return new FakeServer(options, undefined);
		}
		return new FakeServer(options, await loadSpec(specPath(options.spec)));
	}

	get port(): number {
		return this.listener.port;
	}

	/** Base URL without a trailing slash, e.g. http://127.0.0.1:40123. */
	get url(): string {
		return this.listener.url;
	}

	get listening(): boolean {
		return this.listener.listening;
	}

	/**
	 * Registers the handler for one spec operation, named like "PUT /api/v1/indexer/{id}".
	 * Throws when the spec has no such operation, so a typo in a fake cannot go unnoticed.
	 */
	on(operation: string, handler: Handler): this {
		const [method, template] = splitOperation(operation);
		const key = `${method} ${template}`;
		if (this.spec) {
			if (!this.spec.operations.some((candidate) => candidate.key === key)) {
				throw new Error(`${this.name} spec ${this.spec.file} has no operation ${key}.`);
			}
		} else if (!this.handlers.has(key)) {
			this.routes.push(makeRoute(method, template, undefined));
		}
		this.handlers.set(key, handler);
		return this;
	}

	/** Answers the next requests with a fault instead of the handler (see Fault). */
	fault(fault: Fault, options: FaultOptions = {}): void {
		this.faults.push(fault, options.times);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	/** Starts listening on 127.0.0.1, on the same port as before after a stop(). */
	async start(): Promise<void> {
		if (this.closed) throw new Error(`The fake ${this.name} is closed; create a new one.`);
		await this.listener.start();
	}

	/** Stops listening and drops open connections, keeping all state: "the service is down". */
	stop(): Promise<void> {
		return this.listener.stop();
	}

	/** Stops for good. Throws when requests broke the spec, unless allowViolations was set. */
	async close(): Promise<void> {
		await this.stop();
		this.closed = true;
		if (this.violations.length && !this.options.allowViolations) {
			const list = this.violations.map((v) => `  - ${v.method} ${v.path}: ${v.problem}`).join('\n');
			throw new Error(`The fake ${this.name} received ${this.violations.length} request(s) that break its API spec:\n${list}`);
		}
	}

	/** Requests that matched an operation, e.g. requestsTo('PUT /api/v1/indexer/{id}'). */
	requestsTo(operation: string): RecordedRequest[] {
		const [method, template] = splitOperation(operation);
		return this.requests.filter((request) => request.operation === `${method} ${template}`);
	}

	private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawBody = await readBody(incoming);
		const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
		const method = (incoming.method ?? 'GET').toUpperCase();
		const recorded: RecordedRequest = {
			method,
			path: url.pathname,
			query: queryRecord(url.searchParams),
			headers: incoming.headers,
			body: undefined,
			rawBody,
		};
		this.requests.push(recorded);

		const problems: Array<Omit<Violation, 'method' | 'path'>> = [];
		const match = this.match(method, url.pathname, problems);
		if (match) recorded.operation = `${match.route.method} ${match.route.template}`;
		recorded.body = this.readRequestBody(recorded, match?.route.operation, problems);
		if (match?.route.operation) this.checkParameters(recorded, match.route.operation, match.params, problems);
		for (const problem of problems) this.violations.push({ ...problem, method, path: url.pathname });

		const fault = this.faults.take();
		if (fault?.kind === 'delay') {
			if (!(await this.listener.delay(fault.ms, response))) return;
		} else if (fault?.kind === 'reset') {
			incoming.socket.destroy();
			return;
		} else if (fault?.kind === 'html') {
			return this.send(response, recorded, { status: fault.status ?? 200, body: fault.body ?? DEFAULT_HTML, headers: { 'content-type': 'text/html; charset=utf-8' } });
		} else if (fault?.kind === 'status') {
			return this.send(response, recorded, { status: fault.status, body: fault.body ?? http.STATUS_CODES[fault.status] ?? '', headers: fault.headers });
		}

		if (problems.length) {
			return this.send(response, recorded, {
				status: 400,
				body: {
					message: `The fake ${this.name} rejected this request because it breaks the API spec: ${problems.map((p) => p.problem).join('; ')}`,
					violations: problems,
				},
			});
		}
		if (!match) return; // unreachable: an unmatched request always has a problem
		if (!this.isAuthorized(recorded, match.route)) {
			return this.send(response, recorded, this.options.unauthorized?.(recorded) ?? { status: 401 });
		}
		const handler = this.handlers.get(`${match.route.method} ${match.route.template}`);
		if (!handler) {
			this.violations.push({ kind: 'handler', method, path: url.pathname, problem: `the fake has no handler for ${recorded.operation} (the spec allows it; add one)` });
			return this.send(response, recorded, { status: 501, body: { message: `The fake ${this.name} does not implement ${recorded.operation}.` } });
		}
		const result = await handler({ params: match.params, query: recorded.query, body: recorded.body, headers: recorded.headers, request: recorded });
		if (match.route.operation && this.options.validateResponses !== false) this.checkResponse(recorded, match.route.operation, result);
		this.send(response, recorded, result);
	}

	private match(method: string, pathname: string, problems: Array<Omit<Violation, 'method' | 'path'>>): { route: Route; params: Record<string, string> } | undefined {
		const basePath = this.options.basePath ?? this.spec?.basePath ?? '';
		if (basePath && !pathname.startsWith(basePath + '/') && pathname !== basePath) {
			problems.push({ kind: 'path', problem: `path is outside the API base ${basePath}` });
			return undefined;
		}
		const relative = pathname.slice(basePath.length) || '/';
		const candidates: Array<{ route: Route; params: Record<string, string> }> = [];
		for (const route of this.routes) {
			const found = route.matcher.exec(relative);
			if (!found) continue;
			const params: Record<string, string> = {};
			route.paramNames.forEach((name, index) => {
				params[name] = safeDecode(found[index + 1] ?? '');
			});
			candidates.push({ route, params });
		}
		if (!candidates.length) {
			problems.push({ kind: 'path', problem: `no such path in the ${this.name} API` });
			return undefined;
		}
		// A literal segment beats a parameter: /indexer/bulk is not /indexer/{id}.
		const sameMethod = candidates.filter((candidate) => candidate.route.method === method);
		if (!sameMethod.length) {
			const allowed = [...new Set(candidates.map((candidate) => candidate.route.method))].join(', ');
			problems.push({ kind: 'method', problem: `method ${method} is not allowed here (the spec allows ${allowed})` });
			return undefined;
		}
		sameMethod.sort((a, b) => b.route.literalChars - a.route.literalChars);
		return sameMethod[0];
	}

	private readRequestBody(recorded: RecordedRequest, operation: SpecOperation | undefined, problems: Array<Omit<Violation, 'method' | 'path'>>): unknown {
		const raw = recorded.rawBody;
		const contentType = String(recorded.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const parsed = parseBody(raw, contentType);
		if (!operation) return parsed.value;
		const spec = operation.requestBody;
		if (raw === '') {
			if (spec?.required) problems.push({ kind: 'body', problem: 'the request body is required but was empty' });
			return undefined;
		}
		if (!spec) {
			problems.push({ kind: 'body', problem: `${operation.key} takes no request body, but one was sent` });
			return parsed.value;
		}
		if (!contentType) {
			problems.push({ kind: 'body', problem: 'a body was sent without a Content-Type header' });
			return parsed.value;
		}
		const mediaType = Object.keys(spec.content).find((candidate) => mediaTypeMatches(candidate, contentType));
		if (!mediaType) {
			problems.push({ kind: 'body', problem: `Content-Type ${contentType} is not accepted (the spec accepts ${Object.keys(spec.content).join(', ')})` });
			return parsed.value;
		}
		if (parsed.error) {
			problems.push({ kind: 'body', problem: parsed.error });
			return parsed.value;
		}
		const gap = this.options.specGaps?.[operation.key]?.checkRequest;
		if (gap) {
			for (const problem of gap(parsed.value)) problems.push({ kind: 'body', problem });
			return parsed.value;
		}
		const schema = spec.content[mediaType]?.schema;
		if (schema && this.spec && (parsed.json || contentType === 'application/x-www-form-urlencoded')) {
			const validate = this.spec.validator(schema);
			if (!validate(parsed.value)) problems.push({ kind: 'body', problem: `body does not match the spec: ${describeErrors(validate.errors)}` });
		}
		return parsed.value;
	}

	private checkParameters(recorded: RecordedRequest, operation: SpecOperation, params: Record<string, string>, problems: Array<Omit<Violation, 'method' | 'path'>>): void {
		for (const parameter of operation.parameters) {
			const values = parameterValues(parameter, recorded, params);
			if (!values.length) {
				if (parameter.required) problems.push({ kind: 'parameter', problem: `required ${parameter.in} parameter "${parameter.name}" is missing` });
				continue;
			}
			if (!parameter.schema || !this.spec) continue;
			const isArray = parameter.schema.type === 'array';
			if (!isArray && values.length > 1) {
				problems.push({ kind: 'parameter', problem: `${parameter.in} parameter "${parameter.name}" was given ${values.length} times but takes one value` });
				continue;
			}
			const itemSchema = (isArray ? parameter.schema.items : parameter.schema) as Record<string, unknown> | undefined;
			const split = isArray && !parameter.explode ? values.flatMap((value) => value.split(',')) : values;
			const coerced = split.map((value) => coerce(value, itemSchema));
			const validate = this.spec.validator(parameter.schema);
			if (!validate(isArray ? coerced : coerced[0])) {
				problems.push({ kind: 'parameter', problem: `${parameter.in} parameter "${parameter.name}"=${JSON.stringify(isArray ? split : split[0])} ${describeErrors(validate.errors)}` });
			}
		}
	}

	private checkResponse(recorded: RecordedRequest, operation: SpecOperation, result: HandlerResult): void {
		const status = String(result.status ?? 200);
		const responseSpec = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? documentedSuccess(operation, status) ?? operation.responses.default;
		if (!responseSpec?.content || result.body === undefined || typeof result.body === 'string' || !this.spec) return;
		const schema = responseSpec.content['application/json']?.schema ?? Object.values(responseSpec.content)[0]?.schema;
		if (!schema) return;
		const validate = this.spec.validator(schema);
		const body: unknown = JSON.parse(JSON.stringify(result.body));
		const describedPart = this.options.specGaps?.[operation.key]?.describedPart;
		if (!validate(describedPart ? describedPart(body) : body)) {
			this.violations.push({
				kind: 'response',
				method: recorded.method,
				path: recorded.path,
				problem: `the fake's own ${status} answer breaks the spec (fix the fake): ${describeErrors(validate.errors)}`,
			});
		}
	}

	private isAuthorized(recorded: RecordedRequest, route: Route): boolean {
		if (this.options.apiKey === undefined) return true;
		if (this.options.anonymous?.includes(`${route.method} ${route.template}`)) return true;
		if (this.options.authenticate) return this.options.authenticate(recorded);
		const requirements: SecurityRequirement[] = route.operation?.security ?? this.spec?.security ?? [];
		if (route.operation && requirements.length === 0 && route.operation.security !== undefined) return true;
		const schemes = this.spec?.securitySchemes ?? {};
		if (requirements.length === 0 || Object.keys(schemes).length === 0) {
			const fallback = this.options.fallbackAuth ?? [];
			return fallback.length === 0 || fallback.some((location) => this.keyAt(recorded, location));
		}
		return requirements.some((requirement) =>
			Object.keys(requirement).every((schemeName) => {
				const scheme = schemes[schemeName];
				if (!scheme) return false;
				if (scheme.type === 'apiKey' && scheme.name && (scheme.in === 'header' || scheme.in === 'query' || scheme.in === 'cookie')) {
					return this.keyAt(recorded, { in: scheme.in, name: scheme.name });
				}
				if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
					return recorded.headers.authorization === `Bearer ${this.options.apiKey}`;
				}
				return false;
			}),
		);
	}

	private keyAt(recorded: RecordedRequest, location: ApiKeyLocation): boolean {
		const expected = this.options.apiKey;
		const name = location.name.toLowerCase();
		if (location.in === 'header') return recorded.headers[name] === expected;
		if (location.in === 'query') {
			// ASP.NET and most servers match query names case-insensitively.
			return Object.entries(recorded.query).some(([key, value]) => key.toLowerCase() === name && value === expected);
		}
		const cookies = String(recorded.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
		return cookies.some(([key, ...rest]) => key?.toLowerCase() === name && rest.join('=') === expected);
	}

	private send(response: ServerResponse, recorded: RecordedRequest, result: HandlerResult): void {
		const status = result.status ?? 200;
		recorded.status = status;
		if (response.destroyed) return;
		const headers: Record<string, string | string[]> = {};
		for (const [key, value] of Object.entries(result.headers ?? {})) headers[key.toLowerCase()] = value;
		let payload = '';
		if (typeof result.body === 'string') {
			payload = result.body;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else if (result.body !== undefined) {
			payload = JSON.stringify(result.body);
			headers['content-type'] ??= 'application/json; charset=utf-8';
		}
		response.writeHead(status, headers);
		response.end(payload);
	}
}

/** Creates, wires and starts a fake in one go. */
export async function startFakeServer(options: FakeServerOptions, handlers: Record<string, Handler>): Promise<FakeServer> {
	const fake = await FakeServer.create(options);
	for (const [operation, handler] of Object.entries(handlers)) fake.on(operation, handler);
	await fake.start();
	return fake;
}

/**
 * Servarr's specs document every success as 200, though the apps answer 201 on create and 202
 * on update with the same resource: such an answer is checked against the documented one.
 */
function documentedSuccess(operation: SpecOperation, status: string): SpecOperation['responses'][string] | undefined {
	if (!status.startsWith('2')) return undefined;
	const documented = Object.keys(operation.responses).filter((code) => code.startsWith('2'));
	return documented.length === 1 ? operation.responses[documented[0]] : undefined;
}

function splitOperation(operation: string): [string, string] {
	const match = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(operation);
	if (!match) throw new Error(`Operation "${operation}" must look like "GET /path/{param}".`);
	return [match[1].toUpperCase(), match[2]];
}

function makeRoute(method: string, template: string, operation: SpecOperation | undefined): Route {
	const paramNames: string[] = [];
	let literalChars = 0;
	const pattern = template
		.split(/(\{[^}]+\})/)
		.map((part) => {
			const param = /^\{([^}]+)\}$/.exec(part);
			if (param) {
				paramNames.push(param[1]);
				return '([^/]+)';
			}
			literalChars += part.length;
			return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('');
	return { method, template, matcher: new RegExp(`^${pattern}/?$`), paramNames, literalChars, operation };
}

function queryRecord(params: URLSearchParams): QueryRecord {
	const out: QueryRecord = {};
	for (const [key, value] of params) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return out;
}

function parameterValues(parameter: SpecParameter, recorded: RecordedRequest, params: Record<string, string>): string[] {
	if (parameter.in === 'path') return params[parameter.name] === undefined ? [] : [params[parameter.name]];
	if (parameter.in === 'header') {
		const value = recorded.headers[parameter.name.toLowerCase()];
		return value === undefined ? [] : Array.isArray(value) ? value : [value];
	}
	if (parameter.in === 'cookie') {
		const cookies = String(recorded.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
		return cookies.filter(([key]) => key === parameter.name).map(([, ...rest]) => rest.join('='));
	}
	const name = parameter.name.toLowerCase();
	return Object.entries(recorded.query)
		.filter(([key]) => key.toLowerCase() === name)
		.flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
}

/** Turns a wire string into the type its schema asks for, so ajv judges the value, not the string. */
function coerce(value: string, schema: Record<string, unknown> | undefined): unknown {
	const type = schema?.type;
	if ((type === 'integer' && /^-?\d+$/.test(value)) || (type === 'number' && value.trim() !== '' && !Number.isNaN(Number(value)))) return Number(value);
	if (type === 'boolean') {
		// ASP.NET, Express and friends read True/FALSE too.
		if (/^true$/i.test(value)) return true;
		if (/^false$/i.test(value)) return false;
	}
	return value;
}

function parseBody(raw: string, contentType: string): { value: unknown; json?: boolean; error?: string } {
	if (raw === '') return { value: undefined };
	if (contentType === 'application/json' || contentType.endsWith('+json') || contentType === 'text/json') {
		try {
			return { value: JSON.parse(raw), json: true };
		} catch (error) {
			return { value: raw, error: `body is not valid JSON (${(error as Error).message})` };
		}
	}
	if (contentType === 'application/x-www-form-urlencoded') return { value: queryRecord(new URLSearchParams(raw)) };
	return { value: raw };
}

function mediaTypeMatches(specType: string, actual: string): boolean {
	const wanted = specType.split(';')[0].trim().toLowerCase();
	if (wanted === actual || wanted === '*/*') return true;
	const [wantedType, wantedSub] = wanted.split('/');
	const [actualType, actualSub] = actual.split('/');
	if (wantedType !== actualType && wantedType !== '*') return false;
	if (wantedSub === '*') return true;
	// application/*+json accepts application/json and any +json type.
	return wantedSub?.startsWith('*+') === true && (actualSub === wantedSub.slice(2) || actualSub?.endsWith(wantedSub.slice(1)) === true);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
	if (!errors?.length) return 'is invalid';
	return errors
		.slice(0, 5)
		.map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
		.join('; ');
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
