import { maskSecret, scrubSecrets } from '../../../clients/core/redact';

/**
 * One secret scrubber for events, log lines and API answers: values under secret-looking
 * keys are masked, and any value registered here (API keys from the config, the API token,
 * cookies) is masked wherever it appears inside a string.
 */

/** Shorter values would mask ordinary words; real keys and cookies are much longer. */
const MIN_REGISTERED_LENGTH = 6;

/**
 * The registered values, each with the order it was registered in (re-registering keeps it,
 * as a Set would). Masking applies them longest first, earlier ones first among equals.
 */
const registeredSecrets = new Map<string, number>();
let registrations = 0;
/** registeredSecretValues(), rebuilt only after the set changed. */
let sortedCache: string[] | undefined;

/**
 * Values that contain a character of a mask (`...` + tail, or `...****`): masking another
 * value can make such a value appear where the text had none, so they are always tried.
 */
const maskLikeSecrets = new Set<string>();
const MASK_CHARACTERS = /[.*]/;

/**
 * Registered values by their first MIN_REGISTERED_LENGTH characters, so one pass over a text
 * finds the few that occur in it. A daily check of many MAM sessions keeps thousands of
 * cookies registered; trying each one on every string of every event cost seconds.
 */
const byPrefix = new Map<string, string[]>();
/**
 * How many values start with each 3-character hash: a cheap test per position before the
 * prefix is cut out and looked up. Counts rather than bits, so values can be removed.
 */
const PREFIX_FILTER_BITS = 18;
const PREFIX_FILTER_MASK = (1 << PREFIX_FILTER_BITS) - 1;
let prefixFilter: Uint16Array | undefined;

/**
 * Below this many registered values per character of text, trying each value in turn is
 * cheaper than the pass (measured: ~0.1 µs per value and string against ~6 ns per character).
 */
const CHARACTERS_PER_VALUE_FOR_PASS = 16;

function prefixHash(text: string, at: number): number {
	const mixed = Math.imul(Math.imul(text.charCodeAt(at), 0x9e3779b1) ^ text.charCodeAt(at + 1), 0x85ebca6b) ^ text.charCodeAt(at + 2);
	return Math.imul(mixed, 0xc2b2ae35) >>> (32 - PREFIX_FILTER_BITS);
}

export function registerSecret(value: string | undefined | null): void {
	if (typeof value !== 'string' || value.length < MIN_REGISTERED_LENGTH || registeredSecrets.has(value)) return;
	registeredSecrets.set(value, registrations++);
	sortedCache = undefined;
	if (MASK_CHARACTERS.test(value)) maskLikeSecrets.add(value);
	const prefix = value.slice(0, MIN_REGISTERED_LENGTH);
	const sharing = byPrefix.get(prefix);
	if (sharing) sharing.push(value);
	else byPrefix.set(prefix, [value]);
	prefixFilter ??= new Uint16Array(PREFIX_FILTER_MASK + 1);
	const bucket = prefixHash(value, 0);
	// Saturates rather than wraps: a full bucket only costs a lookup that finds nothing.
	if (prefixFilter[bucket] < 0xffff) prefixFilter[bucket] += 1;
}

/**
 * Forgets a value (a cookie MAM replaced, so it can no longer open anything): otherwise every
 * rotation would add one more value to try against every string for the life of the process.
 */
export function unregisterSecret(value: string | undefined | null): void {
	if (typeof value !== 'string' || !registeredSecrets.delete(value)) return;
	sortedCache = undefined;
	maskLikeSecrets.delete(value);
	const prefix = value.slice(0, MIN_REGISTERED_LENGTH);
	const sharing = byPrefix.get(prefix) ?? [];
	sharing.splice(sharing.indexOf(value), 1);
	if (sharing.length === 0) byPrefix.delete(prefix);
	const bucket = prefixHash(value, 0);
	// A saturated count no longer knows how many share the bucket; it stays "maybe".
	if (prefixFilter && prefixFilter[bucket] > 0 && prefixFilter[bucket] < 0xffff) prefixFilter[bucket] -= 1;
}

