import { readFile } from 'node:fs/promises';
import net from 'node:net';
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

/** How long a start-up waits for a Temporal frontend that accepts connections to answer. */
export const TEMPORAL_ANSWER_TIMEOUT_MS = 5_000;

/**
 * A client connection (workflows, schedules). A TCP probe first: gRPC keeps retrying a refused
 * or unresolvable address until its timeout, the probe fails at once. Then the frontend must
 * answer within `connectTimeoutMs`. Connect the client before the worker (connectWorker),
 * whose connection waits about 30 s on a port that accepts but does not answer.
 */
export async function connectClient(settings: TemporalConnectionSettings, connectTimeoutMs = TEMPORAL_ANSWER_TIMEOUT_MS): Promise<{ connection: Connection; client: Client }> {
	const options = await connectionOptions(settings);
	await assertAcceptsConnections(settings);
	try {
		const connection = await Connection.connect({ ...options, connectTimeout: connectTimeoutMs });
		return { connection, client: new Client({ connection, namespace: settings.namespace }) };
	} catch (error) {
		if (error instanceof Error && /deadline/i.test(error.message)) {
			const tlsHint = settings.tls?.enabled || settings.api_key ? 'whether it speaks TLS (`temporal.tls`)' : 'whether it needs TLS (`temporal.tls`)';
			const fix = `check that \`temporal.address\` is the frontend's gRPC port (7233 by default, not the Web UI's) and ${tlsHint}, or set \`temporal.address: ""\` to run the embedded server`;
			throw new NetworkError(
				`Temporal is not reachable at ${settings.address}: it accepts connections but did not answer as a Temporal frontend within ${Math.round(connectTimeoutMs / 1000)} s. Fix: ${fix}.`,
				{ service: 'Temporal', fix },
			);
		}
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

const UNREACHABLE_FIX = 'check `temporal.address` (host:port), TLS and API key, or set `temporal.address: ""` to run the embedded server.';

async function assertAcceptsConnections(settings: TemporalConnectionSettings, timeoutMs = 3_000): Promise<void> {
	const separator = settings.address.lastIndexOf(':');
	const host = settings.address.slice(0, separator).replace(/^\[|\]$/g, '');
	const port = Number(settings.address.slice(separator + 1));
	const problem = await new Promise<string | undefined>((resolve) => {
		const socket = net.connect({ host, port });
		socket.setTimeout(timeoutMs);
		const done = (reason: string | undefined): void => {
			socket.destroy();
			resolve(reason);
		};
		socket.once('connect', () => done(undefined));
		socket.once('timeout', () => done(`no answer to a connection attempt within ${timeoutMs / 1000} s`));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			const reasons: Record<string, string> = {
				ECONNREFUSED: 'connection refused: nothing listens there',
				ENOTFOUND: `the host name ${host} does not resolve`,
				EAI_AGAIN: `the host name ${host} could not be resolved (DNS did not answer)`,
				EHOSTUNREACH: 'no route to the host',
				ENETUNREACH: 'the network is unreachable',
			};
			done(reasons[error.code ?? ''] ?? error.code ?? error.message);
		});
	});
	if (problem) throw new NetworkError(`Temporal is not reachable at ${settings.address} (${problem}). Fix: ${UNREACHABLE_FIX}`, { service: 'Temporal', fix: UNREACHABLE_FIX });
}

function unreachable(settings: TemporalConnectionSettings, error: unknown): NetworkError {
	const reason = scrubSecrets(error instanceof Error ? error.message : String(error), [settings.api_key]);
	return new NetworkError(`Temporal is not reachable at ${settings.address} (${reason}). Fix: ${UNREACHABLE_FIX}`, { service: 'Temporal', fix: UNREACHABLE_FIX });
}
