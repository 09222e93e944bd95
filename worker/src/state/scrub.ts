import { maskSecret, scrubSecrets } from '../../../clients/core/redact';

/**
 * One secret scrubber for events, log lines and API answers: values under secret-looking
 * keys are masked, and any value registered here (API keys from the config, the API token,
 * cookies) is masked wherever it appears inside a string.
 */

const registeredSecrets = new Set<string>();

/** Shorter values would mask ordinary words; real keys and cookies are much longer. */
const MIN_REGISTERED_LENGTH = 6;

export function registerSecret(value: string | undefined | null): void {
	if (typeof value === 'string' && value.length >= MIN_REGISTERED_LENGTH) registeredSecrets.add(value);
}

export function registeredSecretValues(): string[] {
	// Longest first, so a secret that contains another is masked whole.
	return [...registeredSecrets].sort((a, b) => b.length - a.length);
}

/** For tests: forget every registered value. */
export function clearRegisteredSecrets(): void {
	registeredSecrets.clear();
}

const SECRET_NAMES = new Set(['apikey', 'xapikey', 'password', 'passwd', 'passphrase', 'token', 'secret', 'cookie', 'cookies', 'setcookie', 'mamid', 'authorization', 'proxyauthorization', 'xplextoken', 'xembytoken', 'sessionid', 'sid', 'privatekey']);
const SECRET_SUFFIXES = ['apikey', 'token', 'secret', 'password', 'cookie', 'mamid'];

/** api_key, apiKey, X-Api-Key, mam_id, refresh_token, clientSecret, Set-Cookie, ... */
export function isSecretKeyName(name: string): boolean {
	const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
	if (SECRET_NAMES.has(normalized)) return true;
	return SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

export function scrubText(text: string): string {
	return registeredSecrets.size === 0 ? text : scrubSecrets(text, registeredSecretValues());
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
