import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { STATE_KEY_ENV, dataFiles } from '../paths';
import { EncryptedValue, StateKey, StateKeyError, decodeRawKey, decryptValue, encryptValue, generateRawKey, keyFromSetting, keyId, wrongKeyError } from './crypto';
import { PRIVATE_FILE_MODE, ensurePrivateDir, readIfExists, writeFileAtomic } from './files';
import { Mutex } from './lock';

const STATE_VERSION = 1;
const SALT_BYTES = 16;

/** state.json as stored. Plain values are readable; secrets only as AES-GCM envelopes. */
interface StateFile {
	version: typeof STATE_VERSION;
	/** Id of the key the secrets are encrypted with (a fingerprint, not the key). */
	key_id?: string;
	/** Scrypt salt, used when MEDIASTACK_STATE_KEY is a passphrase. */
	salt: string;
	values: Record<string, unknown>;
	secrets: Record<string, EncryptedValue>;
}

export interface StateStoreOptions {
	/** Name of the environment variable holding the key; default MEDIASTACK_STATE_KEY. */
	keyEnv?: string;
	/** Where keyEnv is read; default process.env. */
	env?: NodeJS.ProcessEnv;
}

/** Reads and writes inside one update(); changes are saved together when the callback returns. */
export interface StateTransaction {
	get<T = unknown>(key: string): T | undefined;
	set(key: string, value: unknown): void;
	getSecret(key: string): string | undefined;
	setSecret(key: string, value: string): void;
	delete(key: string): void;
}

export class StateError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateError';
	}
}

/**
 * Small durable key/value state in `<data_dir>/state.json`: cursors, last-seen values,
 * rotated cookies. Secrets are encrypted per value; every write replaces the file atomically
 * with mode 0600; writes within the process are serialised.
 */
export class StateStore {
	readonly file: string;
	private data: StateFile;
	private readonly mutex = new Mutex();

	private constructor(
		readonly dataDir: string,
		private readonly stateKey: StateKey,
		data: StateFile,
	) {
		this.file = dataFiles(dataDir).state;
		this.data = data;
	}

	static async open(dataDir: string, options: StateStoreOptions = {}): Promise<StateStore> {
		await ensurePrivateDir(dataDir);
		const files = dataFiles(dataDir);
		const existing = await readStateFile(files.state);
		const data: StateFile = existing ?? { version: STATE_VERSION, salt: randomBytes(SALT_BYTES).toString('base64'), values: {}, secrets: {} };
		const envName = options.keyEnv ?? STATE_KEY_ENV;
		const env = options.env ?? process.env;
		const setting = env[envName];
		const hasSecrets = Object.keys(data.secrets).length > 0;
		const stateKey =
			setting !== undefined && setting.trim() !== ''
				? keyFromSetting(setting, envName, Buffer.from(data.salt, 'base64'))
				: await keyFromFile(files.stateKey, hasSecrets);
		const stored = data.key_id ?? Object.values(data.secrets)[0]?.kid;
		if (hasSecrets && stored !== undefined && stored !== stateKey.id) throw wrongKeyError(stateKey, stored);
		return new StateStore(dataDir, stateKey, data);
	}

	/** Where the encryption key came from (an env var name or the key file's path); never the key. */
	get keySource(): string {
		return this.stateKey.source;
	}

	get<T = unknown>(key: string): T | undefined {
		return clone(this.data.values[key]) as T | undefined;
	}

	getSecret(key: string): string | undefined {
		const envelope = this.data.secrets[key];
		return envelope === undefined ? undefined : decryptValue(this.stateKey, key, envelope);
	}

	has(key: string): boolean {
		return key in this.data.values || key in this.data.secrets;
	}

	keys(): string[] {
		return [...new Set([...Object.keys(this.data.values), ...Object.keys(this.data.secrets)])].sort();
	}

	set(key: string, value: unknown): Promise<void> {
		return this.update((tx) => tx.set(key, value));
	}

	setSecret(key: string, value: string): Promise<void> {
		return this.update((tx) => tx.setSecret(key, value));
	}

	delete(key: string): Promise<void> {
		return this.update((tx) => tx.delete(key));
	}

