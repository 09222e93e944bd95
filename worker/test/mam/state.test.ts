import { readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomMamCookie } from '../../../test/fakes/prowlarr';
import type { MamSessionConfig } from '../../src/config/schema';
import { MamSessionState, cookieFingerprint } from '../../src/mam';
import { dataFiles } from '../../src/paths';
import { StateStore } from '../../src/state';
import { makeTempDir } from '../support/temporal';

/** The per-session state over the real encrypted store, reopened to stand for a restart. */
let dataDir: string;

beforeEach(() => {
	dataDir = makeTempDir('mediastack-mam-state-');
});

afterEach(() => {
	rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<MamSessionState> {
	return new MamSessionState(await StateStore.open(dataDir, { env: {} }));
}

function session(mamId: string, created?: string): MamSessionConfig {
	return { label: 'direct', mam_id: mamId, created, lifetime_days: 90, notify_before_days: 7, keepalive: 'dynamic_seedbox' };
}

describe('adoptConfig', () => {
	it('takes the first config cookie as version 1', async () => {
		const state = await open();
		const cookie = randomMamCookie();
		expect(await state.adoptConfig(session(cookie, '2026-01-01T00:00:00.000Z'))).toMatchObject({ outcome: 'new', version: 1 });
		expect(state.cookie('direct')).toEqual({ value: cookie, version: 1, fingerprint: cookieFingerprint(cookie), source: 'config' });
		expect(state.record('direct')).toMatchObject({ created: '2026-01-01T00:00:00.000Z', config_fingerprint: cookieFingerprint(cookie) });
	});

	it('never lets an unchanged config cookie replace a newer rotated one, across restarts', async () => {
		const configCookie = randomMamCookie();
		const rotated = randomMamCookie();
		let state = await open();
		await state.adoptConfig(session(configCookie));
		await state.commit('direct', (tx) => tx.setCookie(rotated, 'rotation'));

		state = await open();
		expect(await state.adoptConfig(session(configCookie))).toMatchObject({ outcome: 'unchanged', version: 2 });
		expect(state.cookie('direct')).toMatchObject({ value: rotated, version: 2, source: 'rotation' });
		state = await open();
		expect(await state.adoptConfig(session(configCookie))).toMatchObject({ outcome: 'unchanged' });
		expect(state.cookie('direct')?.value).toBe(rotated);
	});

	it('adopts a changed config cookie (the user pasted a new one) as the newest', async () => {
		let state = await open();
		await state.adoptConfig(session(randomMamCookie()));
		await state.commit('direct', (tx) => tx.setCookie(randomMamCookie(), 'rotation'));
		const pasted = randomMamCookie();
		state = await open();
		expect(await state.adoptConfig(session(pasted))).toMatchObject({ outcome: 'changed', version: 3 });
		expect(state.cookie('direct')).toMatchObject({ value: pasted, version: 3, source: 'config' });
		// Read again after a restart: now unchanged.
		state = await open();
		expect(await state.adoptConfig(session(pasted))).toMatchObject({ outcome: 'unchanged', version: 3 });
	});

	it('does not count a config value equal to the newest cookie as new', async () => {
		const state = await open();
		await state.adoptConfig(session(randomMamCookie()));
		const rotated = randomMamCookie();
		await state.commit('direct', (tx) => tx.setCookie(rotated, 'rotation'));
		expect(await state.adoptConfig(session(rotated))).toMatchObject({ outcome: 'unchanged', version: 2 });
		expect(state.cookie('direct')).toMatchObject({ source: 'rotation', version: 2 });
	});

	it('keeps a created date set later (set-id --created) until the config one changes', async () => {
		const cookie = randomMamCookie();
		let state = await open();
		await state.adoptConfig(session(cookie, '2026-01-01T00:00:00.000Z'));
		await state.patch('direct', (record) => ({ ...record, created: '2026-02-15T10:00:00.000Z' }));
		state = await open();
		expect(await state.adoptConfig(session(cookie, '2026-01-01T00:00:00.000Z'))).toMatchObject({ createdChanged: false });
		expect(state.record('direct')?.created).toBe('2026-02-15T10:00:00.000Z');
		expect(await state.adoptConfig(session(cookie, '2026-03-01T00:00:00.000Z'))).toMatchObject({ createdChanged: true });
		expect(state.record('direct')?.created).toBe('2026-03-01T00:00:00.000Z');
	});
});

describe('commit', () => {
	it('saves commits that arrive together in one write, each resolving once it is on disk', async () => {
		const store = await StateStore.open(dataDir, { env: {} });
		const state = new MamSessionState(store);
		const cookies = Array.from({ length: 50 }, () => randomMamCookie());
		await Promise.all(cookies.map((cookie, index) => state.adoptConfig({ ...session(cookie), label: `s${index}` })));
		const update = vi.spyOn(store, 'update');
		const rotated = cookies.map(() => randomMamCookie());
		await Promise.all(rotated.map((cookie, index) => state.commit(`s${index}`, (tx) => tx.setCookie(cookie, 'rotation'))));
		// The first commit starts a write; the other 49 wait for it and go together in the next.
		expect(update.mock.calls.length).toBeLessThanOrEqual(2);
		const reopened = new MamSessionState(await StateStore.open(dataDir, { env: {} }));
		rotated.forEach((cookie, index) => expect(reopened.cookie(`s${index}`)).toMatchObject({ value: cookie, version: 2 }));
	});

	it('rejects only the commit that threw; the others of its batch are saved', async () => {
		const state = await open();
		await state.adoptConfig(session(randomMamCookie()));
		// A write in progress, so the next two wait and go together in one batch.
		const inProgress = state.patch('direct', (record) => record);
		const results = await Promise.allSettled([
			inProgress,
			state.patch('direct', (record) => ({ ...record, last_check: { at: 'x', outcome: 'ok' } })),
			state.commit('direct', () => {
				throw new Error('validation failed');
			}),
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
		expect((await open()).record('direct')?.last_check).toEqual({ at: 'x', outcome: 'ok' });
	});

	it('keeps cookies encrypted: state.json holds fingerprints, never a cookie', async () => {
		const state = await open();
		const cookie = randomMamCookie();
		await state.adoptConfig(session(cookie));
		const text = readFileSync(dataFiles(dataDir).state, 'utf8');
		expect(text).not.toContain(cookie);
		expect(text).toContain(cookieFingerprint(cookie));
		expect(JSON.parse(text).secrets['mam.sessions.direct.cookie']).toMatchObject({ alg: 'aes-256-gcm' });
	});
});
