import { ClientError, ServiceInfo, parseRetryAfter } from '../core/errors';
import { HttpRequest, HttpResponse, HttpTransport, headerValue, headerValues, joinUrl } from '../core/http';
import { maskSecret } from '../core/redact';
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
	async updateDynamicSeedbox(mamId: string): Promise<MamResult<MamSeedboxResponse>> {
		const response = await this.send(mamId, joinUrl(this.seedboxBaseUrl, '/json/dynamicSeedbox.php'));
		return classifySeedboxResponse(response);
	}

	/** The user's stats (ratio, bonus points, class); also proves the cookie is alive. */
	async getUserStats(mamId: string): Promise<MamResult<MamUserStats>> {
		const response = await this.send(mamId, joinUrl(this.siteBaseUrl, '/jsonLoad.php'));
		return classifyStatsResponse(response);
	}

	private send(mamId: string, url: string): Promise<HttpResponse> {
		assertCookieShape(mamId);
		const request: HttpRequest = { method: 'GET', url, headers: { cookie: `mam_id=${mamId}`, accept: 'application/json' } };
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

/** The new cookie from any Set-Cookie header, if MAM rotated it. */
export function rotatedMamId(response: HttpResponse): string | undefined {
	for (const header of headerValues(response, 'set-cookie')) {
		for (const part of header.split(/,(?=\s*[A-Za-z0-9_-]+=)/)) {
			const match = /^\s*mam_id=([^;]*)/.exec(part);
			if (match && match[1] && match[1] !== 'deleted') return decodeURIComponent(match[1]);
		}
	}
	return undefined;
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

function result<T>(response: HttpResponse, outcome: MamOutcome, message: string, data?: T, retryAfterMs?: number): MamResult<T> {
	return {
		outcome,
		accepted: outcome === 'ok' || outcome === 'no_change',
		status: response.status,
		message,
		newMamId: rotatedMamId(response),
		retryAfterMs,
		data,
	};
}

export function classifySeedboxResponse(response: HttpResponse): MamResult<MamSeedboxResponse> {
	if (looksLikeHtml(response.body)) {
		return result(response, 'unexpected_html', `MyAnonamouse answered the dynamic seedbox call with an HTML page (HTTP ${response.status}) instead of JSON; the site may be down or behind a challenge.`);
	}
	const body = parseJson<MamSeedboxResponse>(response.body);
	const msg = typeof body?.msg === 'string' ? body.msg : '';
	const lower = msg.toLowerCase();
	if (response.status === 429 || lower.includes('too recent')) {
		const retryAfterMs = parseRetryAfter(headerValue(response, 'retry-after')) ?? DEFAULT_RATE_LIMIT_MS;
		return result(response, 'rate_limited', msg || 'Last change too recent', body, retryAfterMs);
	}
	if (lower.includes('invalid session')) return result(response, 'invalid_session', msg, body);
	if (lower.includes('incorrect session type') || lower.includes('asn') || lower.includes('ip mismatch')) {
		return result(response, 'wrong_session_type', msg, body);
	}
	if (response.status === 200 && body?.Success !== false) {
		if (lower.includes('no change')) return result(response, 'no_change', msg, body);
		if (lower.includes('completed') || body?.Success === true) return result(response, 'ok', msg || 'Completed', body);
	}
	if (response.status === 403 || response.status === 401) return result(response, 'invalid_session', msg || `HTTP ${response.status}`, body);
	return result(response, 'unexpected', msg || `HTTP ${response.status}: ${response.body.slice(0, 80)}`, body);
}

export function classifyStatsResponse(response: HttpResponse): MamResult<MamUserStats> {
	// A dead cookie gets the login page, not an error status.
	if (looksLikeHtml(response.body)) {
		const loginPage = /login|log in|sign in/i.test(response.body);
		return result(
			response,
			loginPage ? 'invalid_session' : 'unexpected_html',
			loginPage ? 'MyAnonamouse answered with its login page: the session is not valid.' : `MyAnonamouse answered with an HTML page (HTTP ${response.status}) instead of JSON.`,
		);
	}
	const body = parseJson<MamUserStats & { error?: string; msg?: string }>(response.body);
	if (response.status === 429) {
		return result(response, 'rate_limited', 'Too many requests', body, parseRetryAfter(headerValue(response, 'retry-after')));
	}
	if (response.status === 200 && body && (body.uid !== undefined || body.username !== undefined)) {
		return result(response, 'ok', 'User stats loaded', body);
	}
	const message = body?.error ?? body?.msg ?? `HTTP ${response.status}`;
	if (response.status === 401 || response.status === 403 || /invalid session|not logged/i.test(message)) {
		return result(response, 'invalid_session', message, body);
	}
	return result(response, 'unexpected', message, body);
}
