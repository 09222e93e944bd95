import { createHash } from 'node:crypto';
import { maskSecret } from '../../../clients/core/redact';

/**
 * A cookie's fingerprint: enough to tell two cookies apart and safe to store, log and send
 * through workflow history. MAM cookies are long random strings, so a hash reveals nothing.
 */
export function cookieFingerprint(value: string): string {
	return createHash('sha256').update('mediastack-mam-cookie\0').update(value).digest('hex').slice(0, 32);
}

/** `...` + the last 8 characters: the only form of a cookie a person ever sees. */
export function cookieTail(value: string | undefined): string {
	return maskSecret(value);
}
