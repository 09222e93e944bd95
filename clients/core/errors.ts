import { redactUrl } from './redact';

/**
 * Typed errors shared by every client. Each says which service failed, what the user can do
 * about it, and whether trying again later may help (`retryable`). Clients never retry on
 * their own: n8n's Retry On Fail and Temporal's retry policies read `retryable` and
 * `retryAfterMs` instead.
 */
export type ErrorKind =
	| 'auth'
	| 'not_found'
	| 'client'
	| 'rate_limited'
	| 'server'
	| 'timeout'
	| 'network'
	| 'protocol'
	| 'config';

export interface ServiceInfo {
	/** Display name, e.g. "Prowlarr". */
	name: string;
	/** What to check when the credentials are refused. */
	authFix: string;
	/** What to check when the service cannot be reached. */
	reachFix: string;
	/** A typical address, shown when the configured URL is not usable, e.g. "http://sonarr:8989". */
	exampleUrl?: string;
}

export interface ErrorContext {
	service: string;
	method?: string;
	url?: string;
	status?: number;
	retryAfterMs?: number;
	fix?: string;
	cause?: unknown;
}

export abstract class MediastackError extends Error {
	abstract readonly kind: ErrorKind;
	abstract readonly retryable: boolean;
	readonly service: string;
	readonly method?: string;
	/** Redacted: never holds a credential. */
	readonly url?: string;
	readonly status?: number;
	readonly fix?: string;

	constructor(message: string, context: ErrorContext) {
		super(message, context.cause === undefined ? undefined : { cause: context.cause });
		this.name = new.target.name;
		this.service = context.service;
		this.method = context.method;
		this.url = context.url === undefined ? undefined : redactUrl(context.url);
		this.status = context.status;
		this.fix = context.fix;
	}

	/** A plain, secret-free summary for events and API answers. */
	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			kind: this.kind,
			service: this.service,
			message: this.message,
			retryable: this.retryable,
			status: this.status,
			method: this.method,
			url: this.url,
			fix: this.fix,
		};
	}
}

/** 401/403: the key, password or cookie was refused. Retrying will not help. */
export class AuthError extends MediastackError {
	readonly kind = 'auth';
	readonly retryable = false;
}

/** 404, or an object the caller asked for does not exist. */
export class NotFoundError extends MediastackError {
	readonly kind = 'not_found';
	readonly retryable = false;
}

/** Other 4xx: the request itself is wrong (validation failed, bad parameter). */
export class ClientError extends MediastackError {
	readonly kind = 'client';
	readonly retryable = false;
	/** Upstream validation messages, already free of secrets. */
	readonly details?: unknown;
	constructor(message: string, context: ErrorContext & { details?: unknown }) {
		super(message, context);
		this.details = context.details;
	}
}

/** 429 (or a service-specific "too soon"): retry after `retryAfterMs` when known. */
export class RateLimitError extends MediastackError {
	readonly kind = 'rate_limited';
	readonly retryable = true;
	readonly retryAfterMs?: number;
	constructor(message: string, context: ErrorContext) {
		super(message, context);
		this.retryAfterMs = context.retryAfterMs;
	}
}

/** 5xx: the service is up but failing; usually passes. */
export class ServerError extends MediastackError {
	readonly kind = 'server';
	readonly retryable = true;
}

export class TimeoutError extends MediastackError {
	readonly kind = 'timeout';
	readonly retryable = true;
}

/** No response at all: refused, reset, DNS failure. */
export class NetworkError extends MediastackError {
	readonly kind = 'network';
	readonly retryable = true;
}

/** A response arrived but is not what the API promises (HTML instead of JSON, bad XML). */
export class ProtocolError extends MediastackError {
	readonly kind = 'protocol';
	readonly retryable = false;
}

/** Our own configuration is wrong (missing URL, malformed value). */
export class ConfigError extends MediastackError {
	readonly kind = 'config';
	readonly retryable = false;
}

export function isMediastackError(error: unknown): error is MediastackError {
	return error instanceof MediastackError;
}

export function isRetryable(error: unknown): boolean {
	return isMediastackError(error) && error.retryable;
}

/** Every error class by name, so adapters can rebuild or list them (Temporal's nonRetryableErrorTypes). */
export const ERROR_CLASSES = {
	AuthError,
	NotFoundError,
	ClientError,
	RateLimitError,
	ServerError,
	TimeoutError,
	NetworkError,
	ProtocolError,
	ConfigError,
} as const;

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
