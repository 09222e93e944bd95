import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';

/**
 * Encryption of secret values in state.json: AES-256-GCM, a fresh random 12-byte IV per
 * value, the value's key name as additional authenticated data (so a ciphertext cannot be
 * moved to another key), and the id of the encryption key stored next to it so a wrong key
 * is recognised before any decryption is attempted.
 */

export const CIPHER = 'aes-256-gcm';
export const ENVELOPE_VERSION = 1;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const MIN_PASSPHRASE_LENGTH = 12;

/** Scrypt cost for passphrases: about 100 ms and 32 MiB once per start. */
export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;

export interface EncryptedValue {
	v: typeof ENVELOPE_VERSION;
	alg: typeof CIPHER;
	/** Id of the key that encrypted it (see keyId). */
	kid: string;
	iv: string;
	tag: string;
	data: string;
}

export interface StateKey {
	key: Buffer;
	/** Short fingerprint of the key; safe to store and print. */
	id: string;
	/** Where it came from, for error messages: `MEDIASTACK_STATE_KEY` or the key file's path. */
	source: string;
}

export class StateKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateKeyError';
	}
}

/** A fingerprint, not the key: the first 16 hex characters of SHA-256 over a labelled key. */
export function keyId(key: Buffer): string {
	return createHash('sha256').update('mediastack-state-key-id\0').update(key).digest('hex').slice(0, 16);
}

/**
 * Accepts 32 bytes written as 64 hex characters or as base64/base64url; anything else is a
 * passphrase and goes through scrypt with the state's salt.
 */
export function keyFromSetting(value: string, source: string, salt: Buffer): StateKey {
	const trimmed = value.trim();
	const raw = decodeRawKey(trimmed);
	if (raw) return { key: raw, id: keyId(raw), source };
	if (trimmed.length < MIN_PASSPHRASE_LENGTH) {
		throw new StateKeyError(
			`${source} is too short to be a safe key. Fix: give 32 random bytes as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`), or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
		);
	}
	const derived = scryptSync(trimmed, salt, KEY_BYTES, { ...SCRYPT_PARAMS, maxmem: 64 * 1024 * 1024 });
	return { key: derived, id: keyId(derived), source };
}

export function decodeRawKey(text: string): Buffer | undefined {
	if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
	if (/^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
		const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		if (decoded.length === KEY_BYTES) return decoded;
	}
	return undefined;
}

export function generateRawKey(): Buffer {
	return randomBytes(KEY_BYTES);
}

export function encryptValue(stateKey: StateKey, name: string, plaintext: string): EncryptedValue {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv(CIPHER, stateKey.key, iv);
	cipher.setAAD(Buffer.from(name, 'utf8'));
	const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return {
		v: ENVELOPE_VERSION,
		alg: CIPHER,
		kid: stateKey.id,
		iv: iv.toString('base64'),
		tag: cipher.getAuthTag().toString('base64'),
		data: data.toString('base64'),
	};
}

export function decryptValue(stateKey: StateKey, name: string, envelope: EncryptedValue): string {
	if (envelope.v !== ENVELOPE_VERSION || envelope.alg !== CIPHER) {
		throw new StateKeyError(`The secret "${name}" in state.json uses an unknown format (v${String(envelope.v)}, ${String(envelope.alg)}); it was written by a newer mediastack. Fix: upgrade mediastack.`);
	}
	if (envelope.kid !== stateKey.id) throw wrongKeyError(stateKey, envelope.kid);
	try {
		const decipher = createDecipheriv(CIPHER, stateKey.key, Buffer.from(envelope.iv, 'base64'));
		decipher.setAAD(Buffer.from(name, 'utf8'));
		decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
		return Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
	} catch {
		throw new StateKeyError(
			`The secret "${name}" in state.json failed its integrity check: the file was modified or damaged. Fix: restore state.json from a backup, or delete that entry and enter the secret again.`,
		);
	}
}

export function wrongKeyError(stateKey: StateKey, storedKeyId: string): StateKeyError {
	return new StateKeyError(
		`The secrets in state.json were encrypted with another key (key id ${storedKeyId}) than the one from ${stateKey.source} (key id ${stateKey.id}). ` +
			'Fix: set MEDIASTACK_STATE_KEY to the key used before (or restore the original state.key file); ' +
			'to start over instead, move state.json away and enter the secrets again.',
	);
}