/** Every registered value, longest first (so a secret that contains another is masked whole). */
export function registeredSecretValues(): readonly string[] {
	return sortedSecrets();
}

function sortedSecrets(): string[] {
	sortedCache ??= [...registeredSecrets.keys()].sort((a, b) => b.length - a.length);
	return sortedCache;
}

/** For tests: forget every registered value. */
export function clearRegisteredSecrets(): void {
	registeredSecrets.clear();
	maskLikeSecrets.clear();
	byPrefix.clear();
	prefixFilter = undefined;
	sortedCache = undefined;
}

/** The registered values that can matter for this text: those in it, and the mask-like ones. */
function candidatesIn(text: string): string[] {
	const found = new Set<string>(maskLikeSecrets);
	const filter = prefixFilter!;
	for (let at = 0; at + MIN_REGISTERED_LENGTH <= text.length; at++) {
		if (filter[prefixHash(text, at)] === 0) continue;
		const sharing = byPrefix.get(text.slice(at, at + MIN_REGISTERED_LENGTH));
		if (sharing === undefined) continue;
		for (const value of sharing) if (text.startsWith(value, at)) found.add(value);
	}
	if (found.size < 2) return [...found];
	const order = (value: string): number => registeredSecrets.get(value)!;
	return [...found].sort((a, b) => b.length - a.length || order(a) - order(b));
}

/**
 * Masks every registered value in the text. The same result as masking each registered value
 * in turn, longest first: values absent from the text cannot appear while others are masked
 * unless they contain a mask character, and those are always tried.
 */
export function scrubText(text: string): string {
	if (registeredSecrets.size === 0 || text.length < MIN_REGISTERED_LENGTH) return text;
	if (registeredSecrets.size * CHARACTERS_PER_VALUE_FOR_PASS <= text.length) return scrubSecrets(text, sortedSecrets());
	const candidates = candidatesIn(text);
	return candidates.length === 0 ? text : scrubSecrets(text, candidates);
}

const SECRET_NAMES = new Set(['apikey', 'xapikey', 'password', 'passwd', 'passphrase', 'token', 'secret', 'cookie', 'cookies', 'setcookie', 'mamid', 'authorization', 'proxyauthorization', 'xplextoken', 'xembytoken', 'sessionid', 'sid', 'privatekey']);
const SECRET_SUFFIXES = ['apikey', 'token', 'secret', 'password', 'cookie', 'mamid'];

/** api_key, apiKey, X-Api-Key, mam_id, refresh_token, clientSecret, Set-Cookie, ... */
export function isSecretKeyName(name: string): boolean {
	const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
	if (SECRET_NAMES.has(normalized)) return true;
	return SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

function maskValue(value: unknown): unknown {
	if (value === null || value === undefined || typeof value === 'boolean') return value;
	if (typeof value === 'string') return maskSecret(value);
	return '[redacted]';
}

/**
 * A JSON-safe deep copy with secrets masked. Errors become their secret-free summary;
 * cycles and very deep nesting are cut rather than followed.
 */
export function scrubValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
	if (typeof value === 'string') return scrubText(value);
	if (value === null || typeof value !== 'object') {
		if (typeof value === 'bigint') return value.toString();
		if (typeof value === 'function' || typeof value === 'symbol') return undefined;
		return value;
	}
	if (depth > 12) return '[too deep]';
	if (seen.has(value)) return '[circular]';
	seen.add(value);
	if (value instanceof Date) return value.toISOString();
	if (value instanceof Error) {
		const withToJson = value as Error & { toJSON?: () => unknown };
		const summary = typeof withToJson.toJSON === 'function' ? withToJson.toJSON() : { name: value.name, message: value.message };
		return scrubValue(summary, depth + 1, seen);
	}
	if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
		out[key] = isSecretKeyName(key) ? maskValue(item) : scrubValue(item, depth + 1, seen);
	}
	return out;
}
