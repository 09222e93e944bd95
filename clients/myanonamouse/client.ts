import { ClientError, ServiceInfo, parseRetryAfter } from '../core/errors';
import { HttpRequest, HttpResponse, HttpResponseHead, HttpTransport, headerValue, headerValues, joinUrl } from '../core/http';
import { maskSecret, scrubSecrets } from '../core/redact';
import type { MamOutcome, MamResult, MamSeedboxResponse, MamUserStats } from './types';

export const MYANONAMOUSE: ServiceInfo = {
	name: 'MyAnonamouse',
	authFix:
		'create a new session on MyAnonamouse (Preferences → Security), IP- or ASN-locked with "Allow Dynamic Seedbox", and set its mam_id with `mediastack mam set-id`.',
	reachFix: 'check this machine can reach myanonamouse.net (DNS, VPN, firewall).',
};

export const MAM_SEEDBOX_BASE_URL = 'https://t.myanonamouse.net';
export const MAM_SITE_BASE_URL = 'https://www.myanonamouse.net';

/** MAM allows one dynamic-seedbox IP change per hour. */
const DEFAULT_RATE_LIMIT_MS = 60 * 60 * 1000;

export interface MyAnonamouseClientOptions {
	transport: HttpTransport;
	/** Overridable for tests and mirrors. */
	seedboxBaseUrl?: string;
	siteBaseUrl?: string;
}

export interface MamCallOptions {
	/**
	 * Called as soon as MAM's status line and headers are in, before the body is read, with the
	 * rotated cookie if the headers carry one: the place to save it, so that an answer cut off
	 * after its headers loses nothing. The body waits until the promise settles; a rejection
	 * fails the call with that error. Only transports that honour `HttpRequest.onHeaders` call it
	 * (the runner's does; n8n's see the whole response at once), so the caller must still save
	 * `newMamId` from the result when this was not called.
	 */
	onAnswerHead?: (head: { status: number; newMamId?: string }) => Promise<void>;
}

/**
 * MyAnonamouse session calls. The cookie rotates: every answer may carry a new `mam_id`,
 * so the calls never throw once a response arrived — they return the classified outcome
 * together with any new cookie, and the caller saves that cookie first. Only a failure
 * with no response at all (network, timeout) throws.
 */
export class MyAnonamouseClient {
	private readonly transport: HttpTransport;
	private readonly seedboxBaseUrl: string;
	private readonly siteBaseUrl: string;

	constructor(options: MyAnonamouseClientOptions) {
		this.transport = options.transport;
		this.seedboxBaseUrl = options.seedboxBaseUrl ?? MAM_SEEDBOX_BASE_URL;
		this.siteBaseUrl = options.siteBaseUrl ?? MAM_SITE_BASE_URL;
	}

	/** Registers this machine's IP for the session (the dynamic seedbox call); doubles as keepalive. */
	async updateDynamicSeedbox(mamId: string, options: MamCallOptions = {}): Promise<MamResult<MamSeedboxResponse>> {
		const response = await this.send(mamId, joinUrl(this.seedboxBaseUrl, '/json/dynamicSeedbox.php'), options);
		return classifySeedboxResponse(response, mamId);
	}

	/** The user's stats (ratio, bonus points, class); also proves the cookie is alive. */
	async getUserStats(mamId: string, options: MamCallOptions = {}): Promise<MamResult<MamUserStats>> {
		const response = await this.send(mamId, joinUrl(this.siteBaseUrl, '/jsonLoad.php'), options);
		return classifyStatsResponse(response, mamId);
	}

	private send(mamId: string, url: string, options: MamCallOptions): Promise<HttpResponse> {
		assertCookieShape(mamId);
		const request: HttpRequest = { method: 'GET', url, headers: { cookie: `mam_id=${mamId}`, accept: 'application/json' } };
		const onAnswerHead = options.onAnswerHead;
		if (onAnswerHead) request.onHeaders = (head) => onAnswerHead({ status: head.status, newMamId: rotatedMamId(head) });
		return this.transport.request(request);
	}
}

/** Rejects values that would break the Cookie header or are obviously not a mam_id. */
function assertCookieShape(mamId: string): void {
	if (typeof mamId !== 'string' || mamId.trim() === '' || /[\s;,]/.test(mamId)) {
		throw new ClientError(
			`The MyAnonamouse mam_id ${maskSecret(mamId)} is empty or contains spaces, commas or semicolons. Fix: copy only the mam_id value from MAM's Security page.`,
			{ service: MYANONAMOUSE.name },
		);
	}
}

/**
 * The new cookie from the Set-Cookie headers, if MAM rotated it. When several set mam_id, the
 * last one wins, as in a browser. The value is kept verbatim (not URL-decoded): a browser sends
 * back exactly what it was given, and decoding would turn %2B into + and break the session.
 */
