import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { ArrField, ArrHealthCheck, ArrNotification, ArrTag } from '../../clients/arr/types';
import { FakeServer } from './kit';
import type { Fault, FaultOptions, HandlerContext, HandlerResult, QueryRecord, RecordedRequest, SpecGap, Violation } from './kit';

/**
 * What the fake Servarr apps (Prowlarr, Sonarr, Radarr) share, as the apps share it: their
 * FluentValidation 400 arrays, "not found" answers, the paging envelope, tags, the command
 * queue, the connections (notifications) with their webhooks, and FakeArrApp, the fake every
 * app's fake extends: its server and auth, system status, health and lifecycle. Sonarr's and
 * Radarr's library is ./arr-library.ts.
 */

// ---- answers ---------------------------------------------------------------------------------

export interface ValidationFailure {
	isWarning: boolean;
	propertyName: string;
	errorMessage: string;
	attemptedValue: unknown;
	severity: 'error' | 'warning';
	errorCode: string;
	infoLink: string | null;
	detailedDescription: string | null;
	formattedMessagePlaceholderValues: Record<string, unknown>;
}

/** One entry of the 400 array a Servarr app answers when FluentValidation rejects a resource. */
export function validationFailure(propertyName: string, errorMessage: string, errorCode: string, attemptedValue: unknown = null): ValidationFailure {
	return {
		isWarning: false,
		propertyName,
		errorMessage,
		attemptedValue,
		severity: 'error',
		errorCode,
		infoLink: null,
		detailedDescription: null,
		formattedMessagePlaceholderValues: propertyName ? { PropertyName: propertyName, PropertyValue: attemptedValue } : {},
	};
}

export function invalid(...failures: ValidationFailure[]): HandlerResult {
	return { status: 400, body: failures };
}

/** What the apps answer when a service call finds no row: ModelNotFoundException, 404. */
export function modelNotFound(model: string, id: string | number): HandlerResult {
	return {
		status: 404,
		body: { message: `${model} with ID ${id} does not exist`, description: `NzbDrone.Core.Datastore.ModelNotFoundException: ${model} with ID ${id} does not exist` },
	};
}

/** What ASP.NET answers for a controller's bare NotFound(): a ProblemDetails body. */
export function problemNotFound(): HandlerResult {
	return {
		status: 404,
		body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, traceId: `00-${hex(32)}-${hex(16)}-00` },
	};
}

function hex(length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += Math.floor(Math.random() * 16).toString(16);
	return out;
}

// ---- query helpers -----------------------------------------------------------------------------

export function firstValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** ASP.NET reads booleans without case; a missing flag takes the endpoint's default. */
export function flag(value: string | string[] | undefined, fallback = false): boolean {
	const text = firstValue(value);
	if (text === undefined) return fallback;
	return /^true$/i.test(text);
}

export function intValue(value: string | string[] | undefined): number | undefined {
	const text = firstValue(value);
	return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Repeated or comma-separated integers. */
export function intList(value: string | string[] | undefined): number[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).filter((item) => /^-?\d+$/.test(item.trim())).map(Number);
}

export function stringList(value: string | string[] | undefined): string[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}

// ---- the paging envelope -----------------------------------------------------------------------

export type Sorters<T> = Record<string, (record: T) => string | number | null | undefined>;

/**
 * One page as the apps answer /queue, /history, /wanted/missing: page counted from 1, the
 * endpoint's default page size (10), sorting by the keys the endpoint knows, and the total.
 */
export function pageOf<T>(records: T[], query: QueryRecord, sorters: Sorters<T>, defaults: { sortKey: string; sortDirection: 'ascending' | 'descending' }): Record<string, unknown> {
	const page = Math.max(1, intValue(query.page) ?? 1);
	const pageSize = Math.max(0, intValue(query.pageSize) ?? 10);
	const requestedKey = firstValue(query.sortKey);
	const sortKey = requestedKey && sorters[requestedKey] ? requestedKey : defaults.sortKey;
	const requestedDirection = firstValue(query.sortDirection);
	const sortDirection = requestedDirection === 'ascending' || requestedDirection === 'descending' ? requestedDirection : defaults.sortDirection;
	const key = sorters[sortKey];
	const sorted = key
		? [...records].sort((a, b) => {
				const left = key(a) ?? '';
				const right = key(b) ?? '';
				const order = left < right ? -1 : left > right ? 1 : 0;
				return sortDirection === 'descending' ? -order : order;
			})
		: [...records];
	return {
		page,
		pageSize,
		sortKey,
		sortDirection,
		totalRecords: records.length,
		records: sorted.slice((page - 1) * pageSize, page * pageSize),
	};
}

