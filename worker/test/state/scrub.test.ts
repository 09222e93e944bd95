import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { clearRegisteredSecrets, isSecretKeyName, registerSecret, scrubValue } from '../../src/state/scrub';

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
