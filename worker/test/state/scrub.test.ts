import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../../clients/core/redact';
import { createLogger } from '../../src/log';
import { clearRegisteredSecrets, isSecretKeyName, registeredSecretValues, registerSecret, scrubText, scrubValue, unregisterSecret } from '../../src/state/scrub';

afterEach(() => clearRegisteredSecrets());

/** A logger writing into an array of parsed lines. */
function capture(level: 'debug' | 'info' = 'info') {
	const lines: Array<Record<string, unknown>> = [];
	const raw: string[] = [];
	const destination = new Writable({
		write(chunk: Buffer, _encoding, done) {
			raw.push(chunk.toString());
			lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
			done();
		},
	});
	return { logger: createLogger(level, { destination }), lines, raw };
}

describe('secret scrubbing', () => {
	it.each(['api_key', 'apiKey', 'X-Api-Key', 'password', 'token', 'refresh_token', 'clientSecret', 'cookie', 'Set-Cookie', 'mam_id', 'mamId', 'authorization'])('treats %s as a secret name', (name) => {
		expect(isSecretKeyName(name)).toBe(true);
	});

	it.each(['url', 'status', 'cookie_rotated', 'tokens_used', 'indexer_id', 'keyword'])('leaves %s alone', (name) => {
		expect(isSecretKeyName(name)).toBe(false);
	});

	it('cuts cycles instead of recursing forever', () => {
		const value: Record<string, unknown> = { a: 1 };
		value.self = value;
		expect(scrubValue(value)).toEqual({ a: 1, self: '[circular]' });
	});
});

describe('createLogger', () => {
	it('redacts secret-named fields at any depth and registered values inside messages', () => {
		const { logger, raw, lines } = capture();
		const key = 'feedfacefeedfacefeedfacefeedface';
		registerSecret(key);
		logger.info({ api_key: key, service: { name: 'prowlarr', headers: { 'x-api-key': key }, deep: { nested: { password: 'hunter2hunter2' } } } }, `calling with ${key}`);
		logger.info({ detail: `upstream said apikey=${key}` }, 'x');
		const text = raw.join('');
		expect(text).not.toContain(key);
		expect(text).not.toContain('hunter2hunter2');
		expect(lines[0].api_key).toBe('[redacted]');
		expect(lines[0].msg).toBe('calling with ...feedface');
		expect((lines[0].service as Record<string, unknown>).name).toBe('prowlarr');
		expect(lines[1].detail).toBe('upstream said apikey=...feedface');
	});

	it('logs errors with type and message but without HTTP library internals', () => {
		const { logger, raw, lines } = capture();
		const error = Object.assign(new Error('request failed'), { config: { headers: { 'X-Api-Key': 'k'.repeat(32) } } });
		logger.error({ err: error }, 'failed');
		expect(raw.join('')).not.toContain('k'.repeat(32));
		expect(lines[0].err).toMatchObject({ type: 'Error', message: 'request failed' });
	});

	it('honours the level', () => {
		const { logger, lines } = capture('info');
		logger.debug('hidden');
		logger.warn('shown');
		expect(lines.map((line) => line.msg)).toEqual(['shown']);
	});
});

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * What scrubText did before the prefix index: every registered value in turn, longest first,
 * earlier registrations first among equals. `registered` is in registration order.
 */
function reference(text: string, registered: string[]): string {
	return scrubSecrets(text, [...registered].sort((a, b) => b.length - a.length));
}