// ---- tags --------------------------------------------------------------------------------------

/** Tag CRUD as the apps do it: labels stored lower-cased, unique, and no deleting a tag in use. */
export function registerTags(server: FakeServer, prefix: string, tags: ArrTag[], inUse: (id: number) => boolean = () => false): void {
	server.on(`GET ${prefix}/tag`, () => ({ body: tags }));
	server.on(`GET ${prefix}/tag/{id}`, ({ params }) => {
		const tag = tags.find((candidate) => candidate.id === Number(params.id));
		return tag ? { body: tag } : modelNotFound('Tag', params.id);
	});
	server.on(`POST ${prefix}/tag`, ({ body }) => {
		const label = String((body as Partial<ArrTag>)?.label ?? '').trim().toLowerCase();
		if (!label) return invalid(validationFailure('Label', "'Label' must not be empty.", 'NotEmptyValidator', ''));
		if (!/^[a-z0-9-]+$/.test(label)) return invalid(validationFailure('Label', 'Allowed characters a-z, 0-9 and -', 'RegularExpressionValidator', label));
		const existing = tags.find((tag) => tag.label === label);
		if (existing) return { status: 201, body: existing };
		const tag = { id: Math.max(0, ...tags.map((candidate) => candidate.id)) + 1, label };
		tags.push(tag);
		return { status: 201, body: tag };
	});
	server.on(`DELETE ${prefix}/tag/{id}`, ({ params }) => {
		const index = tags.findIndex((tag) => tag.id === Number(params.id));
		if (index < 0) return modelNotFound('Tag', params.id);
		if (inUse(tags[index].id)) return { status: 400, body: { message: `Unable to delete tag ${tags[index].label}, it is in use` } };
		tags.splice(index, 1);
		return { body: {} };
	});
}

// ---- commands ----------------------------------------------------------------------------------

/** A command's own fields (what its C# class adds to Command), with the type each must have. */
export interface CommandDefinition {
	name: string;
	fields?: Record<string, 'integer' | 'integer[]' | 'boolean' | 'string'>;
	/** Fields without which the command fails when it runs (the apps do not check them on POST). */
	required?: string[];
}

export interface FakeCommand {
	id: number;
	name: string;
	/** The fields the caller sent, besides name. */
	body: Record<string, unknown>;
	queued: string;
	started?: string;
	ended?: string;
	status: 'queued' | 'started' | 'completed' | 'failed' | 'aborted' | 'cancelled';
	message?: string;
	exception?: string;
	clientUserAgent?: string;
	/** The user set the state by hand: time no longer moves it. */
	pinned: boolean;
}

export type CommandTiming = 'manual' | { startAfterMs: number; completeAfterMs: number };

/** What a caller may send besides the command's own fields. */
const COMMAND_WRITABLE = new Set(['name', 'sendUpdatesToClient', 'suppressMessages', 'clientUserAgent', 'trigger']);

/**
 * The app's command queue: POST queues, then the command starts and completes as time
 * passes (`timing`), or only when a test says so (`timing: 'manual'`, then start()/complete()/
 * fail()). States are worked out when a command is read, so no timer outlives a test.
 */
export class FakeCommands {
	readonly all: FakeCommand[] = [];
	private nextId = 1;
	private readonly definitions: Map<string, CommandDefinition>;

	constructor(
		definitions: CommandDefinition[],
		private timing: CommandTiming = { startAfterMs: 20, completeAfterMs: 120 },
		private readonly options: { withResult: boolean; isLongRunning: boolean; isTypeExclusive: boolean } = { withResult: true, isLongRunning: true, isTypeExclusive: false },
		/** Runs once when a command completes, for the app's side effects (a search grabbing, a refresh). */
		private readonly onComplete?: (command: FakeCommand) => void,
	) {
		this.definitions = new Map(definitions.map((definition) => [definition.name.toLowerCase(), definition]));
	}

	setTiming(timing: CommandTiming): void {
		this.timing = timing;
	}

	/** Commands by name, e.g. named('RefreshSeries'). */
	named(name: string): FakeCommand[] {
		return this.all.filter((command) => command.name.toLowerCase() === name.toLowerCase());
	}

	start(id: number): FakeCommand {
		const command = this.require(id);
		command.pinned = true;
		if (command.status === 'queued') {
			command.status = 'started';
			command.started = new Date().toISOString();
		}
		return command;
	}

