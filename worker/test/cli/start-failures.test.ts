import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/store';
import { findTemporalBinary } from '../../src/temporal/binary';
import { processStartTime } from '../../src/temporal/lock';

/**
 * `mediastack start` as a user runs it, against every start-up failure we can provoke: each
 * must exit non-zero within a few seconds (not hang, not wait for a shutdown timer) with one
 * error that names the setting (config key, environment variable or flag) and the fix.
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
// tsx as a loader, not its CLI: the CLI runs the script in a child that a kill on timeout would orphan.
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const cliEntry = path.join(repoRoot, 'worker', 'src', 'cli.ts');
/**
 * From the runner's first log line (or, when it fails before logging, from the spawn) to the
 * exit; Node's and tsx's own start-up, slow on a busy 2-core machine, is not the runner's.
 * A hang, or a 10 s shutdown timer, is far above it.
 */
const PROMPT_MS = 4_000;
/** Everything included, as a backstop. */
const TOTAL_MS = 15_000;
const binary = findTemporalBinary().path;

let dir: string;
let dataDir: string;
let held: net.Server[];

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-start-fail-'));
	dataDir = path.join(dir, 'data');
	await mkdir(path.join(dir, 'home'));
	held = [];
});

afterEach(async () => {
	for (const server of held) server.close();
	// Only after a failed assertion: an embedded server left behind by a start that hung.
	for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
	await rm(dir, { recursive: true, force: true });
});

interface StartResult {
	code: number | null;
	/** See PROMPT_MS. */
	ms: number;
	totalMs: number;
	stderr: string;
	stdout: string;
	/** stderr without the runner's JSON log lines. */
	errorLines: string[];
}

function start(args: string[] = [], extraEnv: Record<string, string> = {}): Promise<StartResult> {
	const env = { PATH: process.env.PATH, HOME: path.join(dir, 'home'), TZ: 'UTC', NODE_NO_WARNINGS: '1', ...extraEnv };
	const started = Date.now();
	return new Promise((resolve) => {
		// The kill timeout only ends a hung start (the bug); the assertion on `ms` is the real limit.
		execFile(process.execPath, ['--import', tsxLoader, cliEntry, 'start', ...args], { cwd: dir, env, timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
			const exited = Date.now();
			const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			const lines = stderr.split('\n').filter((line) => line.trim() !== '');
			const errorLines = lines.filter((line) => !isJsonLine(line));
			const firstLog = lines.find(isJsonLine);
			const loggedAt = firstLog ? Number((JSON.parse(firstLog) as { time: number }).time) : started;
			resolve({ code, ms: exited - loggedAt, totalMs: exited - started, stderr, stdout, errorLines });
		});
	});
}

function isJsonLine(line: string): boolean {
	try {
		return typeof JSON.parse(line) === 'object';
	} catch {
		return false;
	}
}

/** Exit 1, in time, one error (one line, or a config heading with exactly one `  - key: ...` line) matching `pattern`, with a fix. */
function expectPromptFailure(result: StartResult, pattern: RegExp): void {
	const shown = `exit ${result.code} after ${result.totalMs} ms (${result.ms} ms after the runner's first log line); stderr:\n${result.stderr.slice(-3000)}`;
	expect(result.code, shown).toBe(1);
	expect(result.ms, shown).toBeLessThan(PROMPT_MS);
	expect(result.totalMs, shown).toBeLessThan(TOTAL_MS);
	const [first, ...rest] = result.errorLines;
	if (rest.length === 1 && /^ {2}- /.test(rest[0])) {
		expect(first, shown).toMatch(/^The config/);
		expect(rest[0], shown).toMatch(pattern);
		return;
	}
	expect(result.errorLines, shown).toHaveLength(1);
	expect(first, shown).toMatch(pattern);
	expect(first, shown).toContain('Fix:');
	expect(result.stdout, shown).not.toContain('started');
}

