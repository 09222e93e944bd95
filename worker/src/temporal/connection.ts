import { readFile } from 'node:fs/promises';
import { Client, Connection, TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, NetworkError } from '../../../clients/core/errors';
import { scrubSecrets } from '../../../clients/core/redact';

/** The part of `config.temporal` needed to reach a server (structurally what the config loader produces). */
export interface TemporalTlsSettings {
	enabled: boolean;
	server_name?: string;
	ca_file?: string;
	cert_file?: string;
	key_file?: string;
}

export interface TemporalConnectionSettings {
	address: string;
	namespace: string;
	api_key?: string;
	tls?: TemporalTlsSettings;
}

export interface ConnectionOptionsForTemporal {
	address: string;
	tls?: TLSConfig | boolean;
	apiKey?: string;
}

/**
 * Turns the config into SDK options. TLS material is read from files; with an API key and no
 * `tls` section the SDK turns TLS on by itself (Temporal Cloud), and `tls.enabled: false`
 * turns it off explicitly (a local server behind an auth proxy).
 */
export async function connectionOptions(settings: TemporalConnectionSettings): Promise<ConnectionOptionsForTemporal> {
	const options: ConnectionOptionsForTemporal = { address: settings.address };
	if (settings.api_key) options.apiKey = settings.api_key;
	const tls = settings.tls;
	if (tls && !tls.enabled) options.tls = false;
	if (tls?.enabled) {
		if (Boolean(tls.cert_file) !== Boolean(tls.key_file)) {
			throw new ConfigError('`temporal.tls` needs both `cert_file` and `key_file` for mutual TLS, or neither.', { service: 'Temporal' });
		}
		const config: TLSConfig = {};
		if (tls.server_name) config.serverNameOverride = tls.server_name;
		if (tls.ca_file) config.serverRootCACertificate = await readTlsFile(tls.ca_file, 'ca_file');
		if (tls.cert_file && tls.key_file) {
			config.clientCertPair = { crt: await readTlsFile(tls.cert_file, 'cert_file'), key: await readTlsFile(tls.key_file, 'key_file') };
		}
		options.tls = config;
	}
	return options;
}

async function readTlsFile(file: string, setting: string): Promise<Buffer> {
	try {
		return await readFile(file);
	} catch (error) {
		throw new ConfigError(`\`temporal.tls.${setting}\` (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, {
			service: 'Temporal',
			fix: `check the path in temporal.tls.${setting}.`,
		});
	}
}

/**
 * A client connection (workflows, schedules). It waits up to `connectTimeoutMs` for a refused
 * address; connect the worker first (connectWorker), which fails at once.
 */
export async function connectClient(settings: TemporalConnectionSettings, connectTimeoutMs = 10_000): Promise<{ connection: Connection; client: Client }> {
	const options = await connectionOptions(settings);
	try {
		const connection = await Connection.connect({ ...options, connectTimeout: connectTimeoutMs });
		return { connection, client: new Client({ connection, namespace: settings.namespace }) };
	} catch (error) {
		throw unreachable(settings, error);
	}
}

/** The worker's connection (Rust core). */
export async function connectWorker(settings: TemporalConnectionSettings): Promise<NativeConnection> {
	const options = await connectionOptions(settings);
	try {
		return await NativeConnection.connect(options);
	} catch (error) {
		throw unreachable(settings, error);
	}
}

function unreachable(settings: TemporalConnectionSettings, error: unknown): NetworkError {
	const fix = 'check `temporal.address` (host:port), TLS and API key, or set `temporal.address: ""` to run the embedded server.';
	const reason = scrubSecrets(error instanceof Error ? error.message : String(error), [settings.api_key]);
	return new NetworkError(`Temporal is not reachable at ${settings.address} (${reason}). Fix: ${fix}`, { service: 'Temporal', fix });
}
