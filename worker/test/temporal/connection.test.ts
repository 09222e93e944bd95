import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, NetworkError } from '../../../clients/core/errors';
import { connectWorker, connectionOptions } from '../../src/temporal/connection';
import { findFreePort } from '../../src/temporal/dev-server';
import { makeTempDir } from '../support/temporal';

const dir = makeTempDir('mediastack-connection-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
	const full = path.join(dir, name);
	writeFileSync(full, content);
	return full;
}

const API_KEY = 'tmprl-api-key-0123456789abcdefghijkl';

describe('connectionOptions', () => {
	it('passes the API key and leaves TLS to the SDK (which turns it on for an API key)', async () => {
		expect(await connectionOptions({ address: 'ns.tmprl.cloud:7233', namespace: 'ns', api_key: API_KEY })).toEqual({ address: 'ns.tmprl.cloud:7233', apiKey: API_KEY });
	});

	it('reads the CA, client certificate and key files for mutual TLS', async () => {
		const options = await connectionOptions({
			address: 'temporal:7233',
			namespace: 'default',
			tls: { enabled: true, server_name: 'temporal.internal', ca_file: file('ca.pem', 'CA'), cert_file: file('crt.pem', 'CRT'), key_file: file('key.pem', 'KEY') },
		});
		expect(options.tls).toEqual({
			serverNameOverride: 'temporal.internal',
			serverRootCACertificate: Buffer.from('CA'),
			clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
		});
	});

	it('turns TLS off explicitly with tls.enabled: false, even with an API key', async () => {
		expect((await connectionOptions({ address: 'proxy:7233', namespace: 'default', api_key: API_KEY, tls: { enabled: false } })).tls).toBe(false);
	});

	it('names the setting when a TLS file is missing or only half of a key pair is given', async () => {
		await expect(connectionOptions({ address: 'a:1', namespace: 'n', tls: { enabled: true, ca_file: path.join(dir, 'nope.pem') } })).rejects.toThrow(/temporal\.tls\.ca_file.*ENOENT/);
		await expect(connectionOptions({ address: 'a:1', namespace: 'n', tls: { enabled: true, cert_file: file('only.pem', 'x') } })).rejects.toBeInstanceOf(ConfigError);
	});
});

describe('connectWorker', () => {
	it('fails at once on a refused address with a NetworkError that names the address and the fix, not the key', async () => {
		const port = await findFreePort('127.0.0.1');
		const started = Date.now();
		const error = await connectWorker({ address: `127.0.0.1:${port}`, namespace: 'default', api_key: API_KEY, tls: { enabled: false } }).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(error).toBeInstanceOf(NetworkError);
		expect((error as Error).message).toContain(`Temporal is not reachable at 127.0.0.1:${port}`);
		expect((error as Error).message).toContain('temporal.address');
		expect((error as Error).message).not.toContain(API_KEY);
	});
});
