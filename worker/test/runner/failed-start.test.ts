import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temporal';

// tsx as a loader, not its CLI: the CLI runs the script in a child that a kill on timeout would orphan.
const tsxLoader = pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const fixture = path.join(__dirname, 'fixtures', 'failed-start.ts');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the fixture; resolves with what it printed and how long the process lived after the failure. */
function failedStart(configLines: string[]): Promise<{ stdout: string; lingeredMs: number }> {
	const configPath = path.join(dir, 'mediastack.yaml');
	writeFileSync(configPath, [`data_dir: ${path.join(dir, 'data')}`, ...configLines, ''].join('\n'));
	return new Promise((resolve, reject) => {
		execFile(process.execPath, ['--import', tsxLoader, fixture, configPath], { timeout: 15_000, killSignal: 'SIGKILL', env: { PATH: process.env.PATH, HOME: dir } }, (error, stdout) => {
			if (error) return reject(new Error(`the process did not end on its own (${error.message}); it printed: ${stdout}`));
			const failedAt = Number(/^failed (\d+) /m.exec(stdout)?.[1]);
			resolve({ stdout, lingeredMs: Date.now() - failedAt });
		});
	});
}

describe('startRunner after a failed start', () => {
	it('leaves nothing that keeps the process alive once Temporal\'s runtime was set up', async () => {
		dir = makeTempDir('mediastack-failed-start-');
		// A "Temporal CLI" that exits at once: the failure comes after the runtime was installed.
		const quitter = path.join(dir, 'temporal');
		writeFileSync(quitter, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
		const { stdout, lingeredMs } = await failedStart(['temporal:', '  embedded:', `    binary: ${quitter}`, '    port: 0', '    ui_port: 0', 'api:', '  port: 0']);
		expect(stdout).toMatch(/^failed \d+ The embedded Temporal server did not start: `temporal\.embedded\.binary`/m);
		expect(lingeredMs).toBeLessThan(2_000);
	});

	it('and after an external temporal.address that refused', async () => {
		dir = makeTempDir('mediastack-failed-start-');
		const { stdout, lingeredMs } = await failedStart(['temporal:', '  address: 127.0.0.1:1', 'api:', '  port: 0']);
		expect(stdout).toMatch(/^failed \d+ Temporal is not reachable at 127\.0\.0\.1:1/m);
		expect(lingeredMs).toBeLessThan(2_000);
	});
});