async function config(lines: string[]): Promise<void> {
	await writeFile(path.join(dir, 'mediastack.yaml'), [`data_dir: ${dataDir}`, ...lines, ''].join('\n'));
}

/** A port held by "another program" for the test. */
async function busyPort(host = '127.0.0.1'): Promise<number> {
	const server = net.createServer((socket) => socket.on('error', () => undefined));
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	held.push(server);
	return (server.address() as net.AddressInfo).port;
}

async function freePort(): Promise<number> {
	const port = await busyPort();
	await new Promise<void>((resolve) => held.pop()!.close(() => resolve()));
	return port;
}

/** The embedded server with free ports unless a test says otherwise. */
const embedded = (extra: string[] = []) => ['temporal:', '  embedded:', `    binary: ${binary}`, '    port: 0', '    ui_port: 0', ...extra];

function processesMentioning(text: string): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((entry) => {
			try {
				return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text);
			} catch {
				return false;
			}
		})
		.map(Number);
}

describe('mediastack start fails promptly, naming the setting and the fix', () => {
	it('a busy temporal.embedded.port', async () => {
		const port = await busyPort();
		await config(['temporal:', '  embedded:', `    port: ${port}`, '    ui_port: 0', 'api:', '  port: 0']);
		expectPromptFailure(await start(), new RegExp(`^error: The embedded Temporal server cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} \\(\`temporal\\.embedded\\.port\`\\) is already in use.*Fix: .*set \`temporal\\.embedded\\.port: PORT\` in the config, or pass --temporal-port PORT`));
	});

	it('a busy temporal.embedded.ui_port', async () => {
		const port = await busyPort();
		await config(['temporal:', '  embedded:', '    port: 0', `    ui_port: ${port}`, 'api:', '  port: 0']);
		expectPromptFailure(await start(), /Web UI cannot listen .*\(`temporal\.embedded\.ui_port`\) is already in use.*Fix: .*--temporal-ui-port PORT/);
	});

	it('a busy api.port (before the embedded server starts, not after)', async () => {
		const port = await busyPort();
		await config([...embedded(), 'api:', `  port: ${port}`]);
		const result = await start();
		expectPromptFailure(result, new RegExp(`^error: The API cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} \\(\`api\\.port\`\\) is already in use.*Fix: .*--api-port PORT`));
		expect(result.stderr).not.toContain('starting the embedded Temporal server');
	});

	it('a busy port given by --api-port names the flag', async () => {
		const port = await busyPort();
		await config([...embedded(), 'api:', '  port: 0']);
		expectPromptFailure(await start(['--api-port', String(port)]), new RegExp(`port ${port} \\(--api-port\\) is already in use.*Fix: .*pass --api-port PORT \\(0 picks a free one\\)`));
	});

	it('a busy port given by MEDIASTACK_TEMPORAL_PORT names the variable', async () => {
		const port = await busyPort();
		await config(['api:', '  port: 0']);
		expectPromptFailure(await start([], { MEDIASTACK_TEMPORAL_PORT: String(port) }), new RegExp(`port ${port} \\(MEDIASTACK_TEMPORAL_PORT\\) is already in use.*Fix: .*set MEDIASTACK_TEMPORAL_PORT=PORT`));
	});

	it('an invalid MEDIASTACK_API_PORT names the variable', async () => {
		await config([...embedded()]);
		expectPromptFailure(await start([], { MEDIASTACK_API_PORT: 'eighty' }), /^ {2}- MEDIASTACK_API_PORT \(overrides api\.port\): must be a number/);
	});

	it('the API and the embedded server on the same port', async () => {
		const port = await freePort();
		await config(['temporal:', '  embedded:', `    port: ${port}`, '    ui_port: 0']);
		expectPromptFailure(await start(['--api-port', String(port)]), new RegExp(`both set to port ${port} \\(\`temporal\\.embedded\\.port\` and --api-port\\).*Fix: give them different ports`));
	});

	it('a temporal.embedded.ip this machine does not have', async () => {
		await config(['temporal:', '  embedded:', '    ip: 192.0.2.55', 'api:', '  port: 0']);
		expectPromptFailure(await start(), /^error: The embedded Temporal server cannot listen on 192\.0\.2\.55:7233: this machine has no address 192\.0\.2\.55 \(`temporal\.embedded\.ip`\)\. Fix: set `temporal\.embedded\.ip: 127\.0\.0\.1`/);
	});

	it('an api.host this machine does not have', async () => {
		await config([...embedded(), 'api:', '  host: 192.0.2.55', '  port: 0']);
		expectPromptFailure(await start(), /^error: The API cannot listen on 192\.0\.2\.55: this machine has no address 192\.0\.2\.55 \(`api\.host`\)\. Fix: set `api\.host: 127\.0\.0\.1`/);
	});

	it('a temporal.embedded.binary that does not exist', async () => {
		await config(['temporal:', '  embedded:', `    binary: ${path.join(dir, 'nope', 'temporal')}`]);
		expectPromptFailure(await start(), /^ {2}- temporal\.embedded\.binary: file not found/);
	});

	it('a MEDIASTACK_TEMPORAL_BIN that does not exist', async () => {
		await config(['api:', '  port: 0', 'temporal:', '  embedded: { port: 0, ui_port: 0 }']);
		expectPromptFailure(await start([], { MEDIASTACK_TEMPORAL_BIN: path.join(dir, 'nope') }), /^error: MEDIASTACK_TEMPORAL_BIN is ".*nope", which is not an executable file\. Fix:/);
	});

	it('a garbled temporal.embedded.binary, leaving no process behind', async () => {
		const garbled = path.join(dir, 'temporal-garbled');
		await writeFile(garbled, randomBytes(4096), { mode: 0o755 });
		await config(['temporal:', '  embedded:', `    binary: ${garbled}`, '    port: 0', '    ui_port: 0', 'api:', '  port: 0']);
		const result = await start();
		expectPromptFailure(result, /^error: The embedded Temporal server did not start: `temporal\.embedded\.binary` \(.*temporal-garbled\) exited with code \d+ before it was ready\..*Fix: point `temporal\.embedded\.binary` at a working Temporal CLI/);
		// One printable line: the binary's garbage output is not copied to the terminal.
		expect(result.errorLines[0]).toMatch(/^[\x20-\x7e…]+$/);
		expect(processesMentioning(dataDir)).toEqual([]);
	});

	it('a binary that is not the Temporal CLI, quoting what it said', async () => {
		const other = path.join(dir, 'not-temporal');
		await writeFile(other, '#!/bin/sh\necho "Error: unknown command \\"$1\\" for \\"other\\"" >&2\nexit 3\n', { mode: 0o755 });
		await config(['api:', '  port: 0', 'temporal:', '  embedded: { port: 0, ui_port: 0 }']);
		expectPromptFailure(
			await start([], { MEDIASTACK_TEMPORAL_BIN: other }),
			/did not start: MEDIASTACK_TEMPORAL_BIN \(.*not-temporal\) exited with code 3 before it was ready\. It printed: Error: unknown command "server" for "other"\. Fix: point MEDIASTACK_TEMPORAL_BIN at a working Temporal CLI/,
		);
	});

	it('a temporal.address where nothing listens', async () => {
		const port = await freePort();
		await config(['temporal:', `  address: 127.0.0.1:${port}`, 'api:', '  port: 0']);
		expectPromptFailure(await start(), new RegExp(`^error: Temporal is not reachable at 127\\.0\\.0\\.1:${port} \\(connection refused: nothing listens there\\)\\. Fix: check \`temporal\\.address\``));
	});

	it('a temporal.address whose host does not resolve', async () => {
		await config(['temporal:', '  address: no-such-host.invalid:7233', 'api:', '  port: 0']);
		expectPromptFailure(await start(), /^error: Temporal is not reachable at no-such-host\.invalid:7233 \(the host name no-such-host\.invalid does not (resolve|be resolved)/);
	});

	it('a temporal.address that accepts connections but is no Temporal frontend, within its answer timeout', async () => {
		const port = await busyPort();
		await config(['temporal:', `  address: 127.0.0.1:${port}`, 'api:', '  port: 0']);
		const result = await start();
		// The frontend gets 5 s to answer (the worker's own connection would wait about 30 s).
		expect(result.ms).toBeLessThan(5_000 + PROMPT_MS);
		expectPromptFailure({ ...result, ms: result.ms - 5_000, totalMs: result.totalMs - 5_000 }, /^error: Temporal is not reachable at 127\.0\.0\.1:\d+: it accepts connections but did not answer as a Temporal frontend within 5 s\. Fix: check that `temporal\.address` is the frontend's gRPC port/);
	});

	it('a data_dir that cannot be created', async () => {
		await writeFile(path.join(dir, 'a-file'), 'not a directory');
		await writeFile(path.join(dir, 'mediastack.yaml'), `data_dir: ${path.join(dir, 'a-file', 'data')}\n`);
		expectPromptFailure(await start(), /^error: The data directory .*a-file\/data \(`data_dir`\) cannot be used: a part of the path is a file, not a directory\. Fix: set `data_dir` in the config \(or MEDIASTACK_DATA_DIR\)/);
	});

	it('a second runner on the same data dir', async () => {
		await mkdir(dataDir, { recursive: true });
		// This test's own process plays the first runner: alive, with the start time the lock records.
		await writeFile(
			path.join(dataDir, 'runner.lock'),
			JSON.stringify({ token: 'first', pid: process.pid, pidStart: processStartTime(process.pid), acquiredAt: '2026-01-01T00:00:00.000Z' }),
		);
		await config([...embedded(), 'api:', '  port: 0']);
		expectPromptFailure(await start(), new RegExp(`^error: The data dir ${dataDir.replace(/[.]/g, '\\.')} is already in use by process ${process.pid}.*Fix: stop that runner first, or give this one another \`data_dir\``));
	});

	it('a MEDIASTACK_STATE_KEY that is too short', async () => {
		await config([...embedded(), 'api:', '  port: 0']);
		expectPromptFailure(await start([], { MEDIASTACK_STATE_KEY: 'short' }), /^error: MEDIASTACK_STATE_KEY is too short to be a safe key/);
	});

	it('a MEDIASTACK_STATE_KEY other than the one the secrets were written with', async () => {
		const store = await StateStore.open(dataDir, { env: { MEDIASTACK_STATE_KEY: 'the first passphrase of this install' } });
		await store.setSecret('api.token', 'a-token-written-with-the-first-key');
		await config([...embedded(), 'api:', '  port: 0']);
		expectPromptFailure(await start([], { MEDIASTACK_STATE_KEY: 'a different passphrase entirely' }), /^error: The secrets in state\.json were encrypted with another key .* than the one from MEDIASTACK_STATE_KEY .*Fix: set MEDIASTACK_STATE_KEY to the key used before/);
	});

	it('a YAML mistake, reported once', async () => {
		await writeFile(path.join(dir, 'mediastack.yaml'), `data_dir: ${dataDir}\napi:\n  port: 8420\n    host: 127.0.0.1\n    token: abc\n`);
		const result = await start();
		expectPromptFailure(result, /^ {2}- line 3, column 9: Nested mappings are not allowed in compact mappings\. Fix: /);
	});

	it('an unknown MEDIASTACK_LOG_FORMAT', async () => {
		await config([...embedded(), 'api:', '  port: 0']);
		expectPromptFailure(await start([], { MEDIASTACK_LOG_FORMAT: 'fancy' }), /^error: MEDIASTACK_LOG_FORMAT is "fancy"\. Fix: set it to json or pretty/);
	});
});
