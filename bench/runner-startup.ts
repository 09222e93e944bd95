/**
 * Start-up time and resident memory of `mediastack start` on its embedded defaults, against
 * the bare Temporal dev server it wraps (same binary, same flags), started in the same run.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findTemporalBinary } from '../worker/src/temporal/binary';
import { BenchResult, median, residentBytes } from './stats';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'worker/dist/worker/src/cli.js');
const RUNS = 3;
const READY_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

function temporalBinary(): string {
	return findTemporalBinary().path;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function httpOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
	const response = await fetch(url, { headers });
	await response.arrayBuffer();
	return response.ok;
}

function childPids(pid: number): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === pid) pids.push(Number(entry), ...childPids(Number(entry)));
		} catch {
			// the process ended while we looked
		}
	}
	return pids;
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

interface StartSample {
	readyMs: number;
	rssBytes: number;
	mainRssBytes: number;
}

async function startBareTemporal(binary: string): Promise<StartSample> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-temporal-'));
	const [port, uiPort] = [await freePort(), await freePort()];
	const started = performance.now();
	const child = spawn(binary, ['server', 'start-dev', '--db-filename', join(dir, 'history.db'), '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'warn'], { stdio: 'ignore' });
	try {
		await waitFor(() => httpOk(`http://127.0.0.1:${uiPort}/`), 'the bare dev server Web UI');
		await waitFor(() => tcpOpen(port), 'the bare dev server frontend');
		const readyMs = performance.now() - started;
		const rss = residentBytes(child.pid!) ?? 0;
		return { readyMs, rssBytes: rss, mainRssBytes: rss };
	} finally {
		await stop(child);
		rmSync(dir, { recursive: true, force: true });
	}
}

function tcpOpen(port: number): Promise<boolean> {
	return new Promise((r) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			r(true);
		});
		socket.once('error', () => r(false));
	});
}

async function startRunner(binary: string): Promise<StartSample> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-runner-'));
	const [port, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
	const configPath = join(dir, 'mediastack.yaml');
	writeFileSync(
		configPath,
		[
			`data_dir: ${join(dir, 'data')}`,
			'log_level: warn',
			'temporal:',
			"  address: ''",
			'  embedded:',
			`    port: ${port}`,
			`    ui_port: ${uiPort}`,
			`    binary: ${binary}`,
			'api:',
			`  port: ${apiPort}`,
			'',
		].join('\n'),
	);
	const started = performance.now();
	const child = spawn(process.execPath, [CLI, 'start', '--config', configPath], { stdio: 'ignore', env: { ...process.env, MEDIASTACK_CONFIG: '' } });
	try {
		let token = '';
		await waitFor(async () => {
			token = readFileSync(join(dir, 'data', 'api-token'), 'utf8').trim();
			return httpOk(`http://127.0.0.1:${apiPort}/api/health`, { authorization: `Bearer ${token}` });
		}, 'the runner API health');
		const readyMs = performance.now() - started;
		await waitFor(() => httpOk(`http://127.0.0.1:${uiPort}/`), 'the embedded Web UI');
		const mainRss = residentBytes(child.pid!) ?? 0;
		const total = [child.pid!, ...childPids(child.pid!)].reduce((sum, pid) => sum + (residentBytes(pid) ?? 0), 0);
		return { readyMs, rssBytes: total, mainRssBytes: mainRss };
	} finally {
		await stop(child);
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function benchRunnerStartup(): Promise<BenchResult[]> {
	const binary = temporalBinary();
	const bare: StartSample[] = [];
	const runner: StartSample[] = [];
	for (let i = 0; i < RUNS; i++) {
		bare.push(await startBareTemporal(binary));
		runner.push(await startRunner(binary));
	}
	const bareReady = median(bare.map((s) => s.readyMs));
	const runnerReady = median(runner.map((s) => s.readyMs));
	const mib = (bytes: number) => bytes / 1024 / 1024;
	const bareRss = mib(median(bare.map((s) => s.rssBytes)));
	const runnerRss = mib(median(runner.map((s) => s.rssBytes)));
	return [
		{
			name: 'runner start-up to healthy API (embedded Temporal)',
			value: runnerReady,
			unit: 'ms',
			baseline: { name: 'bare temporal dev server to Web UI + frontend', value: bareReady },
			ratio: runnerReady / bareReady,
			notes: `median of ${RUNS} cold starts, fresh data dir each`,
		},
		{
			name: 'runner resident memory (node + embedded Temporal)',
			value: runnerRss,
			unit: 'MiB',
			baseline: { name: 'bare temporal dev server', value: bareRss },
			ratio: runnerRss / bareRss,
			notes: `node process alone: ${mib(median(runner.map((s) => s.mainRssBytes))).toFixed(1)} MiB`,
		},
	];
}
