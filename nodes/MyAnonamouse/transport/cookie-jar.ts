import { createHash } from 'crypto';

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

interface StoredCookie {
	mamId: string;
	rotatedAt: string;
	rotations: number;
}

const KEY_PREFIX = 'myAnonamouseCookie:';
/** Old lineages (replaced credentials, one-off parameter values) are dropped beyond this many. */
const MAX_LINEAGES = 20;

/**
 * Keeps the newest cookie of each session in the workflow's static data, so a cookie MAM
 * rotated is used next time instead of the (now dead) one in the credential. Entries are keyed
 * by a hash of the starting cookie: pasting a new cookie into the credential starts a new
 * lineage, while an unchanged credential never overrides a newer rotated cookie. The workflow's
 * global static data is used, not per-node data, so all MyAnonamouse nodes of one workflow
 * (a keepalive and a check, say) share the newest cookie, and renaming a node loses nothing.
 */
export class MamCookieJar {
	constructor(
		private readonly staticData: IDataObject,
		private readonly now: () => Date = () => new Date(),
	) {}

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
		const record: StoredCookie = { mamId: newMamId, rotatedAt: this.now().toISOString(), rotations: (previous?.rotations ?? 0) + 1 };
		// A new record assigned on the static data object itself: n8n marks static data as changed
		// (and saves it) on such assignments, not on edits inside a stored value.
		this.staticData[KEY_PREFIX + sent.lineage] = record as unknown as IDataObject;
		this.prune();
		return true;
	}

	private read(lineage: string): StoredCookie | undefined {
		const value = this.staticData[KEY_PREFIX + lineage] as Partial<StoredCookie> | undefined;
		if (!value || typeof value.mamId !== 'string' || value.mamId === '') return undefined;
		return { mamId: value.mamId, rotatedAt: String(value.rotatedAt ?? ''), rotations: Number(value.rotations ?? 0) };
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
	return value && typeof value === 'object' && typeof (value as StoredCookie).rotatedAt === 'string' ? (value as StoredCookie).rotatedAt : '';
}
