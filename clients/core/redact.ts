/**
 * Secrets must never reach an error, a log line, an event or a notification. These helpers
 * are the single place that decides what a secret looks like once it is printed.
 */

/** Query parameters that carry credentials in the APIs we speak. */
const SECRET_QUERY_PARAMS = new Set([
	'apikey',
	'api_key',
	'x-api-key',
	'token',
	'x-plex-token',
	'password',
	'pass',
	'nzbkey',
	'nzb_key',
	'mam_id',
]);

/** True for a query parameter or header name that carries a credential. */
export function isSecretName(name: string): boolean {
	return SECRET_QUERY_PARAMS.has(name.toLowerCase());
}

/** Shows at most the last 8 characters of a secret, prefixed with `...`. */
export function maskSecret(secret: string | undefined | null): string {
	if (!secret) return '(none)';
	if (secret.length <= 8) return '...' + '*'.repeat(Math.min(secret.length, 4));
	return '...' + secret.slice(-8);
}

/** Replaces credential-bearing query parameters and URL user-info with `***`. */
export function redactUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return url.replace(/([?&](?:apikey|api_key|token|password)=)[^&#]*/gi, '$1***');
	}
	if (parsed.username || parsed.password) {
		parsed.username = parsed.username ? '***' : '';
		parsed.password = parsed.password ? '***' : '';
	}
	for (const key of [...parsed.searchParams.keys()]) {
		if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) parsed.searchParams.set(key, '***');
	}
	return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

/** Removes every occurrence of the given secrets from a text (e.g. an upstream error body). */
export function scrubSecrets(text: string, secrets: Array<string | undefined | null>): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		out = out.split(secret).join(maskSecret(secret));
	}
	return out;
}
