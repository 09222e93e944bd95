import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateKeyError } from '../../src/state/crypto';
import { StateError, StateStore } from '../../src/state/store';

let dataDir: string;
/** No MEDIASTACK_STATE_KEY unless a test sets one: the key file path is the default. */
const noEnv: NodeJS.ProcessEnv = {};

beforeEach(async () => {
	dataDir = await mkdtemp(path.join(tmpdir(), 'mediastack-state-'));
});

afterEach(async () => {
	await rm(dataDir, { recursive: true, force: true });
});

const SECRET = 'mam_id=Zx9-very-secret-cookie-value-0123456789';

async function rawState(): Promise<string> {
	return readFile(path.join(dataDir, 'state.json'), 'utf8');
}

describe('StateStore', () => {
	it('round-trips plain values and secrets across reopen', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('cursor', { page: 3, ids: [1, 2] });
		await store.setSecret('mam.cookie', SECRET);
		const reopened = await StateStore.open(dataDir, { env: noEnv });
		expect(reopened.get('cursor')).toEqual({ page: 3, ids: [1, 2] });
		expect(reopened.getSecret('mam.cookie')).toBe(SECRET);
		expect(reopened.get('missing')).toBeUndefined();
		expect(reopened.getSecret('missing')).toBeUndefined();
	});

	it('never writes a secret in plaintext, and encrypts each value with its own IV', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.setSecret('a', SECRET);
		await store.setSecret('b', SECRET);
		const raw = await rawState();
		expect(raw).not.toContain(SECRET);
		expect(raw).not.toContain('very-secret');
		expect(raw).not.toContain(Buffer.from(SECRET).toString('base64'));
		const parsed = JSON.parse(raw) as { secrets: Record<string, { iv: string; data: string; tag: string; kid: string; alg: string; v: number }> };
		expect(parsed.secrets.a.alg).toBe('aes-256-gcm');
		expect(parsed.secrets.a.v).toBe(1);
		expect(Buffer.from(parsed.secrets.a.iv, 'base64')).toHaveLength(12);
		expect(Buffer.from(parsed.secrets.a.tag, 'base64')).toHaveLength(16);
		expect(parsed.secrets.a.iv).not.toBe(parsed.secrets.b.iv);
		expect(parsed.secrets.a.data).not.toBe(parsed.secrets.b.data);
	});

	it('creates state.key and state.json with mode 0600', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('x', 1);
		expect((await stat(path.join(dataDir, 'state.key'))).mode & 0o777).toBe(0o600);
		expect((await stat(path.join(dataDir, 'state.json'))).mode & 0o777).toBe(0o600);
		expect(store.keySource).toBe(path.join(dataDir, 'state.key'));
	});

	it('tightens a key file whose permissions were loosened', async () => {
		await StateStore.open(dataDir, { env: noEnv });
		await chmod(path.join(dataDir, 'state.key'), 0o644);
		await StateStore.open(dataDir, { env: noEnv });
		expect((await stat(path.join(dataDir, 'state.key'))).mode & 0o777).toBe(0o600);
	});

	it('uses MEDIASTACK_STATE_KEY (hex, base64 or a passphrase) instead of a key file', async () => {
		for (const key of [randomBytes(32).toString('hex'), randomBytes(32).toString('base64'), 'correct horse battery staple']) {
			const dir = await mkdtemp(path.join(tmpdir(), 'mediastack-state-env-'));
			try {
				const env = { MEDIASTACK_STATE_KEY: key };
				const store = await StateStore.open(dir, { env });
				await store.setSecret('token', SECRET);
				expect(store.keySource).toBe('MEDIASTACK_STATE_KEY');
				expect((await StateStore.open(dir, { env })).getSecret('token')).toBe(SECRET);
				expect(await readdir(dir)).not.toContain('state.key');
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
		}
	});

	it('reads the key from the env var named by keyEnv', async () => {
		const store = await StateStore.open(dataDir, { keyEnv: 'MY_KEY', env: { MY_KEY: 'a passphrase long enough' } });
		await store.setSecret('s', SECRET);
		expect(store.keySource).toBe('MY_KEY');
		expect((await StateStore.open(dataDir, { keyEnv: 'MY_KEY', env: { MY_KEY: 'a passphrase long enough' } })).getSecret('s')).toBe(SECRET);
	});

	it('refuses a wrong key with a message naming the key source and the fix', async () => {
		const store = await StateStore.open(dataDir, { env: { MEDIASTACK_STATE_KEY: 'the first passphrase' } });
		await store.setSecret('s', SECRET);
		const error = await StateStore.open(dataDir, { env: { MEDIASTACK_STATE_KEY: 'another passphrase!' } }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(StateKeyError);
		expect((error as Error).message).toMatch(/encrypted with another key .* than the one from MEDIASTACK_STATE_KEY/);
		expect((error as Error).message).toMatch(/Fix: set MEDIASTACK_STATE_KEY to the key used before/);
		expect((error as Error).message).not.toContain('another passphrase');
	});

	it('refuses to start when the key file is gone but secrets exist', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.setSecret('s', SECRET);
		await rm(path.join(dataDir, 'state.key'));
		await expect(StateStore.open(dataDir, { env: noEnv })).rejects.toThrow(/state\.key is missing.*Fix: restore/);
	});

	it('refuses a short passphrase', async () => {
		await expect(StateStore.open(dataDir, { env: { MEDIASTACK_STATE_KEY: 'short' } })).rejects.toThrow(/MEDIASTACK_STATE_KEY is too short/);
	});

	it('detects a tampered ciphertext', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.setSecret('s', SECRET);
		const parsed = JSON.parse(await rawState()) as { secrets: { s: { data: string } } };
		const bytes = Buffer.from(parsed.secrets.s.data, 'base64');
		bytes[0] ^= 0xff;
		parsed.secrets.s.data = bytes.toString('base64');
		await writeFile(path.join(dataDir, 'state.json'), JSON.stringify(parsed));
		const reopened = await StateStore.open(dataDir, { env: noEnv });
		expect(() => reopened.getSecret('s')).toThrow(/failed its integrity check/);
	});

	it('binds a ciphertext to its key name', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.setSecret('a', SECRET);
		const parsed = JSON.parse(await rawState()) as { secrets: Record<string, unknown> };
		parsed.secrets.b = parsed.secrets.a;
		await writeFile(path.join(dataDir, 'state.json'), JSON.stringify(parsed));
		const reopened = await StateStore.open(dataDir, { env: noEnv });
		expect(() => reopened.getSecret('b')).toThrow(/integrity/);
	});

	it('explains a damaged state.json instead of starting empty', async () => {
		await writeFile(path.join(dataDir, 'state.json'), '{"version":1,');
		await expect(StateStore.open(dataDir, { env: noEnv })).rejects.toThrow(StateError);
	});

	it('leaves no temp files behind after many writes', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await Promise.all(Array.from({ length: 25 }, (_, index) => store.set(`k${index}`, index)));
		expect((await readdir(dataDir)).sort()).toEqual(['state.json', 'state.key']);
		expect(JSON.parse(await rawState()).values.k24).toBe(24);
	});

	it('keeps the old file when a write fails', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('kept', 'yes');
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		await expect(store.set('bad', circular)).rejects.toThrow();
		expect(JSON.parse(await rawState()).values).toEqual({ kept: 'yes' });
		expect(store.get('bad')).toBeUndefined();
	});

	it('serialises concurrent update()s: no increment is lost', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('counter', 0);
		await Promise.all(
			Array.from({ length: 40 }, () =>
				store.update(async (tx) => {
					const current = tx.get<number>('counter') ?? 0;
					// Yield between read and write: without the lock, updates would interleave here.
					await new Promise((resolve) => setImmediate(resolve));
					tx.set('counter', current + 1);
				}),
			),
		);
		expect(store.get('counter')).toBe(40);
		expect((await StateStore.open(dataDir, { env: noEnv })).get('counter')).toBe(40);
	});

	it('saves nothing from an update() that throws, and the next update still runs', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('a', 1);
		await expect(
			store.update((tx) => {
				tx.set('a', 2);
				tx.setSecret('s', SECRET);
				throw new Error('changed my mind');
			}),
		).rejects.toThrow('changed my mind');
		expect(store.get('a')).toBe(1);
		expect(store.getSecret('s')).toBeUndefined();
		expect(await store.update((tx) => tx.get('a'))).toBe(1);
	});

	it('returns copies, so callers cannot change stored state by accident', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('list', [1]);
		store.get<number[]>('list')?.push(2);
		expect(store.get('list')).toEqual([1]);
	});

	it('delete() removes plain values and secrets', async () => {
		const store = await StateStore.open(dataDir, { env: noEnv });
		await store.set('v', 1);
		await store.setSecret('s', SECRET);
		await store.delete('v');
		await store.delete('s');
		expect(store.keys()).toEqual([]);
		expect(JSON.parse(await rawState())).toMatchObject({ values: {}, secrets: {} });
	});
});