	/**
	 * Read-modify-write under the store's lock: concurrent updates run one after another and
	 * each sees the previous one's result. Nothing is saved when the callback throws.
	 */
	update<T>(fn: (tx: StateTransaction) => T | Promise<T>): Promise<T> {
		return this.mutex.run(async () => {
			const draft: StateFile = { ...this.data, values: { ...this.data.values }, secrets: { ...this.data.secrets } };
			let changed = false;
			const tx: StateTransaction = {
				get: <V>(key: string) => clone(draft.values[key]) as V | undefined,
				set: (key, value) => {
					if (value === undefined) delete draft.values[key];
					else draft.values[key] = toJsonValue(key, value);
					changed = true;
				},
				getSecret: (key) => {
					const envelope = draft.secrets[key];
					return envelope === undefined ? undefined : decryptValue(this.stateKey, key, envelope);
				},
				setSecret: (key, value) => {
					if (typeof value !== 'string') throw new StateError(`setSecret("${key}") needs a string value.`);
					draft.secrets[key] = encryptValue(this.stateKey, key, value);
					draft.key_id = this.stateKey.id;
					changed = true;
				},
				delete: (key) => {
					delete draft.values[key];
					delete draft.secrets[key];
					changed = true;
				},
			};
			const result = await fn(tx);
			if (changed) {
				await writeFileAtomic(this.file, `${JSON.stringify(draft, null, '\t')}\n`, PRIVATE_FILE_MODE);
				this.data = draft;
			}
			return result;
		});
	}
}

async function readStateFile(file: string): Promise<StateFile | undefined> {
	const text = await readIfExists(file);
	if (text === undefined) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new StateError(
			`${file} is damaged (${(error as Error).message}). Fix: restore it from a backup, or move it away to start with empty state (stored secrets must then be entered again).`,
		);
	}
	const record = parsed as Partial<StateFile> | null;
	if (!record || typeof record !== 'object' || record.version !== STATE_VERSION || typeof record.salt !== 'string') {
		throw new StateError(`${file} is not a mediastack state file of version ${STATE_VERSION}. Fix: restore it from a backup, or move it away to start with empty state.`);
	}
	return { version: STATE_VERSION, key_id: record.key_id, salt: record.salt, values: record.values ?? {}, secrets: record.secrets ?? {} };
}

/** The key file is created on first run (exclusively, mode 0600) and read afterwards. */
async function keyFromFile(file: string, stateHasSecrets: boolean): Promise<StateKey> {
	let text = await readIfExists(file);
	if (text === undefined) {
		if (stateHasSecrets) {
			throw new StateKeyError(
				`state.json holds encrypted secrets but the key file ${file} is missing and ${STATE_KEY_ENV} is not set. Fix: restore ${file} or set ${STATE_KEY_ENV} to the key used before; to start over, move state.json away.`,
			);
		}
		text = await createKeyFile(file);
	}
	const key = decodeRawKey(text.trim());
	if (!key) {
		throw new StateKeyError(`The key file ${file} is damaged (expected 32 bytes in base64). Fix: restore it from a backup, or set ${STATE_KEY_ENV}.`);
	}
	const stat = await fs.stat(file);
	// Someone loosened the permissions (a copy, a restore): the key must stay private.
	if ((stat.mode & 0o077) !== 0) await fs.chmod(file, PRIVATE_FILE_MODE);
	return { key, id: keyId(key), source: file };
}

async function createKeyFile(file: string): Promise<string> {
	const text = `${generateRawKey().toString('base64')}\n`;
	let handle: fs.FileHandle;
	try {
		handle = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
	} catch (error) {
		// Another process created it first: use theirs.
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFile(file, 'utf8');
		throw error;
	}
	try {
		await handle.writeFile(text);
		await handle.chmod(PRIVATE_FILE_MODE);
		await handle.sync();
	} finally {
		await handle.close();
	}
	return text;
}

function clone(value: unknown): unknown {
	return value === undefined ? undefined : structuredClone(value);
}

function toJsonValue(key: string, value: unknown): unknown {
	const text = JSON.stringify(value);
	if (text === undefined) throw new StateError(`state value "${key}" cannot be stored as JSON.`);
	return JSON.parse(text);
}
