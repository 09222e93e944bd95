import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

/** Where the cookie the node sends came from. */
export type MamCookieSource = 'credential' | 'parameter' | 'staticData';

export interface MamCookie {
	/** The value to send as `mam_id`. */
	mamId: string;
	source: MamCookieSource;
	/** Identifies the starting cookie (credential or parameter value) this one descends from. */
	lineage: string;
}

/**
 * A rotated cookie as it sits in the workflow's static data: AES-256-GCM, with a key derived
 * (HKDF-SHA256, a fresh salt per record) from the credential's MAM ID, which only n8n's
 * encrypted credential store holds. The lineage is bound in as additional data, so a record
 * cannot be moved to another lineage. Only the bookkeeping is in clear.
 */
interface SealedCookie {
	v: 1;
	salt: string;
	iv: string;
	tag: string;
	data: string;
	rotatedAt: string;
	rotations: number;
}

/** What version 1 of the node stored: the cookie in clear (read once, then sealed). */
interface PlainCookie {
	mamId: string;
	rotatedAt?: string;
	rotations?: number;
}

const KEY_PREFIX = 'myAnonamouseCookie:';
/** Old lineages (replaced credentials, one-off parameter values) are dropped beyond this many. */
const MAX_LINEAGES = 20;
const HKDF_INFO = 'n8n-nodes-mediastack/myanonamouse/cookie-jar/v1';

/**
 * Keeps the newest cookie of each session in the workflow's static data, so a cookie MAM
 * rotated is used next time instead of the (now dead) one in the credential. Entries are keyed
 * by a hash of the starting cookie: pasting a new cookie into the credential starts a new
 * lineage, while an unchanged credential never overrides a newer rotated cookie. The workflow's
 * global static data is used, not per-node data, so all MyAnonamouse nodes of one workflow
 * (a keepalive and a check, say) share the newest cookie, and renaming a node loses nothing.
 *
 * n8n stores static data unencrypted in its database and writes it into workflow exports, so
 * the cookie is kept there sealed (see SealedCookie): an export, a shared workflow or a database
 * dump shows ciphertext only. A record the key does not open (the credential's MAM ID changed,
 * or the record was tampered with) counts as absent.
 */
export class MamCookieJar {
	private readonly keyMaterial: Buffer;

	/** `keyMaterial`: the credential's MAM ID, the secret only the encrypted credential holds. */
	constructor(
		private readonly staticData: IDataObject,
		keyMaterial: string,
		private readonly now: () => Date = () => new Date(),
	) {
		if (keyMaterial === '') throw new Error('The cookie jar needs key material');
		this.keyMaterial = Buffer.from(keyMaterial, 'utf8');
	}

	/** The cookie to send for a session that started from `initialMamId`. */
	resolve(initialMamId: string, origin: Exclude<MamCookieSource, 'staticData'>): MamCookie {
		const lineage = lineageOf(initialMamId);
		const stored = this.read(lineage);
		if (stored) return { mamId: stored.mamId, source: 'staticData', lineage };
		return { mamId: initialMamId, source: origin, lineage };
	}

	/** Saves a cookie MAM handed back; a value equal to the one sent changes nothing. */
	remember(sent: MamCookie, newMamId: string | undefined): boolean {
		if (!newMamId || newMamId === sent.mamId) return false;
		const previous = this.read(sent.lineage);
		this.write(sent.lineage, newMamId, this.now().toISOString(), (previous?.rotations ?? 0) + 1);
		this.prune();
		return true;
	}

	private read(lineage: string): { mamId: string; rotatedAt: string; rotations: number } | undefined {
		const value = this.staticData[KEY_PREFIX + lineage] as Partial<SealedCookie & PlainCookie> | undefined;
		if (!value || typeof value !== 'object') return undefined;
		if (value.v === 1) {
			const mamId = this.open(lineage, value);
			return mamId ? { mamId, rotatedAt: String(value.rotatedAt ?? ''), rotations: Number(value.rotations ?? 0) } : undefined;
		}
		if (typeof value.mamId === 'string' && value.mamId !== '') {
			// Left in clear by version 1 of the node: sealed now, so the next save drops the clear copy.
			const record = { mamId: value.mamId, rotatedAt: String(value.rotatedAt ?? ''), rotations: Number(value.rotations ?? 0) };
			this.write(lineage, record.mamId, record.rotatedAt, record.rotations);
			return record;
		}
		return undefined;
	}

	private write(lineage: string, mamId: string, rotatedAt: string, rotations: number): void {
		const salt = randomBytes(16);
		const iv = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', this.key(salt), iv);
		cipher.setAAD(Buffer.from(lineage, 'utf8'));
		const data = Buffer.concat([cipher.update(mamId, 'utf8'), cipher.final()]);
		const record: SealedCookie = {
			v: 1,
			salt: salt.toString('base64'),
			iv: iv.toString('base64'),
			tag: cipher.getAuthTag().toString('base64'),
			data: data.toString('base64'),
			rotatedAt,
			rotations,
		};
		// A new record assigned on the static data object itself: n8n marks static data as changed
		// (and saves it) on such assignments, not on edits inside a stored value.
		this.staticData[KEY_PREFIX + lineage] = record as unknown as IDataObject;
	}

	private open(lineage: string, record: Partial<SealedCookie>): string | undefined {
		if (typeof record.salt !== 'string' || typeof record.iv !== 'string' || typeof record.tag !== 'string' || typeof record.data !== 'string') return undefined;
		try {
			const decipher = createDecipheriv('aes-256-gcm', this.key(Buffer.from(record.salt, 'base64')), Buffer.from(record.iv, 'base64'));
			decipher.setAAD(Buffer.from(lineage, 'utf8'));
			decipher.setAuthTag(Buffer.from(record.tag, 'base64'));
			const mamId = Buffer.concat([decipher.update(Buffer.from(record.data, 'base64')), decipher.final()]).toString('utf8');
			return mamId === '' ? undefined : mamId;
		} catch {
			// Another key (the credential's MAM ID changed) or a damaged record.
			return undefined;
		}
	}

	private key(salt: Buffer): Buffer {
		return Buffer.from(hkdfSync('sha256', this.keyMaterial, salt, HKDF_INFO, 32));
	}

	private prune(): void {
		const keys = Object.keys(this.staticData).filter((key) => key.startsWith(KEY_PREFIX));
		if (keys.length <= MAX_LINEAGES) return;
		const byAge = keys.sort((a, b) => rotatedAt(this.staticData[a]).localeCompare(rotatedAt(this.staticData[b])));
		for (const key of byAge.slice(0, keys.length - MAX_LINEAGES)) delete this.staticData[key];
	}
}

/** A one-way hash, so the static data never holds the starting cookie itself. */
export function lineageOf(initialMamId: string): string {
	return createHash('sha256').update(initialMamId).digest('hex').slice(0, 32);
}

function rotatedAt(value: unknown): string {
	return value && typeof value === 'object' && typeof (value as SealedCookie).rotatedAt === 'string' ? (value as SealedCookie).rotatedAt : '';
}
