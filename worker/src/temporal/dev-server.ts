import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { ConfigError, NetworkError } from '../../../clients/core/errors';
import { SettingRef, configSetting } from '../config/overrides';
import { ListenSettings, assertCanListen, listenFailure, probeListen } from '../ports';
import { FileLock, acquireFileLock, isProcessAlive, processStartTime } from './lock';

/**
 * The embedded Temporal server: `temporal server start-dev` with its SQLite file in the data
 * dir, so workflow history and schedules survive restarts.
 *
 * Ports: 0 picks a free port. A port set in the config is used as is, and a busy one is an error
 * rather than silently replaced, because whoever set it points a browser or the `temporal` CLI
 * at it. Everything listens on 127.0.0.1 unless `ip` says otherwise.
 */
export interface DevServerLogger {
	info(obj: object, msg?: string): void;
	warn(obj: object, msg?: string): void;
	error(obj: object, msg?: string): void;
}

export interface DevServerOptions {
	/** Path of the `temporal` CLI (see binary.ts). */
	binary: string;
	/** The runner's data dir; the server keeps its files in `<dataDir>/temporal/`. */
	dataDir: string;
	namespace: string;
	ip?: string;
	/** Frontend gRPC port; 0 = a free one. */
	port?: number;
	/** Web UI port; 0 = a free one. */
	uiPort?: number;
	/** Until the frontend and the Web UI both answer. */
	startTimeoutMs?: number;
	/** How long `stop()` waits after SIGTERM before SIGKILL. */
	stopTimeoutMs?: number;
	logger?: DevServerLogger;
	/** How messages name the settings behind ip, port and uiPort (default: the `temporal.embedded.*` keys). */
	settings?: Partial<DevServerSettings>;
	/** How messages name the binary and how to replace it, e.g. "`temporal.embedded.binary` (/opt/temporal)". */
	binaryLabel?: string;
	binaryFix?: string;
}

export interface DevServerSettings {
	ip: SettingRef;
	port: SettingRef;
	uiPort: SettingRef;
}

const DEFAULT_SETTINGS: DevServerSettings = {
	ip: configSetting('temporal.embedded.ip'),
	port: configSetting('temporal.embedded.port'),
	uiPort: configSetting('temporal.embedded.ui_port'),
};

const DEFAULT_BINARY_FIX =
	'point `temporal.embedded.binary` at a working Temporal CLI (`temporal server start-dev --help` must run), or unset it and install one with `node scripts/ensure-temporal.mjs`';

export interface DevServer {
	/** host:port of the frontend, for Connection/NativeConnection. */
	readonly address: string;
	readonly namespace: string;
	readonly webUiUrl: string;
	readonly pid: number;
	readonly dbPath: string;
	readonly logPath: string;
	/** Resolves once the process has exited; rejects never. */
	readonly exited: Promise<void>;
	stop(): Promise<void>;
}

export function devServerPaths(dataDir: string): { dir: string; dbPath: string; logPath: string; lockPath: string } {
	const dir = path.join(path.resolve(dataDir), 'temporal');
	return { dir, dbPath: path.join(dir, 'history.db'), logPath: path.join(dir, 'server.log'), lockPath: path.join(dir, 'server.lock') };
}

const LOG_ROTATE_BYTES = 10 * 1024 * 1024;
const PORT_RACE_ATTEMPTS = 3;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
	const ip = options.ip || '127.0.0.1';
	const paths = devServerPaths(options.dataDir);
	mkdirSync(paths.dir, { recursive: true });
	const lock = acquireFileLock(paths.lockPath, {
		description: `The embedded Temporal server's data (${paths.dir})`,
		onStale: (stale) => stopOrphanServer(stale, paths.dbPath, options.logger),
	});
	const settings = { ...DEFAULT_SETTINGS, ...options.settings };
	const listen = (port: SettingRef): ListenSettings => ({ host: settings.ip, port });
	try {
		for (let attempt = 1; ; attempt++) {
			const port = options.port || (await findFreePort(ip, [], settings.ip));
			const uiPort = options.uiPort || (await findFreePort(ip, [port], settings.ip));
			if (options.port) await assertCanListen('The embedded Temporal server', ip, options.port, listen(settings.port), 'Temporal');
			if (options.uiPort) await assertCanListen("The embedded Temporal server's Web UI", ip, options.uiPort, listen(settings.uiPort), 'Temporal');
			try {
				return await launch(options, { ip, port, uiPort, paths, lock });
			} catch (error) {
				// Another process may grab a free port between our probe and the server's bind.
				const autoPorts = !options.port || !options.uiPort;
				if (!(error instanceof PortTakenError) || !autoPorts || attempt >= PORT_RACE_ATTEMPTS) throw error;
				options.logger?.warn({ attempt }, 'embedded Temporal server lost a port race; retrying on other ports');
			}
		}
	} catch (error) {
		lock.release();
		throw error;
	}
}

class PortTakenError extends NetworkError {}

interface LaunchContext {
	ip: string;
	port: number;
	uiPort: number;
	paths: ReturnType<typeof devServerPaths>;
	lock: FileLock;
}