	complete(id: number, message = 'Completed'): FakeCommand {
		const command = this.start(id);
		this.finish(command, 'completed', message);
		return command;
	}

	fail(id: number, exception: string): FakeCommand {
		const command = this.start(id);
		command.exception = exception;
		this.finish(command, 'failed', `Failed: ${exception}`);
		return command;
	}

	/** The spec gaps of the command endpoints (see SpecGap). */
	specGaps(prefix: string): Record<string, SpecGap> {
		const describedPart = (resource: unknown): unknown => this.describedPart(resource);
		return {
			[`POST ${prefix}/command`]: { checkRequest: (body) => this.checkRequest(body), describedPart },
			[`GET ${prefix}/command/{id}`]: { describedPart },
			[`GET ${prefix}/command`]: { describedPart: (list) => (Array.isArray(list) ? list.map((item) => this.describedPart(item)) : list) },
		};
	}

	register(server: FakeServer, prefix: string): void {
		server.on(`POST ${prefix}/command`, (context) => this.post(context));
		server.on(`GET ${prefix}/command`, () => ({ body: this.all.filter((command) => this.advance(command).status !== 'cancelled').map((command) => this.resource(command)) }));
		server.on(`GET ${prefix}/command/{id}`, ({ params }) => {
			const command = this.all.find((candidate) => candidate.id === Number(params.id));
			return command ? { body: this.resource(this.advance(command)) } : modelNotFound('CommandModel', params.id);
		});
		server.on(`DELETE ${prefix}/command/{id}`, ({ params }) => {
			const command = this.all.find((candidate) => candidate.id === Number(params.id));
			if (!command) return modelNotFound('CommandModel', params.id);
			// Like the apps: only a command still waiting can be cancelled.
			if (this.advance(command).status !== 'queued') return { status: 400, body: { message: 'Unable to cancel task' } };
			command.pinned = true;
			command.status = 'cancelled';
			command.ended = new Date().toISOString();
			return { body: {} };
		});
	}

	private post({ body, headers }: HandlerContext): HandlerResult {
		const sent = (body ?? {}) as Record<string, unknown>;
		const name = typeof sent.name === 'string' ? sent.name.trim() : '';
		if (!name) return invalid(validationFailure('Name', "'Name' must not be empty.", 'NotEmptyValidator', sent.name ?? ''));
		const definition = this.definitions.get(name.toLowerCase());
		// The apps look the class up with .Single(): an unknown name is an unhandled exception.
		if (!definition) return { status: 500, body: { message: 'Sequence contains no matching element', description: 'System.InvalidOperationException: Sequence contains no matching element' } };
		const own: Record<string, unknown> = {};
		for (const key of Object.keys(definition.fields ?? {})) if (key in sent) own[key] = sent[key];
		const command = this.queue(definition.name, own, typeof headers['user-agent'] === 'string' ? headers['user-agent'] : undefined);
		return { status: 201, body: this.resource(command) };
	}

	/** Queues a command as the app does on its own (a refresh after an add, a search after a blocklisting). */
	queue(name: string, body: Record<string, unknown> = {}, clientUserAgent?: string): FakeCommand {
		const command: FakeCommand = { id: this.nextId++, name, body, queued: new Date().toISOString(), status: 'queued', clientUserAgent, pinned: false };
		this.all.push(command);
		return command;
	}

	private checkRequest(body: unknown): string[] {
		if (!body || typeof body !== 'object' || Array.isArray(body)) return ['a command is a JSON object with a name'];
		const sent = body as Record<string, unknown>;
		if (typeof sent.name !== 'string') return ['a command needs "name" as a string'];
		const definition = this.definitions.get(sent.name.toLowerCase());
		if (!definition) return []; // an answer for the app to give (500), not a malformed request
		const problems: string[] = [];
		for (const [key, value] of Object.entries(sent)) {
			if (COMMAND_WRITABLE.has(key)) continue;
			const type = definition.fields?.[key];
			if (!type) {
				problems.push(`${definition.name} has no field "${key}" (it takes: ${Object.keys(definition.fields ?? {}).join(', ') || 'nothing'})`);
				continue;
			}
			const ok =
				type === 'integer'
					? Number.isInteger(value)
					: type === 'integer[]'
						? Array.isArray(value) && value.every((item) => Number.isInteger(item))
						: typeof value === type;
			if (!ok) problems.push(`${definition.name}.${key} must be ${type === 'integer[]' ? 'an array of integers' : `a ${type}`} (got ${JSON.stringify(value)})`);
		}
		return problems;
	}

