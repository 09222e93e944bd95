import http, { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { MamUserStats } from '../../clients/myanonamouse/types';
import { LoopbackListener, readBody } from '../support/loopback';
import { FaultQueue } from './kit';
import type { Fault } from './kit';
import { randomMamCookie } from './prowlarr';

/**
 * A loopback fake of MyAnonamouse's two session endpoints, modelled on what MAM users and
 * their tools report (there is no published spec, so nothing is checked against one):
 *
 * - `GET /json/dynamicSeedbox.php` (t.myanonamouse.net): registers the caller's IP for an
 *   IP/ASN-locked session; "Completed" when the IP changed, "No Change" when it did not,
 *   429 "Last Change too recent" within an hour of the last change, 403 for refused sessions.
 * - `GET /jsonLoad.php` (www.myanonamouse.net): the user's stats, or the login page (HTML)
 *   when the cookie is not a live session.
 *
 * The session cookie `mam_id` ROTATES: every request that MAM recognises as the session
 * (including a 429 or an "Incorrect session type" answer) gets a new cookie in Set-Cookie, and
 * the old one stops working unless `previousCookieGrace` lets it live a few more uses. Both
 * endpoints share one server, so point the client's seedbox and site base URLs at `url`.
 */

export const MAM_COOKIE_DOMAIN = '.myanonamouse.net';
export const MAM_COOKIE_LIFETIME_SECONDS = 90 * 24 * 60 * 60;
const ONE_HOUR_MS = 60 * 60 * 1000;

/** Why MAM refuses a live session on the dynamic seedbox endpoint. */
export type MamSessionRefusal = 'incorrect_session_type' | 'non_api_session' | 'ip_mismatch' | 'asn_mismatch';

export const MAM_REFUSAL_MESSAGES: Record<MamSessionRefusal, string> = {
	incorrect_session_type: 'Incorrect session type - not allowed this function',
	non_api_session: 'Incorrect session type - non-API session',
	ip_mismatch: 'Invalid session - IP mismatch',
	asn_mismatch: 'Invalid session - ASN mismatch',
};

export const MAM_MESSAGES = {
	completed: 'Completed',
	noChange: 'No Change',
	tooRecent: 'Last Change too recent',
	noCookie: 'No Session Cookie',
	/** A cookie the fake issued but that no longer belongs to a live session. */
	invalidSession: 'Invalid session',
	/** A value the fake never issued. */
	invalidCookie: 'Invalid session - Invalid cookie',
} as const;

export type MamEndpoint = 'dynamicSeedbox' | 'jsonLoad';

export interface MamRecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** The address the connection came from (a proxy's exit address when the call went through one). */
	remoteAddress?: string;
	/** The connection's source port: equal for calls that shared one kept-alive connection. */
	remotePort?: number;
	endpoint?: MamEndpoint;
	/** The mam_id the request carried, if any. */
	mamId?: string;
	/** How the fake judged that cookie. */
	cookieState?: 'current' | 'previous' | 'dead' | 'unknown' | 'missing';
	status?: number;
	/** The cookie handed back in Set-Cookie, if the request rotated it. */
	rotatedTo?: string;
	/** The dynamic seedbox message, or "stats" / "login page" for jsonLoad. */
	outcome?: string;
}

export interface MamFaultOptions {
	/** Applies to the next N requests; by default until `clearFaults()`. */
	times?: number;
	/**
	 * Rotate the cookie and send Set-Cookie with the fault when the request carried a live
	 * cookie, as a PHP page that fails after starting the session does.
	 */
	withCookie?: boolean;
}

/** One MAM session (one mam_id lineage); the fake can hold many. */
export interface FakeMamSessionOptions {
	/** The session's first cookie; default a random MAM-shaped value. */
	mamId?: string;
	/** Rotate the cookie on every recognised request (default: the fake's `rotate`). */
	rotate?: boolean;
	/** How many more uses a superseded cookie is still accepted (default: the fake's setting). */
	previousCookieGrace?: number;
	/** The address the session has registered; undefined until the first "Completed". */
	registeredIp?: string;
	/** When the registered IP last changed (ms since the epoch). */
	lastIpChangeAt?: number;
	/** Refuse the session on dynamicSeedbox.php for this reason. */
	refusal?: MamSessionRefusal;
	user?: Partial<MamUserStats>;
}

export interface FakeMyAnonamouseOptions extends FakeMamSessionOptions {
	port?: number;
	/** Default for every session: rotate on each recognised request (default true). */
	rotate?: boolean;
	/** Default for every session (default 0: a superseded cookie dies at once). */
	previousCookieGrace?: number;
	/** Minimum time between two IP changes of a session (default one hour). */
	ipChangeCooldownMs?: number;
	/** The address MAM sees the caller at. */
	clientIp?: string;
	/**
	 * Answer with the address the connection really came from instead of `clientIp`, as MAM
	 * does: a call through a proxy then registers the proxy's exit address.
	 */
	ipFromConnection?: boolean;
	/** Serve HTTPS (as MAM does) with this key and certificate; `url` then starts with https://. */
	tls?: { key: string; cert: string };
	asn?: number;
	asName?: string;
	/** Clock, for tests of the one-hour rule. */
	now?: () => number;
}

interface MamFault {
	fault: Fault;
	withCookie: boolean;
}

/** How much of a held answer goes out before it stops: nothing, or the status line and headers (Set-Cookie included). */
export type MamHeldPart = 'nothing' | 'headers';

/** An answer the fake holds back: the request was processed (the cookie rotated), the answer is on the wire. */
export interface HeldMamAnswer {
	/** Resolves with the request once it was processed and its answer held. */
	readonly reached: Promise<MamRecordedRequest>;
	/** Sends the rest of the answer, if the client is still connected. */
	release(): void;
	/** Drops the connection instead, as when the line dies under the answer. */
	drop(): void;
}

interface PendingHold {
	sent: MamHeldPart;
	reached: (request: MamRecordedRequest) => void;
	decided: Promise<'release' | 'drop'>;
}

type CookieState = NonNullable<MamRecordedRequest['cookieState']>;

const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>Login | MyAnonamouse</title></head><body>' +
	'<form action="/takelogin.php" method="post"><input name="email"><input name="password" type="password">' +
	'<button>Log in</button></form><p>You must be logged in to view this page.</p></body></html>';

const MAINTENANCE_PAGE =
	'<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing myanonamouse.net.</p></body></html>';

let nextUid = 231_542;

/** The state MAM keeps for one session: its cookie lineage, liveness and registered IP. */
export class FakeMamSession {
	/** Every cookie value the session has had, oldest first (the first is the initial one). */
	readonly issuedMamIds: string[] = [];
	rotate: boolean;
	previousCookieGrace: number;
	registeredIp?: string;
	lastIpChangeAt?: number;
	refusal?: MamSessionRefusal;
	user: MamUserStats;

	private current: string;
	/** Superseded cookies still accepted, with the uses left. */
	private readonly previous = new Map<string, number>();
	private alive = true;

	constructor(
		private readonly index: Map<string, FakeMamSession>,
		options: FakeMamSessionOptions & { rotate: boolean; previousCookieGrace: number },
	) {
		this.rotate = options.rotate;
		this.previousCookieGrace = options.previousCookieGrace;
		this.registeredIp = options.registeredIp;
		this.lastIpChangeAt = options.lastIpChangeAt;
		this.refusal = options.refusal;
		const uid = nextUid++;
		this.user = {
			uid,
			username: `reader${uid}`,
			classname: 'Power User',
			ratio: 4.21,
			seedbonus: 51_233,
			uploaded: '612.40 GiB',
			downloaded: '145.47 GiB',
			uploaded_bytes: 657_556_032_307,
			downloaded_bytes: 156_197_163_417,
			wedges: 3,
			vip_until: null,
			connectable: 'yes',
			...options.user,
		};
		this.current = this.issue(options.mamId ?? randomMamCookie());
	}

	/** The cookie that works now. */
	get mamId(): string {
		return this.current;
	}

	/** Superseded cookies that are still accepted (grace uses left). */
	get previousMamIds(): string[] {
		return [...this.previous.keys()];
	}

	get isAlive(): boolean {
		return this.alive;
	}

	/**
	 * Makes `value` the session's cookie, as when the user creates a new session on MAM and
	 * pastes its mam_id: the session is alive and older cookies stop working.
	 */
	setMamId(value: string): void {
		this.current = this.issue(value);
		this.previous.clear();
		this.alive = true;
	}

	/** The session ends (expired, revoked, unused for weeks): its cookies get "Invalid session". */
	kill(): void {
		this.alive = false;
	}

	revive(): void {
		this.alive = true;
	}

	/** Whether MAM would accept this cookie right now (without using up a grace use). */
	accepts(mamId: string): boolean {
		return this.alive && (mamId === this.current || (this.previous.get(mamId) ?? 0) > 0);
	}

	/** Judges a cookie of this session, using up a grace use of a superseded one. */
	judge(mamId: string): CookieState {
		if (!this.alive) return 'dead';
		if (mamId === this.current) return 'current';
		const left = this.previous.get(mamId) ?? 0;
		if (left <= 0) return 'dead';
		this.previous.set(mamId, left - 1);
		return 'previous';
	}

	/** Moves the session to a new cookie; the old one keeps `previousCookieGrace` uses. */
	rotateCookie(): string {
		if (this.previousCookieGrace > 0) this.previous.set(this.current, this.previousCookieGrace);
		for (const [cookie, left] of this.previous) if (left <= 0) this.previous.delete(cookie);
		this.current = this.issue(randomMamCookie());
		return this.current;
	}

	private issue(value: string): string {
		const owner = this.index.get(value);
		if (owner && owner !== this) throw new Error('The fake MyAnonamouse already has a session with this mam_id.');
		this.index.set(value, this);
		this.issuedMamIds.push(value);
		return value;
	}
}

export class FakeMyAnonamouse {
	readonly requests: MamRecordedRequest[] = [];
	/** The first session; the accessors below (mamId, setMamId, killSession...) act on it. */
	readonly session: FakeMamSession;
	readonly sessions: FakeMamSession[] = [];
	ipChangeCooldownMs: number;
	clientIp: string;
	ipFromConnection: boolean;
	asn: number;
	asName: string;
	now: () => number;

	private readonly defaults: { rotate: boolean; previousCookieGrace: number };
	/** Every cookie ever issued → its session. */
	private readonly cookieIndex = new Map<string, FakeMamSession>();
	private readonly faults = new FaultQueue<MamFault>();
	private readonly holds: PendingHold[] = [];
	private readonly listener: LoopbackListener;

	constructor(options: FakeMyAnonamouseOptions = {}) {
		this.defaults = { rotate: options.rotate ?? true, previousCookieGrace: options.previousCookieGrace ?? 0 };
		this.ipChangeCooldownMs = options.ipChangeCooldownMs ?? ONE_HOUR_MS;
		this.clientIp = options.clientIp ?? '198.51.100.23';
		this.ipFromConnection = options.ipFromConnection ?? false;
		this.asn = options.asn ?? 64500;
		this.asName = options.asName ?? 'EXAMPLE-VPN';
		this.now = options.now ?? Date.now;
		this.listener = new LoopbackListener('MyAnonamouse', (request, response) => this.handle(request, response), options.port, undefined, options.tls);
		this.session = this.addSession(options);
	}

	/** Adds another independent session (another MAM account or another session of one). */
	addSession(options: FakeMamSessionOptions = {}): FakeMamSession {
		const session = new FakeMamSession(this.cookieIndex, {
			...options,
			rotate: options.rotate ?? this.defaults.rotate,
			previousCookieGrace: options.previousCookieGrace ?? this.defaults.previousCookieGrace,
		});
		this.sessions.push(session);
		return session;
	}

	/** The session a cookie belongs (or belonged) to. */
	sessionOf(mamId: string): FakeMamSession | undefined {
		return this.cookieIndex.get(mamId);
	}

	get port(): number {
		return this.listener.port;
	}

	/** Base URL without a trailing slash, for both seedboxBaseUrl and siteBaseUrl. */
	get url(): string {
		return this.listener.url;
	}

	/** The first session's working cookie. */
	get mamId(): string {
		return this.session.mamId;
	}

	get issuedMamIds(): readonly string[] {
		return this.session.issuedMamIds;
	}

	get previousMamIds(): string[] {
		return this.session.previousMamIds;
	}

	get sessionAlive(): boolean {
		return this.session.isAlive;
	}

	get rotate(): boolean {
		return this.session.rotate;
	}

	set rotate(value: boolean) {
		this.session.rotate = value;
	}

	get refusal(): MamSessionRefusal | undefined {
		return this.session.refusal;
	}

	set refusal(value: MamSessionRefusal | undefined) {
		this.session.refusal = value;
	}

	setMamId(value: string): void {
		this.session.setMamId(value);
	}

	killSession(): void {
		this.session.kill();
	}

	reviveSession(): void {
		this.session.revive();
	}

	/** Whether MAM would accept this cookie right now, for any session. */
	accepts(mamId: string): boolean {
		return this.cookieIndex.get(mamId)?.accepts(mamId) ?? false;
	}

	/** Answers the next requests with a fault (see the kit's Fault) instead of MAM's answer. */
	fault(fault: Fault, options: MamFaultOptions = {}): void {
		this.faults.push({ fault, withCookie: options.withCookie ?? false }, options.times);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	/**
	 * The next request is processed as usual (a live cookie rotates), but its answer stops after
	 * `sent` until `release()` or `drop()`: MAM's answer still on the wire when the client dies.
	 */
	holdNextAnswer(sent: MamHeldPart): HeldMamAnswer {
		let reached!: (request: MamRecordedRequest) => void;
		let decide!: (decision: 'release' | 'drop') => void;
		const hold: PendingHold = { sent, reached: () => undefined, decided: new Promise((resolve) => (decide = resolve)) };
		const reachedPromise = new Promise<MamRecordedRequest>((resolve) => (reached = resolve));
		hold.reached = reached;
		this.holds.push(hold);
		return { reached: reachedPromise, release: () => decide('release'), drop: () => decide('drop') };
	}

	/** Requests to one endpoint. */
	requestsTo(endpoint: MamEndpoint): MamRecordedRequest[] {
		return this.requests.filter((request) => request.endpoint === endpoint);
	}

	start(): Promise<void> {
		return this.listener.start();
	}

	/** Stops listening and drops open connections, keeping the sessions: "MAM is down". */
	stop(): Promise<void> {
		return this.listener.stop();
	}

	close(): Promise<void> {
		return this.stop();
	}

	private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		// MAM's endpoints ignore any body, but it is read to the end before answering.
		await readBody(incoming);
		const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
		const recorded: MamRecordedRequest = {
			method: (incoming.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: incoming.headers,
			remoteAddress: incoming.socket.remoteAddress?.replace(/^::ffff:/, ''),
			remotePort: incoming.socket.remotePort,
			mamId: cookieValue(incoming.headers.cookie, 'mam_id'),
		};
		this.requests.push(recorded);
		if (url.pathname === '/json/dynamicSeedbox.php') recorded.endpoint = 'dynamicSeedbox';
		else if (url.pathname === '/jsonLoad.php') recorded.endpoint = 'jsonLoad';

		const hold = this.holds.shift();
		if (hold) holding.set(recorded, hold);
		const active = this.faults.take();
		if (active) {
			const { fault } = active;
			if (fault.kind === 'delay') {
				if (!(await this.listener.delay(fault.ms, response))) return;
			} else if (fault.kind === 'reset') {
				incoming.socket.destroy();
				return;
			} else {
				const headers: Record<string, string | string[]> = {};
				if (active.withCookie) this.authenticate(recorded, headers);
				if (fault.kind === 'html') {
					return send(response, recorded, fault.status ?? 200, fault.body ?? MAINTENANCE_PAGE, { ...headers, 'content-type': 'text/html; charset=UTF-8' });
				}
				const body = fault.body ?? http.STATUS_CODES[fault.status] ?? '';
				return send(response, recorded, fault.status, body, { ...headers, ...fault.headers });
			}
		}

		if (recorded.method !== 'GET' || !recorded.endpoint) {
			return send(response, recorded, 404, '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not Found</body></html>', { 'content-type': 'text/html' });
		}
		if (recorded.endpoint === 'dynamicSeedbox') return this.dynamicSeedbox(recorded, response);
		return this.jsonLoad(recorded, response);
	}

	private dynamicSeedbox(recorded: MamRecordedRequest, response: ServerResponse): void {
		const headers: Record<string, string | string[]> = {};
		const { state, session } = this.authenticate(recorded, headers);
		const callerIp = this.ipFromConnection && recorded.remoteAddress ? recorded.remoteAddress : this.clientIp;
		const answer = (status: number, success: boolean, msg: string): void => {
			recorded.outcome = msg;
			const body = success ? { Success: true, msg, ip: callerIp, ASN: this.asn, AS: this.asName } : { Success: false, msg };
			send(response, recorded, status, body, headers);
		};
		if (state === 'missing') return answer(403, false, MAM_MESSAGES.noCookie);
		if (state === 'unknown') return answer(403, false, MAM_MESSAGES.invalidCookie);
		if (state === 'dead' || !session) return answer(403, false, MAM_MESSAGES.invalidSession);
		if (session.refusal) return answer(403, false, MAM_REFUSAL_MESSAGES[session.refusal]);
		if (session.registeredIp === callerIp) return answer(200, true, MAM_MESSAGES.noChange);
		const now = this.now();
		if (session.lastIpChangeAt !== undefined && now - session.lastIpChangeAt < this.ipChangeCooldownMs) {
			return answer(429, false, MAM_MESSAGES.tooRecent);
		}
		session.registeredIp = callerIp;
		session.lastIpChangeAt = now;
		return answer(200, true, MAM_MESSAGES.completed);
	}

	private jsonLoad(recorded: MamRecordedRequest, response: ServerResponse): void {
		const headers: Record<string, string | string[]> = {};
		const { state, session } = this.authenticate(recorded, headers);
		if (!session || (state !== 'current' && state !== 'previous')) {
			recorded.outcome = 'login page';
			return send(response, recorded, 200, LOGIN_PAGE, { 'content-type': 'text/html; charset=UTF-8' });
		}
		recorded.outcome = 'stats';
		send(response, recorded, 200, session.user, headers);
	}

	/**
	 * Judges the request's cookie and, when it belongs to a live session, rotates it and adds
	 * the Set-Cookie headers (a PHP session id comes along, so clients must pick mam_id out).
	 */
	private authenticate(recorded: MamRecordedRequest, headers: Record<string, string | string[]>): { state: CookieState; session?: FakeMamSession } {
		const sent = recorded.mamId;
		const session = sent ? this.cookieIndex.get(sent) : undefined;
		let state: CookieState;
		if (sent === undefined || sent === '') state = 'missing';
		else if (!session) state = 'unknown';
		else state = session.judge(sent);
		recorded.cookieState = state;
		if (session && (state === 'current' || state === 'previous') && session.rotate) {
			const next = session.rotateCookie();
			recorded.rotatedTo = next;
			const now = this.now();
			headers['set-cookie'] = [setCookie('PHPSESSID', randomMamCookie().slice(0, 26), now, false), setCookie('mam_id', next, now, true)];
		}
		return { state, session };
	}
}

export async function startFakeMyAnonamouse(options: FakeMyAnonamouseOptions = {}): Promise<FakeMyAnonamouse> {
	const fake = new FakeMyAnonamouse(options);
	await fake.start();
	return fake;
}

/** A Set-Cookie line the way PHP writes it (note the comma inside `expires`). */
function setCookie(name: string, value: string, now: number, persistent: boolean): string {
	const parts = [`${name}=${value}`];
	if (persistent) {
		const expires = new Date(now + MAM_COOKIE_LIFETIME_SECONDS * 1000).toUTCString().replace(/ (\d{2}) (\w{3}) (\d{4}) /, ' $1-$2-$3 ');
		parts.push(`expires=${expires}`, `Max-Age=${MAM_COOKIE_LIFETIME_SECONDS}`);
	}
	parts.push('path=/', `domain=${MAM_COOKIE_DOMAIN}`, 'secure', 'HttpOnly');
	return parts.join('; ');
}

function cookieValue(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const index = part.indexOf('=');
		if (index < 0) continue;
		if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
	}
	return undefined;
}

/** Answers being held back, by their request (see holdNextAnswer). */
const holding = new WeakMap<MamRecordedRequest, PendingHold>();

function send(response: ServerResponse, recorded: MamRecordedRequest, status: number, body: unknown, headers: Record<string, string | string[] | undefined> = {}): void {
	recorded.status = status;
	if (response.destroyed) return;
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = value;
	let payload: string;
	if (typeof body === 'string') {
		payload = body;
		out['content-type'] ??= 'text/plain; charset=UTF-8';
	} else {
		payload = JSON.stringify(body);
		out['content-type'] ??= 'application/json';
	}
	const hold = holding.get(recorded);
	if (hold) {
		holding.delete(recorded);
		if (hold.sent === 'headers') {
			out['content-length'] = String(Buffer.byteLength(payload));
			response.writeHead(status, out);
			response.flushHeaders();
		}
		hold.reached(recorded);
		void hold.decided.then((decision) => {
			if (response.destroyed) return;
			if (decision === 'drop') {
				response.socket?.destroy();
				return;
			}
			if (hold.sent === 'nothing') response.writeHead(status, out);
			response.end(payload);
		});
		return;
	}
	response.writeHead(status, out);
	response.end(payload);
}
