import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../clients/core/errors';
import { findTemporalBinary } from '../../src/temporal/binary';
import { devServerPaths, findFreePort, startDevServer } from '../../src/temporal/dev-server';
import { isProcessAlive, processStartTime } from '../../src/temporal/lock';
import { makeTempDir } from '../support/temporal';

const binary = findTemporalBinary().path;
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
	const dir = makeTempDir('mediastack-devserver-');
	dirs.push(dir);
	return dir;
}

function gone(pid: number): boolean {
	return !isProcessAlive(pid);
}

describe('embedded Temporal dev server', () => {
	it('starts on free ports with its history in the data dir, answers gRPC and the Web UI, and stops without leftovers', async () => {
		const dir = dataDir();
		const server = await startDevServer({ binary, dataDir: dir, namespace: 'mediastack-test', port: 0, uiPort: 0 });
		try {
			expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
			const paths = devServerPaths(dir);
			expect(server.dbPath).toBe(paths.dbPath);
			expect(existsSync(paths.dbPath)).toBe(true);
			expect(existsSync(paths.logPath)).toBe(true);
			expect(JSON.parse(readFileSync(paths.lockPath, 'utf8'))).toMatchObject({ pid: process.pid, serverPid: server.pid, address: server.address });

			const connection = await Connection.connect({ address: server.address });
			const described = await connection.workflowService.describeNamespace({ namespace: 'mediastack-test' });
			expect(described.namespaceInfo?.name).toBe('mediastack-test');
			await connection.close();

			const ui = await fetch(server.webUiUrl);
			expect(ui.status).toBe(200);
			expect(await ui.text()).toMatch(/<html/i);
		} finally {
			await server.stop();
		}
		expect(gone(server.pid)).toBe(true);
		expect(existsSync(devServerPaths(dir).lockPath)).toBe(false);
		// stop() is idempotent.
		await server.stop();
	});

	it('leaves nothing behind that keeps the process alive after stop()', async () => {
		const tsxLoader = pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
		const fixture = path.join(__dirname, 'fixtures', 'start-stop-dev-server.ts');
		const { stdout, exitedAt } = await new Promise<{ stdout: string; exitedAt: number }>((resolve, reject) => {
			execFile(process.execPath, ['--import', tsxLoader, fixture, dataDir()], { timeout: 60_000, killSignal: 'SIGKILL' }, (error, out) => (error ? reject(error) : resolve({ stdout: out, exitedAt: Date.now() })));
		});
		const stoppedAt = Number(/^stopped (\d+)$/m.exec(stdout)?.[1]);
		// A grace timer left pending by stop() used to hold the process for its full 10 s.
		expect(exitedAt - stoppedAt).toBeLessThan(2_000);
	});

	it('logs an error when the server dies on its own, and stop() afterwards still releases the data dir', async () => {
		const dir = dataDir();
		const errors: string[] = [];
		const logger = { info: () => undefined, warn: () => undefined, error: (_meta: object, message?: string) => errors.push(message ?? '') };
		const server = await startDevServer({ binary, dataDir: dir, namespace: 'default', port: 0, uiPort: 0, logger });
		process.kill(server.pid, 'SIGKILL');
		await server.exited;
		await new Promise((resolve) => setImmediate(resolve));
		expect(errors).toEqual([expect.stringContaining('exited unexpectedly')]);
		await server.stop();
		expect(existsSync(devServerPaths(dir).lockPath)).toBe(false);
	});

	it('refuses a second server on the same data dir while the first runs', async () => {
		const dir = dataDir();
		const first = await startDevServer({ binary, dataDir: dir, namespace: 'default', port: 0, uiPort: 0 });
		try {
			await expect(startDevServer({ binary, dataDir: dir, namespace: 'default', port: 0, uiPort: 0 })).rejects.toThrow(/already in use by process \d+/);
			// The refused attempt left the first one's lock in place.
			expect(JSON.parse(readFileSync(devServerPaths(dir).lockPath, 'utf8')).serverPid).toBe(first.pid);
		} finally {
			await first.stop();
		}
	});

	it('fails clearly when a configured port is busy, instead of moving to another one', async () => {
		const busy = net.createServer();
		const port = await findFreePort('127.0.0.1');
		await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
		try {
			const dir = dataDir();
			const attempt = startDevServer({ binary, dataDir: dir, namespace: 'default', port, uiPort: 0 });
			await expect(attempt).rejects.toBeInstanceOf(ConfigError);
			await expect(attempt).rejects.toThrow(`The embedded Temporal server cannot listen on 127.0.0.1:${port}: port ${port} (\`temporal.embedded.port\`) is already in use`);
			expect(existsSync(devServerPaths(dir).lockPath)).toBe(false);
		} finally {
			busy.close();
		}
	});

	it('reports a binary that is not the Temporal CLI with its output', async () => {
		const dir = dataDir();
		const fake = `${dir}/not-temporal`;
		writeFileSync(fake, '#!/bin/sh\necho "unknown command: $1" >&2\nexit 3\n', { mode: 0o755 });
		await expect(startDevServer({ binary: fake, dataDir: dir, namespace: 'default', startTimeoutMs: 10_000 })).rejects.toThrow(
			/did not start: the Temporal CLI \(.*not-temporal\) exited with code 3 before it was ready\. It printed: unknown command: server\. Fix: point `temporal\.embedded\.binary` at a working Temporal CLI/,
		);
	});

	it('takes over the lock of a runner that died and stops the server it left behind', async () => {
		const dir = dataDir();
		const paths = devServerPaths(dir);
		mkdirSync(paths.dir, { recursive: true });
		// A runner that is gone: a process that already exited.
		const deadRunner = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
		const deadPid = Number(deadRunner.stdout);
		// ...and the server it started, still holding the database.
		const [port, uiPort] = [await findFreePort('127.0.0.1'), await findFreePort('127.0.0.1')];
		const orphan = spawn(binary, ['server', 'start-dev', '--db-filename', paths.dbPath, '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)], {
			stdio: 'ignore',
			detached: true,
		});
		const orphanExit = new Promise<void>((resolve) => orphan.once('exit', () => resolve()));
		await waitFor(() => processStartTime(orphan.pid!) !== undefined);
		writeFileSync(
			paths.lockPath,
			JSON.stringify({ token: 'old', pid: deadPid, acquiredAt: '2020-01-01T00:00:00Z', serverPid: orphan.pid, serverPidStart: processStartTime(orphan.pid!) }),
		);

		const server = await startDevServer({ binary, dataDir: dir, namespace: 'default', port: 0, uiPort: 0 });
		try {
			await orphanExit;
			expect(orphan.exitCode !== null || orphan.signalCode !== null).toBe(true);
			expect(JSON.parse(readFileSync(paths.lockPath, 'utf8')).pid).toBe(process.pid);
		} finally {
			await server.stop();
			if (orphan.exitCode === null && orphan.signalCode === null) orphan.kill('SIGKILL');
		}
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
