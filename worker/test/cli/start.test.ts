import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTemporalBinary } from '../../src/temporal/binary';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cliEntry = path.join(repoRoot, 'worker', 'src', 'cli.ts');

let dir: string;
let children: ChildProcess[];

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-start-'));
	await mkdir(path.join(dir, 'home'));
	children = [];
});

afterEach(async () => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await rm(dir, { recursive: true, force: true });
});

function cliEnv(): NodeJS.ProcessEnv {
	return { PATH: process.env.PATH, HOME: path.join(dir, 'home'), TZ: 'UTC', NODE_NO_WARNINGS: '1' };
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [tsxCli, cliEntry, ...args], { cwd: dir, env: cliEnv(), timeout: 30_000 }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
		});
	});
}

/** Runs `mediastack start` on a pseudo-terminal (util-linux `script`), as a user at a shell does; stdout and stderr arrive merged. */
function runOnTerminal(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; output: string }> {
	const command = [process.execPath, tsxCli, cliEntry, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
	return new Promise((resolve) => {
		execFile('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...cliEnv(), ...extraEnv }, timeout: 30_000 }, (error, stdout) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout });
		});
	});
}

describe('mediastack start logs', () => {
	async function failingStart(): Promise<void> {
		// A start that logs a little and then fails at once: an API address this machine does not have.
		await writeFile(path.join(dir, 'mediastack.yaml'), `data_dir: ${path.join(dir, 'data')}\napi:\n  host: 192.0.2.55\n  port: 0\n`);
	}

	it('are readable lines on a terminal, with no raw JSON', async () => {
		await failingStart();
		const { code, output } = await runOnTerminal(['start']);
		expect(code).toBe(1);
		// pino-pretty's layout: [time] LEVEL: component: message {fields}
		expect(output).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] (\x1b\[\d+m)?INFO(\x1b\[\d+m)?: (\x1b\[\d+m)?runner: config loaded/m);
		expect(output).not.toContain('{"level":');
		expect(output).toMatch(/error: The API cannot listen on 192\.0\.2\.55/);
	});

	it('are JSON lines when stderr is not a terminal, or when MEDIASTACK_LOG_FORMAT=json', async () => {
		await failingStart();
		const piped = await runCli(['start']);
		expect(piped.code).toBe(1);
		const first = JSON.parse(piped.stderr.split('\n')[0]) as Record<string, unknown>;
		expect(first).toMatchObject({ level: 30, component: 'runner', msg: 'config loaded' });
		const forced = await runOnTerminal(['start'], { MEDIASTACK_LOG_FORMAT: 'json' });
		expect(forced.output).toMatch(/^\{"level":30,.*"msg":"config loaded"\}\r?$/m);
	});
});

describe('mediastack start', () => {
	it('refuses an invalid config before starting anything', async () => {
		await writeFile(path.join(dir, 'mediastack.yaml'), `data_dir: ${path.join(dir, 'data')}\napi:\n  port: nope\n`);
		const result = await runCli(['start']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^ {2}- api\.port: must be a number/m);
		expect(existsSync(path.join(dir, 'data'))).toBe(false);
	});

	it('prints what started, answers status, and stops cleanly on SIGTERM', async () => {
		const dataDir = path.join(dir, 'data');
		const binary = findTemporalBinary().path;
		// No ports in the file: the defaults may be taken on this host, so the quick-start overrides pick free ones.
		await writeFile(path.join(dir, 'mediastack.yaml'), `data_dir: ${dataDir}\ntemporal:\n  embedded:\n    binary: ${binary}\nschedules:\n  service_health:\n    enabled: false\n`);
		const child = spawn(process.execPath, [tsxCli, cliEntry, 'start', '--api-port', '0', '--temporal-ui-port', '0'], {
			cwd: dir,
			env: { ...cliEnv(), MEDIASTACK_TEMPORAL_PORT: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(child);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

		const deadline = Date.now() + 90_000;
		while (!stdout.includes('Press Ctrl+C to stop.')) {
			if (child.exitCode !== null) throw new Error(`start exited early (${child.exitCode}):\n${stdout}\n${stderr.slice(-2000)}`);
			if (Date.now() > deadline) throw new Error(`start did not come up:\n${stdout}\n${stderr.slice(-2000)}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(stdout).toMatch(/^mediastack runner \S+ started$/m);
		expect(stdout).toMatch(/^ {2}Temporal: 127\.0\.0\.1:\d+$/m);
		expect(stdout).toMatch(/^ {2}Web UI: {3}http:\/\/127\.0\.0\.1:\d+$/m);
		expect(stdout).toMatch(new RegExp(`^  API: {6}http://127\\.0\\.0\\.1:\\d+ \\(bearer token in ${dataDir.replace(/[.]/g, '\\.')}/api-token\\)$`, 'm'));
		expect(stdout).toContain(`  Config:   ${path.join(dir, 'mediastack.yaml')}`);

		const status = await runCli(['status']);
		expect(status.code).toBe(0);
		expect(status.stdout).toMatch(/: running\n/);

		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(stdout).toContain('Stopped.');
		expect(existsSync(path.join(dataDir, 'api.json'))).toBe(false);
		expect((await runCli(['status'])).code).toBe(1);
	}, 120_000);
});