	private describedPart(resource: unknown): unknown {
		if (!resource || typeof resource !== 'object') return resource;
		const record = resource as Record<string, unknown>;
		const body = record.body as Record<string, unknown> | undefined;
		if (!body) return resource;
		const definition = this.definitions.get(String(record.name ?? '').toLowerCase());
		const own = new Set(Object.keys(definition?.fields ?? {}));
		return { ...record, body: Object.fromEntries(Object.entries(body).filter(([key]) => !own.has(key))) };
	}

	private require(id: number): FakeCommand {
		const command = this.all.find((candidate) => candidate.id === id);
		if (!command) throw new Error(`The fake has no command ${id}.`);
		return command;
	}

	/** Moves a command along by the clock, unless a test took it in hand. */
	private advance(command: FakeCommand): FakeCommand {
		if (command.pinned || this.timing === 'manual' || command.status === 'completed' || command.status === 'failed' || command.status === 'cancelled') return command;
		const age = Date.now() - Date.parse(command.queued);
		if (age >= this.timing.startAfterMs && command.status === 'queued') {
			command.status = 'started';
			command.started = new Date(Date.parse(command.queued) + this.timing.startAfterMs).toISOString();
		}
		if (age >= this.timing.completeAfterMs && command.status === 'started') {
			const missing = (this.definitions.get(command.name.toLowerCase())?.required ?? []).filter((key) => command.body[key] === undefined);
			if (missing.length) {
				command.exception = `${command.name} needs ${missing.join(', ')}`;
				this.finish(command, 'failed', `Failed: ${command.exception}`, Date.parse(command.queued) + this.timing.completeAfterMs);
			} else {
				this.finish(command, 'completed', 'Completed', Date.parse(command.queued) + this.timing.completeAfterMs);
			}
		}
		return command;
	}

	private finish(command: FakeCommand, status: 'completed' | 'failed', message: string, at = Date.now()): void {
		command.status = status;
		command.message = message;
		command.ended = new Date(Math.max(at, Date.parse(command.started ?? command.queued))).toISOString();
		if (status === 'completed') this.onComplete?.(command);
	}

	private resource(command: FakeCommand): Record<string, unknown> {
		const startedMs = command.started ? Date.parse(command.started) : undefined;
		const endedMs = command.ended ? Date.parse(command.ended) : undefined;
		const body: Record<string, unknown> = {
			...command.body,
			sendUpdatesToClient: true,
			updateScheduledTask: Object.keys(command.body).length === 0,
			completionMessage: 'Completed',
			requiresDiskAccess: false,
			isExclusive: false,
			name: command.name,
			trigger: 'manual',
			suppressMessages: false,
			...(command.clientUserAgent ? { clientUserAgent: command.clientUserAgent } : {}),
			...(this.options.isLongRunning ? { isLongRunning: false } : {}),
			...(this.options.isTypeExclusive ? { isTypeExclusive: false } : {}),
		};
		const resource: Record<string, unknown> = {
			id: command.id,
			name: command.name,
			commandName: command.name.replace(/([a-z])([A-Z])/g, '$1 $2'),
			message: command.message ?? null,
			body,
			priority: 'normal',
			status: command.status,
			queued: command.queued,
			started: command.started ?? null,
			ended: command.ended ?? null,
			duration: startedMs !== undefined && endedMs !== undefined ? timeSpan(endedMs - startedMs) : null,
			trigger: 'manual',
			clientUserAgent: command.clientUserAgent ?? null,
			stateChangeTime: command.ended ?? command.started ?? command.queued,
			sendUpdatesToClient: true,
			updateScheduledTask: body.updateScheduledTask,
			lastExecutionTime: null,
		};
		if (command.exception) resource.exception = command.exception;
		if (this.options.withResult) resource.result = command.status === 'completed' ? 'successful' : command.status === 'failed' ? 'unsuccessful' : 'unknown';
		return resource;
	}
}