/** See the flag's comment in launch(). */
const TRANSFER_POLL_RPS = 1000;

async function launch(options: DevServerOptions, context: LaunchContext): Promise<DevServer> {
	const { ip, port, uiPort, paths, lock } = context;
	const started = Date.now();
	const address = `${ip}:${port}`;
	const webUiUrl = `http://${hostForUrl(ip)}:${uiPort}`;
	const args = [
		'server',
		'start-dev',
		'--db-filename',
		paths.dbPath,
		'--ip',
		ip,
		'--port',
		String(port),
		'--ui-port',
		String(uiPort),
		'--log-level',
		'warn',
		// The dev server polls its transfer queue at most 20 times a second by default, which
		// adds ~40 ms to every workflow step; one machine's worth of jobs can afford more.
		'--dynamic-config-value',
		`history.transferProcessorMaxPollRPS=${TRANSFER_POLL_RPS}`,
	];
	// "default" always exists; naming it again is harmless but noisy.
	if (options.namespace !== 'default') args.push('--namespace', options.namespace);

	rotateLog(paths.logPath);
	const logFd = openSync(paths.logPath, 'a');
	const logStart = fileSize(paths.logPath);
	let child: ChildProcess;
	try {
		child = spawn(options.binary, args, {
			// Its own process group: a Ctrl-C in the terminal reaches the runner, which then stops
			// the worker before the server, instead of both dying at once.
			detached: true,
			stdio: ['ignore', logFd, logFd],
			env: withoutTemporalVariables(process.env),
		});
	} finally {
		closeSync(logFd);
	}
	const exited = new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.once('error', () => resolve());
	});
	let spawnError: Error | undefined;
	child.once('error', (error) => {
		spawnError = error;
	});
	// If the runner exits without stop() (uncaught error, process.exit), take the server along.
	const killOnExit = (): void => {
		if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
	};
	process.on('exit', killOnExit);

	let stopping: Promise<void> | undefined;
	let ready = false;
	void exited.then(() => {
		if (ready && !stopping) {
			options.logger?.error(
				{ exitCode: child.exitCode, signal: child.signalCode, log: paths.logPath },
				'the embedded Temporal server exited unexpectedly; workflows and schedules stop until the runner is restarted',
			);
		}
	});
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			await terminate(child, exited, options.stopTimeoutMs ?? 10_000);
			process.off('exit', killOnExit);
			lock.release();
		})();
		return stopping;
	};

	try {
		await waitUntilReady({
			address,
			namespace: options.namespace,
			webUiUrl,
			deadline: started + (options.startTimeoutMs ?? 30_000),
			failed: () => {
				if (spawnError) return `it could not be run (${spawnError.message})`;
				if (child.exitCode !== null) return `it exited with code ${child.exitCode}`;
				if (child.signalCode !== null) return `it was ended by ${child.signalCode}`;
				return undefined;
			},
			logPath: paths.logPath,
			logStart,
			binaryLabel: options.binaryLabel ?? `the Temporal CLI (${options.binary})`,
			binaryFix: options.binaryFix ?? DEFAULT_BINARY_FIX,
		});
	} catch (error) {
		await terminate(child, exited, 2_000);
		process.off('exit', killOnExit);
		throw error;
	}
	ready = true;
	lock.update({ serverPid: child.pid, serverPidStart: processStartTime(child.pid!), address, webUiUrl });
	options.logger?.info({ address, webUiUrl, pid: child.pid, ms: Date.now() - started }, 'embedded Temporal server is ready');
	return { address, namespace: options.namespace, webUiUrl, pid: child.pid!, dbPath: paths.dbPath, logPath: paths.logPath, exited, stop };
}

interface ReadinessCheck {
	address: string;
	namespace: string;
	webUiUrl: string;
	deadline: number;
	failed: () => string | undefined;
	logPath: string;
	/** Where this start's output begins in the (appended) log. */
	logStart: number;
	binaryLabel: string;
	binaryFix: string;
}

async function waitUntilReady(check: ReadinessCheck): Promise<void> {
	let frontendReady = false;
	let lastProblem = 'no answer yet';
	while (Date.now() < check.deadline) {
		const failure = check.failed();
		if (failure) throw binaryFailure(check, failure);
		try {
			// A cheap TCP probe first: gRPC's connect keeps retrying a refused port until its own timeout.
			if (!frontendReady && !(await tcpAccepts(check.address))) {
				lastProblem = 'the frontend port is not open yet';
				await sleep(50);
				continue;
			}
			if (!frontendReady) {
				const connection = await Connection.connect({ address: check.address, connectTimeout: 1_000 });
				try {
					// The namespace is registered a moment after the port opens.
					await connection.workflowService.describeNamespace({ namespace: check.namespace });
				} finally {
					await connection.close();
				}
				frontendReady = true;
			}
			const response = await fetch(check.webUiUrl, { signal: AbortSignal.timeout(2_000) });
			await response.arrayBuffer();
			if (response.status === 200) return;
			lastProblem = `the Web UI answered ${response.status}`;
		} catch (error) {
			lastProblem = error instanceof Error ? error.message : String(error);
		}
		await sleep(100);
	}
	throw startFailure(check, `it did not become ready in time (${lastProblem})`);
}

