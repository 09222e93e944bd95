import type { MamSessionConfig } from '../config/schema';
import { registerSecret } from '../state/scrub';
import type { StateStore, StateTransaction } from '../state/store';
import { cookieFingerprint } from './fingerprint';

/**
 * What the runner keeps about each MAM session, in the encrypted state store. The newest
 * cookie is a secret (AES-GCM, see state/crypto.ts); everything else is plain and holds no
 * secret: cookies appear only as fingerprints.
 *
 * Every write goes through `store.update`, so it is atomic and durable before the promise
 * resolves. Writes that arrive while one is being saved are saved together in the next one
 * (group commit): checking a thousand sessions must not rewrite state.json a thousand times.
 */

/** Where the newest cookie came from. */
export type CookieSource = 'config' | 'manual' | 'rotation';

/** How MAM refused a session: a dead cookie, or a live one used where it may not be. */
export type MamRefusal = 'invalid_session' | 'wrong_session_type';

/** A notification that must go out once: marked `pending` before sending, `sent` after. */
export type DeliveryStatus = 'pending' | 'sent';

export interface MamSessionRecord {
	/** Grows by one with every new cookie; never reused. */
	version: number;
	source: CookieSource;
	/** Fingerprint of the newest cookie. */
	fingerprint: string;
	saved_at: string;
	/** Fingerprint of the `mam_id` last read from the config: a different one means the user pasted a new cookie. */
	config_fingerprint?: string;
	/** The config's `created` as last read (null: none), so a changed one is adopted and an unchanged one never overrides `set-id --created`. */
	config_created?: string | null;
	/** When the session was created on MAM (ISO), from the config or `set-id --created`. */
	created?: string;
	/** What Prowlarr was last confirmed to hold. */
	prowlarr?: { service: string; indexer_id: number; fingerprint: string; version: number; confirmed_at: string };
	/** The last time MAM accepted the session. */
	last_confirmed_use?: string;
	/**
	 * Written (durably) before each call to MAM and removed once MAM's answer has arrived: one
	 * still here for the cookie now saved means the last call with it got no answer (the runner
	 * died, the connection dropped), so MAM may have rotated the cookie in an answer that was lost.
	 */
	in_flight?: { at: string; fingerprint: string };
	/** `ip`, `asn` and `as`: where MAM saw that call come from, when its answer said. */
	last_check?: { at: string; outcome: string; message?: string; ip?: string; asn?: number | string; as?: string };
	/** Set while MAM refuses the session; cleared when it accepts it again. */
	invalid?: { since: string; reason: MamRefusal; message?: string; alert: DeliveryStatus };
	/** The expiry warning of one day (`YYYY-MM-DD` in the configured zone). */
	expiry_warning?: { day: string; status: DeliveryStatus };
}

export interface StoredCookie {
	value: string;
	version: number;
	fingerprint: string;
	source: CookieSource;
}

/** Reads and writes of one session inside a commit. */
export interface SessionTransaction {
	readonly label: string;
	record(): MamSessionRecord | undefined;
	cookie(): string | undefined;
	/** Replaces the record (fields left out are dropped). */
	setRecord(record: MamSessionRecord): void;
	/** Stores a new newest cookie: bumps the version and records its source. Returns the version. */
	setCookie(value: string, source: CookieSource, now?: Date): number;
}

interface PendingCommit {
	label: string;
	apply: (tx: SessionTransaction) => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const recordKey = (label: string): string => `mam.sessions.${label}`;
const cookieKey = (label: string): string => `mam.sessions.${label}.cookie`;

export class MamSessionState {
	private pending: PendingCommit[] = [];
	private draining = false;

	constructor(private readonly store: StateStore) {}

	record(label: string): MamSessionRecord | undefined {
		return this.store.get<MamSessionRecord>(recordKey(label));
	}

	/** The newest cookie of a session, decrypted; undefined before the session was ever adopted. */
	cookie(label: string): StoredCookie | undefined {
		const record = this.record(label);
		const value = this.store.getSecret(cookieKey(label));
		if (!record || value === undefined) return undefined;
		registerSecret(value);
		return { value, version: record.version, fingerprint: record.fingerprint, source: record.source };
	}

