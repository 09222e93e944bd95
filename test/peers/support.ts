/**
 * Plumbing shared by the real-peer starters: free loopback ports, temp data dirs, random
 * credentials, daemons in their own process group, and readiness polling that fails fast when
 * a daemon dies. Install the daemons first with `bash scripts/peers/install.sh`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { maskSecret } from '../../clients/core/redact';

export const LOOPBACK = '127.0.0.1';

/** What every started peer hands back. */
export interface RunningPeer {
	/** Base URL of the peer's API on 127.0.0.1. */
	url: string;
	/** Temp dir holding the peer's config and data; removed by `stop()`. */
	dataDir: string;
	/** Leader pid of each process group the peer runs in (also the group ids). */
	pids: number[];
	/** Kills the peer's process group(s) and removes `dataDir`. Safe to call twice. */
	stop(): Promise<void>;
}

export interface StartOptions {
	/** How long to wait for the first successful authenticated call (default 30 s). */
	readyTimeoutMs?: number;
}

export const DEFAULT_READY_TIMEOUT_MS = 30_000;

/** A port the kernel just handed out on 127.0.0.1 and that is free again. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, LOOPBACK, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
		});
	});
}

/** Several distinct free ports (asked for together so the kernel cannot hand out one twice). */
export async function freePorts(count: number): Promise<number[]> {
	const servers: net.Server[] = [];
	try {
		const ports: number[] = [];
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			servers.push(server);
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, LOOPBACK, () => resolve());
			});
			const address = server.address();
			if (typeof address !== 'object' || !address) throw new Error('no port assigned');
			ports.push(address.port);
		}
		return ports;
	} finally {
		await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
	}
}

export function makeDataDir(peer: string): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), `mediastack-peer-${peer}-`));
}

/** Random hex string; also used for usernames so runs never share credentials. */
export function randomSecret(bytes = 16): string {
	return randomBytes(bytes).toString('hex');
}

/** A fresh username and password for one peer run. */
export function randomLogin(): { username: string; password: string } {
	return { username: `user${randomSecret(4)}`, password: randomSecret() };
}

/**
 * Absolute path of an installed executable, or a loud error telling how to install it. The
 * Debian locations come first, so e.g. a pyenv `python3` without python3-aiosmtpd or a pip
 * `apprise` on PATH cannot shadow the packaged one.
 */
export function requireExecutable(name: string): string {
	const dirs = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].concat((process.env.PATH ?? '').split(path.delimiter));
	for (const dir of dirs) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			accessSync(candidate, fsConstants.X_OK);
			return candidate;
		} catch {
			// not in this dir
		}
	}
	throw new Error(`${name} is not installed; run \`bash scripts/peers/install.sh\` (as root) first`);
}

/** Replaces each secret in `text` by its masked form so daemon output can go into errors. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret) redacted = redacted.split(secret).join(maskSecret(secret));
	}
	return redacted;
}

const OUTPUT_TAIL_CHARS = 4_000;

/** Process groups still alive, killed synchronously if the test process exits without stop(). */
const liveGroups = new Map<number, string>();
const liveDataDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const pgid of liveGroups.keys()) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		for (const dir of liveDataDirs) rmSync(dir, { recursive: true, force: true });
	});
}

export interface DaemonSpawnOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Secrets to mask if the daemon's output ends up in an error message. */
	secrets?: readonly string[];
}

/** A daemon running in its own process group, with the tail of its output kept for errors. */
export class Daemon {
	private outputTail = '';
	private exitInfo: string | undefined;
	readonly exited: Promise<void>;