export function rotatedMamId(response: HttpResponseHead): string | undefined {
	let found: string | undefined;
	for (const header of headerValues(response, 'set-cookie')) {
		// Some transports fold several Set-Cookie headers into one line; split only where a new
		// `name=` starts, so the comma inside `expires=Thu, 01-Jan-2026 ...` is left alone.
		for (const part of header.split(/,(?=\s*[A-Za-z0-9_-]+=)/)) {
			const match = /^\s*mam_id=([^;]*)/.exec(part);
			const value = match?.[1]?.trim().replace(/^"(.*)"$/, '$1');
			if (value && value !== 'deleted') found = value;
		}
	}
	return found;
}

function looksLikeHtml(body: string): boolean {
	return /^\s*</.test(body) && /<html|<!doctype html|<body|<head/i.test(body.slice(0, 500));
}

function parseJson<T>(body: string): T | undefined {
	try {
		return JSON.parse(body) as T;
	} catch {
		return undefined;
	}
}

function result<T>(response: HttpResponse, outcome: MamOutcome, message: string, secrets: Secrets, data?: T, retryAfterMs?: number): MamResult<T> {
	const newMamId = rotatedMamId(response);
	return {
		outcome,
		accepted: outcome === 'ok' || outcome === 'no_change',
		status: response.status,
		// The message may quote the body; a page that echoes the cookie must not leak it.
		message: scrubSecrets(message, [...secrets, newMamId]),
		newMamId,
		retryAfterMs,
		data,
	};
}

type Secrets = Array<string | undefined>;

/**
 * Classifies a /json/dynamicSeedbox.php answer. MAM's messages, as its users report them:
 * "Completed", "No Change", "Last Change too recent" (429), "No Session Cookie",
 * "Invalid session", "Invalid session - Invalid cookie", "Invalid session - IP mismatch",
 * "Invalid session - ASN mismatch", "Incorrect session type - not allowed this function",
 * "Incorrect session type - non-API session" (403). The two mismatches mean a live session
 * used from the wrong network, so they are checked before the generic "Invalid session".
 * `sentMamId` is masked in the message should the page echo it.
 */
export function classifySeedboxResponse(response: HttpResponse, sentMamId?: string): MamResult<MamSeedboxResponse> {
	const secrets: Secrets = [sentMamId];
	if (looksLikeHtml(response.body)) {
		return result(response, 'unexpected_html', `MyAnonamouse answered the dynamic seedbox call with an HTML page (HTTP ${response.status}) instead of JSON; the site may be down or behind a challenge.`, secrets);
	}
	const body = parseJson<MamSeedboxResponse>(response.body);
	const msg = typeof body?.msg === 'string' ? body.msg : '';
	const lower = msg.toLowerCase();
	if (response.status === 429 || lower.includes('too recent')) {
		const retryAfterMs = parseRetryAfter(headerValue(response, 'retry-after')) ?? DEFAULT_RATE_LIMIT_MS;
		return result(response, 'rate_limited', msg || 'Last change too recent', secrets, body, retryAfterMs);
	}
	if (lower.includes('incorrect session type') || lower.includes('mismatch')) {
		return result(response, 'wrong_session_type', msg, secrets, body);
	}
	if (lower.includes('invalid session') || lower.includes('no session cookie')) return result(response, 'invalid_session', msg, secrets, body);
	if (response.status === 200 && body?.Success !== false) {
		if (lower.includes('no change')) return result(response, 'no_change', msg, secrets, body);
		if (lower.includes('completed') || body?.Success === true) return result(response, 'ok', msg || 'Completed', secrets, body);
	}
	if (response.status === 403 || response.status === 401) return result(response, 'invalid_session', msg || `HTTP ${response.status}`, secrets, body);
	// Scrub before cutting: a cut could keep part of a cookie that scrubbing would no longer match.
	const excerpt = scrubSecrets(response.body, [sentMamId, rotatedMamId(response)]).slice(0, 80);
	return result(response, 'unexpected', msg || `HTTP ${response.status}: ${excerpt}`, secrets, body);
}

/** Classifies a /jsonLoad.php answer; a dead cookie gets the login page rather than an error status. */
export function classifyStatsResponse(response: HttpResponse, sentMamId?: string): MamResult<MamUserStats> {
	const secrets: Secrets = [sentMamId];
	if (looksLikeHtml(response.body)) {
		const loginPage = /login|log in|sign in/i.test(response.body);
		return result(
			response,
			loginPage ? 'invalid_session' : 'unexpected_html',
			loginPage ? 'MyAnonamouse answered with its login page: the session is not valid.' : `MyAnonamouse answered with an HTML page (HTTP ${response.status}) instead of JSON.`,
			secrets,
		);
	}
	const body = parseJson<MamUserStats & { error?: string; msg?: string }>(response.body);
	if (response.status === 429) {
		return result(response, 'rate_limited', 'Too many requests', secrets, body, parseRetryAfter(headerValue(response, 'retry-after')));
	}
	if (response.status === 200 && body && (body.uid !== undefined || body.username !== undefined)) {
		return result(response, 'ok', 'User stats loaded', secrets, body);
	}
	const message = body?.error ?? body?.msg ?? `HTTP ${response.status}`;
	if (response.status === 401 || response.status === 403 || /invalid session|not logged/i.test(message)) {
		return result(response, 'invalid_session', message, secrets, body);
	}
	return result(response, 'unexpected', message, secrets, body);
}