describe('registered secrets', () => {
	const cookie = 'Q2hhbmdlZC1jb29raWUtdmFsdWUtMDAwMDAwMDE';
	const apiKey = 'feedfacefeedfacefeedfacefeedface';

	it('masks a value inside any text once registered, and no longer once unregistered', () => {
		registerSecret(cookie);
		registerSecret(apiKey);
		expect(scrubText(`mam_id=${cookie}; key ${apiKey}`)).toBe(`mam_id=...${cookie.slice(-8)}; key ...feedface`);
		unregisterSecret(cookie);
		expect(scrubText(`mam_id=${cookie}; key ${apiKey}`)).toBe(`mam_id=${cookie}; key ...feedface`);
		expect(registeredSecretValues()).toEqual([apiKey]);
	});

	it('ignores unregistering a value that was never registered, or twice', () => {
		registerSecret(apiKey);
		unregisterSecret('never-registered-value');
		unregisterSecret(undefined);
		unregisterSecret(apiKey);
		unregisterSecret(apiKey);
		expect(registeredSecretValues()).toEqual([]);
		expect(scrubText(`key ${apiKey}`)).toBe(`key ${apiKey}`);
	});

	it('masks a value again after it is registered anew', () => {
		registerSecret(cookie);
		unregisterSecret(cookie);
		registerSecret(cookie);
		expect(scrubText(`cookie ${cookie}`)).toBe(`cookie ...${cookie.slice(-8)}`);
	});

	it('keeps other values that share the first characters when one is unregistered', () => {
		const first = 'sharedprefix-one-1111111111';
		const second = 'sharedprefix-two-2222222222';
		registerSecret(first);
		registerSecret(second);
		unregisterSecret(first);
		expect(scrubText(`${first} ${second}`)).toBe(`${first} ...22222222`);
	});

	it('masks the longer of two values whole when one contains the other', () => {
		const inner = 'abcdef123456';
		const outer = `xx${inner}yy-outer`;
		registerSecret(inner);
		registerSecret(outer);
		expect(scrubText(`a ${outer} b ${inner}`)).toBe(`a ...yy-outer b ...ef123456`);
	});

	it('ignores values too short to be secrets', () => {
		registerSecret('abc12');
		expect(registeredSecretValues()).toEqual([]);
		expect(scrubText('abc12 abc123')).toBe('abc12 abc123');
	});

	it('keeps the sorted list in step with every change (rebuilt only when the set changes)', () => {
		registerSecret('medium-value-1');
		registerSecret('a-much-longer-value-2');
		const first = registeredSecretValues();
		expect(first).toEqual(['a-much-longer-value-2', 'medium-value-1']);
		expect(registeredSecretValues()).toBe(first);
		registerSecret('medium-value-1');
		expect(registeredSecretValues()).toBe(first);
		registerSecret('short1');
		expect(registeredSecretValues()).toEqual(['a-much-longer-value-2', 'medium-value-1', 'short1']);
		unregisterSecret('a-much-longer-value-2');
		expect(registeredSecretValues()).toEqual(['medium-value-1', 'short1']);
		clearRegisteredSecrets();
		expect(registeredSecretValues()).toEqual([]);
	});

	it('gives the same text as masking every value in turn, through any sequence of changes', () => {
		const random = seeded(20260310);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
		// A small alphabet with the mask characters, so values overlap, contain each other and look like masks.
		const alphabet = [...'ab.*-Xy'];
		const word = (min: number, max: number): string => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(alphabet)).join('');
		const registered: string[] = [];
		let compared = 0;
		for (let step = 0; step < 3000; step++) {
			const action = random();
			if (action < 0.45 || registered.length === 0) {
				// New values, sometimes built from a registered one, so one contains another.
				const value = registered.length > 0 && random() < 0.3 ? `${word(0, 3)}${pick(registered)}${word(0, 3)}` : word(6, 14);
				registerSecret(value);
				if (!registered.includes(value)) registered.push(value);
			} else if (action < 0.65) {
				const value = pick(registered);
				unregisterSecret(value);
				registered.splice(registered.indexOf(value), 1);
			} else {
				// Texts with registered values (whole, cut or next to each other) among noise; some long enough for the per-value path.
				const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => (random() < 0.6 ? pick(registered) : random() < 0.5 ? pick(registered).slice(1) : word(0, 8)));
				const text = random() < 0.1 ? parts.join('').repeat(40) : parts.join(random() < 0.5 ? '' : ' ');
				expect(scrubText(text), `text ${JSON.stringify(text)} with ${JSON.stringify(registered)}`).toBe(reference(text, registered));
				compared += 1;
			}
			expect(registeredSecretValues()).toEqual([...registered].sort((a, b) => b.length - a.length));
		}
		expect(compared).toBeGreaterThan(500);
	});

	it('finds values among thousands of registered cookies, in short and long texts', () => {
		const random = seeded(7);
		const cookies = Array.from({ length: 5000 }, () => Array.from({ length: 128 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[Math.floor(random() * 64)]).join(''));
		for (const value of cookies) registerSecret(value);
		const target = cookies[4321];
		expect(scrubText(`rotated to ${target}`)).toBe(`rotated to ...${target.slice(-8)}`);
		const stack = `Error: boom\n${'    at handler (/srv/worker/src/mam/engine.ts:12:3)\n'.repeat(40)}cookie=${target};`;
		expect(scrubText(stack)).toBe(reference(stack, cookies));
		expect(scrubText(stack)).not.toContain(target);
		for (const value of cookies.slice(0, 4000)) unregisterSecret(value);
		expect(registeredSecretValues()).toHaveLength(1000);
		expect(scrubText(`old ${cookies[0]} new ${target}`)).toBe(`old ${cookies[0]} new ...${target.slice(-8)}`);
	});
});
