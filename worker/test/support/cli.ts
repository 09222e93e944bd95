import { execFile } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cliEntry = path.join(repoRoot, 'worker', 'src', 'cli.ts');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs `mediastack ...` in a child process, as a user would: in `cwd`, with HOME set to
 * `home` and nothing else inherited that could find a real config.
 */
export function runCli(args: string[], options: { cwd: string; home: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: options.home, TZ: 'UTC', NODE_NO_WARNINGS: '1', ...options.env };
	return new Promise((resolve) => {
		execFile(process.execPath, [tsxCli, cliEntry, ...args], { cwd: options.cwd, env, timeout: options.timeoutMs ?? 30_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