/** A .NET TimeSpan as the apps write it: 00:00:01.2340000. */
function timeSpan(ms: number): string {
	const total = Math.max(0, ms);
	const hours = Math.floor(total / 3_600_000);
	const minutes = Math.floor((total % 3_600_000) / 60_000);
	const seconds = Math.floor((total % 60_000) / 1000);
	const ticks = Math.round((total % 1000) * 10_000);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(ticks).padStart(7, '0')}`;
}

// ---- connections and their webhooks --------------------------------------------------------------

/** One webhook call the fake app made (a Test on save, or an event). */
export interface WebhookDelivery {
	notificationId?: number;
	eventType: string;
	method: 'POST' | 'PUT';
	url: string;
	/** The Authorization header sent, if the connection has a username or password. */
	authorization?: string;
	payload: Record<string, unknown>;
	/** The receiver's status; undefined when no answer came. */
	status?: number;
	error?: string;
}

export interface ConnectionsApp {
	/** "Sonarr", used in the User-Agent and in messages. */
	name: string;
	version: string;
	/** The settings template of every connection type the app offers (GET /notification/schema). */
	templates: () => ArrNotification[];
	/** The payload of the app's "Test" event. */
	testPayload: () => Record<string, unknown>;
	/** Whether a connection takes this event, given the event's payload (the apps route on it: upgrades, reasons, levels). */
	wants: (notification: ArrNotification, eventType: string, payload: Record<string, unknown>) => boolean;
}

/**
 * The app's connections: CRUD with the apps' validation (a name, unique; a webhook URL), the
 * test the apps run on save unless forceSave (a "Test" event posted to the URL; a receiver
 * that does not answer 2xx makes the save fail), and the webhooks the app posts when an event
 * happens, with the connection's username and password as HTTP Basic auth.
 */
export class FakeConnections {
	readonly notifications: ArrNotification[] = [];
	readonly deliveries: WebhookDelivery[] = [];
	private nextId = 1;

	constructor(private readonly app: ConnectionsApp) {}

	register(server: FakeServer, prefix: string): void {
		server.on(`GET ${prefix}/notification`, () => ({ body: this.notifications }));
		server.on(`GET ${prefix}/notification/schema`, () => ({ body: this.app.templates() }));
		server.on(`GET ${prefix}/notification/{id}`, ({ params }) => {
			const found = this.notifications.find((notification) => notification.id === Number(params.id));
			return found ? { body: found } : modelNotFound('NotificationDefinition', params.id);
		});
		server.on(`POST ${prefix}/notification`, async ({ body, query }) => {
			const resource = this.complete(body as ArrNotification, 0);
			const problems = this.validate(resource);
			if (problems.length) return invalid(...problems);
			if (!flag(query.forceSave)) {
				const failure = await this.test(resource);
				if (failure) return invalid(failure);
			}
			resource.id = this.nextId++;
			this.notifications.push(resource);
			return { status: 201, body: resource };
		});
		server.on(`PUT ${prefix}/notification/{id}`, async ({ params, body, query }) => {
			const index = this.notifications.findIndex((notification) => notification.id === Number(params.id));
			if (index < 0) return modelNotFound('NotificationDefinition', params.id);
			const resource = this.complete(body as ArrNotification, Number(params.id));
			const problems = this.validate(resource);
			if (problems.length) return invalid(...problems);
			if (!flag(query.forceSave)) {
				const failure = await this.test(resource);
				if (failure) return invalid(failure);
			}
			this.notifications[index] = resource;
			return { status: 202, body: resource };
		});
		server.on(`DELETE ${prefix}/notification/{id}`, ({ params }) => {
			const index = this.notifications.findIndex((notification) => notification.id === Number(params.id));
			if (index < 0) return modelNotFound('NotificationDefinition', params.id);
			this.notifications.splice(index, 1);
			return { body: {} };
		});
		server.on(`POST ${prefix}/notification/test`, async ({ body }) => {
			const resource = this.complete(body as ArrNotification, Number((body as ArrNotification)?.id ?? 0));
			const problems = this.validate(resource);
			if (problems.length) return invalid(...problems);
			const failure = await this.test(resource);
			return failure ? invalid(failure) : { body: {} };
		});
	}

	/**
	 * Posts an event to every webhook connection that takes it, one after another as the apps
	 * do, and returns what each receiver answered. A receiver that fails does not stop the others.
	 */
	async emit(eventType: string, payload: Record<string, unknown>): Promise<WebhookDelivery[]> {
		const out: WebhookDelivery[] = [];
		for (const notification of this.notifications) {
			if (notification.implementation !== 'Webhook') continue;
			if (eventType !== 'Test' && !this.app.wants(notification, eventType, payload)) continue;
			out.push(await this.deliver(notification, eventType, payload));
		}
		return out;
	}

	/** A saved resource: the body, with the template's supports* flags the apps always echo. */
	private complete(body: ArrNotification, id: number): ArrNotification {
		const template = this.app.templates().find((candidate) => candidate.implementation === body?.implementation);
		const supports = template ? Object.fromEntries(Object.entries(template).filter(([key]) => key.startsWith('supports'))) : {};
		const { presets: _presets, ...rest } = (body ?? {}) as ArrNotification;
		return { ...rest, ...supports, id, tags: rest.tags ?? [], fields: rest.fields ?? [] } as ArrNotification;
	}

	private validate(resource: ArrNotification): ValidationFailure[] {
		const failures: ValidationFailure[] = [];
		const name = typeof resource.name === 'string' ? resource.name.trim() : '';
		if (!name) failures.push(validationFailure('Name', "'Name' must not be empty.", 'NotEmptyValidator', resource.name ?? ''));
		else if (this.notifications.some((other) => other.id !== resource.id && String(other.name).toLowerCase() === name.toLowerCase())) {
			failures.push(validationFailure('Name', 'Should be unique', 'PredicateValidator', resource.name));
		}
		const template = this.app.templates().find((candidate) => candidate.implementation === resource.implementation);
		if (!template) failures.push(validationFailure('Implementation', `Unknown implementation "${String(resource.implementation)}"`, 'PredicateValidator', resource.implementation));
		if (resource.implementation === 'Webhook') {
			const url = fieldOf(resource, 'url');
			if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/i.test(url)) failures.push(validationFailure('Url', `Invalid Url: '${String(url ?? '')}'`, 'InvalidUrl', url ?? null));
			const method = fieldOf(resource, 'method');
			if (method !== 1 && method !== 2) failures.push(validationFailure('Method', `Invalid Webhook method ${String(method)}`, 'PredicateValidator', method ?? null));
		}
		return failures;
	}

	/** The apps' Test(): one "Test" event to the URL; any failure or non-2xx answer fails the save. */
	private async test(resource: ArrNotification): Promise<ValidationFailure | undefined> {
		if (resource.implementation !== 'Webhook') return undefined;
		const delivery = await this.deliver(resource, 'Test', this.app.testPayload());
		if (delivery.status !== undefined && delivery.status >= 200 && delivery.status < 300) return undefined;
		const reason = delivery.error ?? `HTTP request failed: [${delivery.status}:${http.STATUS_CODES[delivery.status ?? 0] ?? ''}] [${delivery.method}] at [${delivery.url}]`;
		return validationFailure('Url', `Unable to post to webhook: ${reason}`, '');
	}

	private async deliver(notification: ArrNotification, eventType: string, payload: Record<string, unknown>): Promise<WebhookDelivery> {
		const url = String(fieldOf(notification, 'url') ?? '');
		const method = fieldOf(notification, 'method') === 2 ? 'PUT' : 'POST';
		const username = String(fieldOf(notification, 'username') ?? '');
		const password = String(fieldOf(notification, 'password') ?? '');
		const authorization = username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
		const headers: Record<string, string> = {
			accept: 'application/json',
			'content-type': 'application/json',
			'user-agent': `${this.app.name}/${this.app.version} (debian 12)`,
		};
		if (authorization) headers.authorization = authorization;
		for (const line of (fieldOf(notification, 'headers') as unknown[] | undefined) ?? []) {
			const text = typeof line === 'string' ? line : line && typeof line === 'object' ? `${String((line as { key?: unknown }).key)}:${String((line as { value?: unknown }).value)}` : '';
			const at = text.indexOf(':');
			if (at > 0) headers[text.slice(0, at).trim().toLowerCase()] = text.slice(at + 1).trim();
		}
		const delivery: WebhookDelivery = { notificationId: notification.id || undefined, eventType, method, url, authorization, payload };
		try {
			delivery.status = await send(url, method, headers, JSON.stringify(payload));
		} catch (error) {
			delivery.error = (error as Error).message;
		}
		this.deliveries.push(delivery);
		return delivery;
	}
}

export function fieldOf(resource: { fields?: ArrField[] | null }, name: string): unknown {
	return (resource.fields ?? []).find((field) => field.name === name)?.value;
}

function send(url: string, method: string, headers: Record<string, string>, payload: string, timeoutMs = 10_000): Promise<number> {
	return new Promise((resolve, reject) => {
		const client = url.startsWith('https:') ? https : http;
		const request = client.request(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) }, agent: false, timeout: timeoutMs }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error(`The operation has timed out after ${timeoutMs} ms`)));
		request.on('error', reject);
		request.end(payload);
	});
}

/** A Servarr connection field as the schema lists it. */
export function schemaField(order: number, name: string, label: string, value: unknown, extra: Partial<ArrField> = {}): ArrField {
	return { order, name, label, value, type: 'textbox', advanced: false, privacy: 'normal', isFloat: false, ...extra };
}

/** The Webhook settings every Servarr app offers (URL, method, username, password), newer apps add headers. */
export function webhookFields(options: { headers: boolean }): ArrField[] {
	const fields = [
		schemaField(0, 'url', 'URL', null, { type: 'url' }),
		schemaField(1, 'method', 'Method', 1, {
			type: 'select',
			helpText: 'Which HTTP method to use submit to the Webservice',
			selectOptions: [
				{ value: 1, name: 'POST', order: 1 },
				{ value: 2, name: 'PUT', order: 2 },
			],
		}),
		schemaField(2, 'username', 'Username', null, { privacy: 'userName' }),
		schemaField(3, 'password', 'Password', null, { type: 'password', privacy: 'password' }),
	];
	if (options.headers) fields.push(schemaField(4, 'headers', 'Headers', [], { type: 'keyValueList', advanced: true }));
	return fields;
}

/** A connection template: every on* flag off, each supports* flag as the app sets it for that type. */
export function notificationTemplate(options: {
	implementation: string;
	infoLink: string;
	fields: ArrField[];
	supports: Record<string, boolean>;
	extra?: Record<string, unknown>;
}): ArrNotification {
	const flags: Record<string, boolean> = {};
	for (const event of Object.keys(options.supports)) flags[event] = false;
	const supports = Object.fromEntries(Object.entries(options.supports).map(([event, supported]) => [`supports${event[0].toUpperCase()}${event.slice(1)}`, supported]));
	return {
		name: null as unknown as string,
		fields: options.fields,
		implementationName: options.implementation,
		implementation: options.implementation,
		configContract: `${options.implementation}Settings`,
		infoLink: options.infoLink,
		tags: [],
		presets: [],
		...flags,
		...options.extra,
		...supports,
	};
}

/**
 * Whether a connection takes a health event: errors always, warnings only with
 * includeHealthWarnings (the apps' rule for both Health and HealthRestored).
 */
export function wantsHealth(notification: ArrNotification, flagName: string, payload: Record<string, unknown>): boolean {
	if (notification[flagName] !== true) return false;
	return payload.level === 'error' || notification.includeHealthWarnings === true;
}

// ---- the app fake ------------------------------------------------------------------------------

/** What an app's fake states about the app, once: the facts FakeArrApp serves. */
export interface ArrApp {
	/** "Sonarr": the server's name, the app and instance name, the User-Agent of its webhooks. */
	name: string;
	version: string;
	/** The spec file (see FakeServerOptions.spec). */
	spec: string;
	/** The API prefix, e.g. /api/v3. */
	prefix: string;
	commands: CommandDefinition[];
	commandOptions: { withResult: boolean; isLongRunning: boolean; isTypeExclusive: boolean };
	/** How fast the app runs its commands when the test does not say (default: FakeCommands'). */
	commandTiming?: CommandTiming;
	/** What system/status says besides the name, the version and what every app says alike. */
	status: { buildTime: string; branch: string; migrationVersion: number; runtimeVersion: string; packageRelease: string; extra?: Record<string, unknown> };
	templates: ConnectionsApp['templates'];
	wants: ConnectionsApp['wants'];
	/** The app's spec gaps besides the command endpoints'. */
	specGaps?: Record<string, SpecGap>;
}

export interface ArrFakeOptions {
	/** Default: a random 32-hex-digit key, like the apps generate. */
	apiKey?: string;
	port?: number;
	commandTiming?: CommandTiming;
	allowViolations?: boolean;
	/** Check the fake's own answers against the spec (default true); benchmarks of large answers turn it off. */
	validateResponses?: boolean;
}

/** What a fake is built from: the app, its key, its server (spec loaded, not yet listening) and its command queue. */
export interface ArrFakeSetup {
	app: ArrApp;
	apiKey: string;
	server: FakeServer;
	commands: FakeCommands;
}

/** The app's server as the apps guard it: the key in X-Api-Key or ?apikey=, /ping open to all. */
export async function arrFakeSetup(app: ArrApp, options: ArrFakeOptions): Promise<ArrFakeSetup> {
	const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
	const commands = new FakeCommands(app.commands, options.commandTiming ?? app.commandTiming, app.commandOptions);
	const server = await FakeServer.create({
		name: app.name,
		spec: app.spec,
		apiKey,
		port: options.port,
		allowViolations: options.allowViolations,
		validateResponses: options.validateResponses,
		anonymous: ['GET /ping'],
		fallbackAuth: [
			{ in: 'header', name: 'X-Api-Key' },
			{ in: 'query', name: 'apikey' },
		],
		specGaps: { ...commands.specGaps(app.prefix), ...app.specGaps },
	});
	return { app, apiKey, server, commands };
}

/**
 * A fake Servarr app: /ping, system status, health, the command queue and the connections on
 * the app's prefix, the webhooks it posts (emitWebhook), faults, and stop/start on the same port.
 * Each app's fake adds its own routes in register() and builds its own webhook payloads.
 */
export abstract class FakeArrApp<Event extends string> {
	readonly apiKey: string;
	readonly server: FakeServer;
	readonly commands: FakeCommands;
	/** Settings → Connect: the connections, and the webhooks the fake posts (emitWebhook). */
	readonly connections: FakeConnections;
	/** Extra health checks to report. */
	readonly health: ArrHealthCheck[] = [];
	protected readonly app: ArrApp;
	private readonly startTime = new Date().toISOString();

	protected constructor(setup: ArrFakeSetup) {
		this.app = setup.app;
		this.apiKey = setup.apiKey;
		this.server = setup.server;
		this.commands = setup.commands;
		this.connections = new FakeConnections({
			name: setup.app.name,
			version: setup.app.version,
			templates: setup.app.templates,
			testPayload: () => this.webhookPayload('Test'),
			wants: setup.app.wants,
		});
	}

	/** The payload the app posts for an event, built from the fake's state. */
	abstract webhookPayload(eventType: Event | 'Test'): Record<string, unknown>;

	/** Posts an event to every webhook connection that takes it, as the app would; the payload's top-level fields can be overridden. */
	emitWebhook(eventType: Event | 'Test', overrides: Record<string, unknown> = {}): Promise<WebhookDelivery[]> {
		return this.connections.emit(eventType, { ...this.webhookPayload(eventType), ...overrides });
	}

	get url(): string {
		return this.server.url;
	}

	get port(): number {
		return this.server.port;
	}

	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	get violations(): Violation[] {
		return this.server.violations;
	}

	get webhookDeliveries(): WebhookDelivery[] {
		return this.connections.deliveries;
	}

	fault(fault: Fault, options?: FaultOptions): void {
		this.server.fault(fault, options);
	}

	clearFaults(): void {
		this.server.clearFaults();
	}

	/** "The app is down": stops listening, keeps state and port. */
	stop(): Promise<void> {
		return this.server.stop();
	}

	/** "The app is back": listens again on the same port. */
	start(): Promise<void> {
		return this.server.start();
	}

	/** Stops for good; throws if any request broke the spec (unless allowViolations). */
	close(): Promise<void> {
		return this.server.close();
	}

	/** Registers the routes and starts listening. */
	protected async listen(): Promise<this> {
		this.register();
		await this.server.start();
		return this;
	}

	/** The routes every app serves; each app's fake adds its own. */
	protected register(): void {
		const { server } = this;
		const { prefix } = this.app;
		server.on('GET /ping', () => ({ body: { status: 'OK' } }));
		server.on(`GET ${prefix}/system/status`, () => ({ body: this.systemStatus() }));
		server.on(`GET ${prefix}/health`, () => ({ body: this.healthChecks() }));
		this.commands.register(server, prefix);
		this.connections.register(server, prefix);
	}

	/** What GET /health answers: the extra checks, unless the app derives some from its state. */
	protected healthChecks(): ArrHealthCheck[] {
		return this.health;
	}

	private systemStatus(): Record<string, unknown> {
		const { name, version, status } = this.app;
		return {
			appName: name,
			instanceName: name,
			version,
			buildTime: status.buildTime,
			isDebug: false,
			isProduction: true,
			isAdmin: false,
			isUserInteractive: false,
			startupPath: `/app/${name.toLowerCase()}/bin`,
			appData: '/config',
			osName: 'debian',
			osVersion: '12',
			isNetCore: true,
			isLinux: true,
			isOsx: false,
			isWindows: false,
			isDocker: true,
			mode: 'console',
			branch: status.branch,
			databaseType: 'sqLite',
			databaseVersion: '3.46.1',
			authentication: 'forms',
			migrationVersion: status.migrationVersion,
			urlBase: '',
			runtimeVersion: status.runtimeVersion,
			runtimeName: '.NET',
			startTime: this.startTime,
			packageVersion: `${version}-${status.packageRelease}`,
			packageAuthor: '[linuxserver.io](https://linuxserver.io)',
			packageUpdateMechanism: 'docker',
			...status.extra,
		};
	}
}