	private constructor(
		readonly label: string,
		private readonly child: ChildProcess,
		private readonly secrets: readonly string[],
	) {
		const keep = (chunk: Buffer) => {
			this.outputTail = (this.outputTail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
				if (child.pid) liveGroups.delete(child.pid);
				resolve();
			});
			child.once('error', (error) => {
				this.exitInfo = `failed to start: ${error.message}`;
				resolve();
			});
		});
	}

	static spawn(label: string, command: string, args: readonly string[], options: DaemonSpawnOptions = {}): Daemon {
		installExitHook();
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			// Own process group, so stop() also reaches anything the daemon forks.
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (child.pid) liveGroups.set(child.pid, label);
		return new Daemon(label, child, options.secrets ?? []);
	}

	/** Pid of the daemon, which is also its process group id. */
	get pid(): number {
		if (!this.child.pid) throw new Error(`${this.label} has no pid (${this.exitInfo ?? 'not started'})`);
		return this.child.pid;
	}

	/** Why the daemon is gone, or undefined while it runs. */
	get exitReason(): string | undefined {
		return this.exitInfo;
	}

	/** The last few KB of its stdout/stderr with secrets masked. */
	output(): string {
		return redactSecrets(this.outputTail, this.secrets).trim();
	}

	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader is reaped. */
	async stop(graceMs = 5_000): Promise<void> {
		const pgid = this.child.pid;
		if (!pgid || this.exitInfo !== undefined) {
			if (pgid) signalGroup(pgid, 'SIGKILL');
			return;
		}
		signalGroup(pgid, 'SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(true), graceMs);
		});
		const slow = await Promise.race([this.exited.then(() => false), timedOut]);
		clearTimeout(timer);
		// Children that outlive the leader (or a leader that ignores SIGTERM) get no more grace.
		signalGroup(pgid, 'SIGKILL');
		if (slow) await this.exited;
		liveGroups.delete(pgid);
	}
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// group already gone
	}
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns true. Fails at once if any of `daemons` exits, and after
 * `timeoutMs` otherwise; both errors carry the daemons' (masked) output.
 */
export async function waitUntilReady(
	peer: string,
	daemons: readonly Daemon[],
	probe: () => Promise<boolean>,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastProblem = 'not answering yet';
	for (let attempt = 0; ; attempt++) {
		const dead = daemons.find((daemon) => daemon.exitReason !== undefined);
		if (dead) throw new Error(`${peer}: ${dead.label} stopped during start-up (${dead.exitReason})${describeOutput(daemons)}`);
		try {
			if (await probe()) return;
		} catch (error) {
			lastProblem = error instanceof Error ? error.message : String(error);
		}
		if (Date.now() >= deadline) {
			throw new Error(`${peer}: not ready after ${timeoutMs} ms (${lastProblem})${describeOutput(daemons)}`);
		}
		await delay(Math.min(50 * 2 ** attempt, 250));
	}
}

function describeOutput(daemons: readonly Daemon[]): string {
	return daemons
		.map((daemon) => {
			const output = daemon.output();
			return output ? `\n--- ${daemon.label} output ---\n${output}` : '';
		})
		.join('');
}

/**
 * Builds a peer's stop(): stops its daemons (in the given order), then removes its data dir.
 * Registers the dir for removal at process exit in case stop() is never called.
 */
export function stopper(daemons: readonly Daemon[], dataDir: string): () => Promise<void> {
	liveDataDirs.add(dataDir);
	installExitHook();
	let stopping: Promise<void> | undefined;
	return () => {
		stopping ??= (async () => {
			for (const daemon of daemons) await daemon.stop();
			await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
			liveDataDirs.delete(dataDir);
		})();
		return stopping;
	};
}

/**
 * Runs `start` and, if readiness fails, stops whatever was started and removes the dir, so a
 * failed start leaves nothing behind.
 */
export async function startOrCleanUp<T>(stop: () => Promise<void>, start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

/** What `readyPeer` adds to a peer's own fields. */
export type PeerHandle = Pick<RunningPeer, 'dataDir' | 'pids' | 'stop'>;

export interface PeerLaunch {
	/** The peer's name in errors, e.g. "qBittorrent". */
	peer: string;
	/**
	 * Its daemons in the order they were started. stop() takes them down in reverse, so a
	 * front end (deluge-web, lighttpd) never sees its back end vanish mid-request.
	 */
	daemons: readonly Daemon[];
	dataDir: string;
	/** One authenticated call; true once the peer answers it properly. */
	probe: () => Promise<boolean>;
	/** Default DEFAULT_READY_TIMEOUT_MS. */
	readyTimeoutMs?: number;
}

/**
 * Waits until the just-spawned daemons answer `probe`, then hands back `fields` with the data
 * dir, the pids and stop(). If they never do, nothing is left behind (see startOrCleanUp).
 */
export function readyPeer<T extends object>(launch: PeerLaunch, fields: T): Promise<T & PeerHandle> {
	const { peer, daemons, dataDir, probe } = launch;
	const stop = stopper([...daemons].reverse(), dataDir);
	return startOrCleanUp(stop, async () => {
		await waitUntilReady(peer, daemons, probe, launch.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
		return { ...fields, dataDir, pids: daemons.map((daemon) => daemon.pid), stop };
	});
}

/** `Authorization: Basic ...` for the given credentials. */
export function basicAuth(username: string, password: string): string {
	return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

/** fetch with a per-request timeout, so a hung daemon cannot stall a readiness loop. */
export function fetchWithTimeout(url: string, init: RequestInit = {}, timeoutMs = 5_000): Promise<Response> {
	return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