	/**
	 * Runs `apply` against the session inside a state update and resolves once the change is
	 * on disk. `apply` must only read and write through the transaction (it may run batched
	 * with other sessions' commits); when it throws, its own changes are still in the batch,
	 * so validate before writing.
	 */
	commit<T>(label: string, apply: (tx: SessionTransaction) => T): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.pending.push({ label, apply, resolve: resolve as (value: unknown) => void, reject });
			void this.drain();
		});
	}

	/** Patches the record of a session that exists; a no-op for one that does not. */
	patch(label: string, change: (record: MamSessionRecord) => MamSessionRecord): Promise<MamSessionRecord | undefined> {
		return this.commit(label, (tx) => {
			const record = tx.record();
			if (!record) return undefined;
			const next = change(record);
			tx.setRecord(next);
			return next;
		});
	}

	/**
	 * Reads the session's config entry at start: the first time, its cookie becomes version
	 * 1; later, only a `mam_id` different from the one last read from the config is adopted
	 * (the user pasted a new one). An unchanged config value never replaces a newer rotated
	 * cookie. The same rule applies to `created`.
	 */
	adoptConfig(session: MamSessionConfig, now = new Date()): Promise<ConfigAdoption> {
		return this.commit(session.label, (tx) => {
			const fingerprint = cookieFingerprint(session.mam_id);
			const configCreated = session.created ?? null;
			const record = tx.record();
			if (!record || tx.cookie() === undefined) {
				const version = tx.setCookie(session.mam_id, 'config', now);
				const created = tx.record()!;
				tx.setRecord({ ...created, config_fingerprint: fingerprint, config_created: configCreated, created: session.created });
				return { outcome: 'new', version } as ConfigAdoption;
			}
			let outcome: ConfigAdoption['outcome'] = 'unchanged';
			let version = record.version;
			if (record.config_fingerprint !== fingerprint) {
				if (record.fingerprint === fingerprint) {
					// The config now holds the cookie we already have (copied from state): nothing new.
					outcome = 'unchanged';
				} else {
					version = tx.setCookie(session.mam_id, 'config', now);
					outcome = 'changed';
				}
			}
			const current = tx.record()!;
			const createdChanged = (record.config_created ?? null) !== configCreated;
			tx.setRecord({
				...current,
				config_fingerprint: fingerprint,
				config_created: configCreated,
				created: createdChanged ? (session.created ?? current.created) : current.created,
			});
			return { outcome, version, createdChanged } as ConfigAdoption;
		});
	}

	private async drain(): Promise<void> {
		if (this.draining) return;
		this.draining = true;
		try {
			while (this.pending.length > 0) {
				const batch = this.pending.splice(0);
				const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
				try {
					await this.store.update((tx) => {
						for (const item of batch) {
							try {
								outcomes.push({ ok: true, value: item.apply(sessionTransaction(tx, item.label)) });
							} catch (error) {
								outcomes.push({ ok: false, error });
							}
						}
					});
				} catch (error) {
					// The write itself failed: nothing of the batch was saved.
					for (const item of batch) item.reject(error);
					continue;
				}
				batch.forEach((item, index) => {
					const outcome = outcomes[index];
					if (outcome.ok) item.resolve(outcome.value);
					else item.reject(outcome.error);
				});
			}
		} finally {
			this.draining = false;
		}
	}
}

export interface ConfigAdoption {
	/** new: first sight of the session; changed: the config holds a cookie the user pasted; unchanged: nothing to do. */
	outcome: 'new' | 'changed' | 'unchanged';
	version: number;
	createdChanged?: boolean;
}

function sessionTransaction(tx: StateTransaction, label: string): SessionTransaction {
	return {
		label,
		record: () => tx.get<MamSessionRecord>(recordKey(label)),
		cookie: () => tx.getSecret(cookieKey(label)),
		setRecord: (record) => tx.set(recordKey(label), record),
		setCookie(value, source, now = new Date()) {
			registerSecret(value);
			const previous = tx.get<MamSessionRecord>(recordKey(label));
			const version = (previous?.version ?? 0) + 1;
			tx.setSecret(cookieKey(label), value);
			// A call in flight with the old cookie says nothing about the new one.
			const { in_flight: _superseded, ...kept } = previous ?? ({} as Partial<MamSessionRecord>);
			tx.set(recordKey(label), { ...kept, version, source, fingerprint: cookieFingerprint(value), saved_at: now.toISOString() } satisfies MamSessionRecord);
			return version;
		},
	};
}