function tcpAccepts(address: string): Promise<boolean> {
	const separator = address.lastIndexOf(':');
	const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
	const port = Number(address.slice(separator + 1));
	return new Promise((resolve) => {
		const socket = net.connect({ host, port });
		socket.setTimeout(1_000);
		const done = (accepted: boolean): void => {
			socket.destroy();
			resolve(accepted);
		};
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
		socket.once('timeout', () => done(false));
	});
}

function startFailure(check: ReadinessCheck, reason: string): Error {
	const tail = logTail(check.logPath, check.logStart, 15);
	const message = `The embedded Temporal server on ${check.address} did not start: ${reason}.${lastWords(tail)} Fix: see ${check.logPath}.`;
	return new ConfigError(message, { service: 'Temporal', fix: `see ${check.logPath}` });
}

/** The process ended (or never ran) before it was ready: the binary or its ports are the problem. */
function binaryFailure(check: ReadinessCheck, reason: string): Error {
	const tail = logTail(check.logPath, check.logStart, 15);
	if (/address already in use|bind:/i.test(tail)) {
		return new PortTakenError(`The embedded Temporal server on ${check.address} did not start: a port was taken.${lastWords(tail)}`, { service: 'Temporal' });
	}
	const message = `The embedded Temporal server did not start: ${check.binaryLabel} ${reason.replace(/^it /, '')} before it was ready.${lastWords(tail)} Fix: ${check.binaryFix}. Its output is in ${check.logPath}.`;
	return new ConfigError(message, { service: 'Temporal', fix: check.binaryFix });
}

/** The last line the server printed, printable and short, for a one-line error. */
function lastWords(tail: string): string {
	const lines = tail
		.split('\n')
		.map((line) => line.replace(/[^\x20-\x7e]+/g, '?').trim())
		.filter(Boolean);
	const last = lines[lines.length - 1];
	if (!last) return '';
	return ` It printed: ${last.length > 200 ? `${last.slice(0, 200)}…` : last.replace(/\.$/, '')}.`;
}

async function terminate(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	signalGroup(child.pid, 'SIGTERM');
	// The timer is cancelled once the server exits: left pending, it would keep a stopped runner's process alive.
	const grace = new AbortController();
	const timedOut = sleep(timeoutMs, true, { signal: grace.signal }).catch(() => false);
	const outcome = await Promise.race([exited.then(() => false), timedOut]);
	grace.abort();
	if (outcome) {
		signalGroup(child.pid, 'SIGKILL');
		await exited;
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// Already gone.
		}
	}
}

/**
 * A runner that died without stopping its server (SIGKILL, power cut on a container) leaves
 * the server holding the SQLite file. Stop it, but only when it is provably ours: the pid
 * recorded in our lock, the same process start time, and our database on its command line.
 */
function stopOrphanServer(stale: Record<string, unknown>, dbPath: string, logger?: DevServerLogger): void {
	const pid = typeof stale.serverPid === 'number' ? stale.serverPid : undefined;
	const pidStart = typeof stale.serverPidStart === 'string' ? stale.serverPidStart : undefined;
	if (pid === undefined || pidStart === undefined || !isProcessAlive(pid, pidStart)) return;
	let commandLine = '';
	try {
		commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return;
	}
	if (!commandLine.includes(dbPath)) return;
	logger?.warn({ pid }, 'stopping an embedded Temporal server left behind by a runner that did not shut down');
	signalGroup(pid, 'SIGKILL');
	for (let waited = 0; waited < 50 && isProcessAlive(pid, pidStart); waited++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

export async function findFreePort(ip: string, avoid: number[] = [], ipSetting: SettingRef = DEFAULT_SETTINGS.ip): Promise<number> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const probe = await probeListen(ip, 0);
		if (!probe.ok) throw listenFailure('The embedded Temporal server', ip, 0, probe, { host: ipSetting, port: DEFAULT_SETTINGS.port }, 'Temporal');
		if (!avoid.includes(probe.port)) return probe.port;
	}
	throw new NetworkError(`Could not find a free TCP port on ${ip}.`, { service: 'Temporal' });
}

function rotateLog(logPath: string): void {
	try {
		if (statSync(logPath).size > LOG_ROTATE_BYTES) renameSync(logPath, logPath + '.1');
	} catch {
		// No log yet.
	}
}

function fileSize(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

function logTail(logPath: string, fromByte: number, lines: number): string {
	try {
		return readFileSync(logPath).subarray(fromByte).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** TEMPORAL_* variables configure the CLI's client commands; keep them from changing the server. */
function withoutTemporalVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TEMPORAL_')));
}

function hostForUrl(ip: string): string {
	if (ip === '0.0.0.0') return '127.0.0.1';
	return ip.includes(':') ? `[${ip}]` : ip;
}
