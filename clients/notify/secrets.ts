import { ERROR_CLASSES, ErrorContext, MediastackError, ServerError } from '../core/errors';
import { scrubSecrets } from '../core/redact';

/**
 * Notification targets are credentials in disguise: a webhook or Discord URL is a bearer
 * capability, an Apprise URL carries tokens and passwords in its user info, path and query.
 * These helpers list the secret parts of such values and rebuild errors without them.
 */

/**
 * Whether a URL part (path segment, query value, user name) looks like a credential rather
 * than a word: long, or containing a digit. Masking `webhook` or `notify` would garble every
 * message that uses the word, while tokens are random strings that rarely avoid digits.
 */
function looksLikeToken(part: string): boolean {
	return part.length >= 16 || (part.length >= 6 && /\d/.test(part));
}

/**
 * The whole URL plus each part that may be a credential: the password, and user, path
 * segments, query values and opaque hosts that look like tokens (decoded and raw), longest
 * first so a secret containing another is masked whole.
 */
export function urlSecretParts(url: string): string[] {
	const parts = new Set<string>([url]);
	const add = (value: string | undefined | null, always = false): void => {
		if (!value) return;
		for (const form of new Set([value, safeDecode(value)])) {
			if (always ? form.length >= 4 : looksLikeToken(form)) parts.add(form);
		}
	};
	// Apprise URLs use schemes URL may not know, but the WHATWG parser still splits them.
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (parsed) {
		add(parsed.username);
		add(parsed.password, true);
		for (const segment of parsed.pathname.split('/')) add(segment);
		for (const [, value] of parsed.searchParams) add(value);
		add(parsed.hash.replace(/^#/, ''));
		// Opaque schemes (tgram://TOKEN/CHAT, discord://ID/TOKEN) put a secret where the host
		// would be; a real host name or address has a dot and stays readable.
		if (!/^https?:$/i.test(parsed.protocol) && !parsed.hostname.includes('.')) add(parsed.hostname);
	} else {
		for (const piece of url.split(/[/:@?&=#]+/)) add(piece);
	}
	return [...parts].sort((a, b) => b.length - a.length);
}

/** Masks every listed secret in a text (at most the last 8 characters of each remain). */
export function scrubAll(text: string, secrets: readonly string[]): string {
	return scrubSecrets(text, [...secrets].sort((a, b) => b.length - a.length));
}

export interface SanitizeContext {
	service: string;
	/** A secret-free form of the address, replacing whatever the error carried. */
	url?: string;
	method?: string;
	/** Forms of the real address that messages may quote; each is replaced by `url` before masking. */
	addressForms?: string[];
}

/**
 * The same typed error with every secret masked in its message and fix, the address replaced
 * by a safe one, and the cause dropped (causes come from HTTP/SMTP libraries and may quote
 * requests). Anything that is not a MediastackError becomes a retryable ServerError.
 */
export function sanitizeError(error: unknown, secrets: readonly string[], context: SanitizeContext): MediastackError {
	const clean = (text: string): string => {
		let out = text;
		if (context.url !== undefined) {
			for (const form of [...(context.addressForms ?? [])].sort((a, b) => b.length - a.length)) if (form) out = out.split(form).join(context.url);
		}
		return scrubAll(out, secrets);
	};
	if (error instanceof MediastackError) {
		const ErrorClass = (ERROR_CLASSES as Record<string, new (message: string, context: ErrorContext) => MediastackError>)[error.name] ?? ServerError;
		return new ErrorClass(clean(error.message), {
			service: error.service,
			method: error.method ?? context.method,
			url: context.url ?? (error.url === undefined ? undefined : scrubAll(error.url, secrets)),
			status: error.status,
			fix: error.fix === undefined ? undefined : clean(error.fix),
			retryAfterMs: (error as { retryAfterMs?: number }).retryAfterMs,
		});
	}
	const text = error instanceof Error ? error.message : String(error);
	return new ServerError(`${context.service} failed unexpectedly: ${clean(text)}`, { service: context.service, method: context.method, url: context.url });
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
