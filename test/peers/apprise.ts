import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { makeDataDir, requireExecutable } from './support';

export interface AppriseRunResult {
	/** 0 when every URL was notified, 1 when any failed (apprise's own convention). */
	exitCode: number;
	stdout: string;
	stderr: string;
}

export interface AppriseRunOptions {
	/** Kill apprise after this long (default 20 s). */
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
}

export interface AppriseCli {
	/** Absolute path of the apprise executable. */
	path: string;
	/** Runs `apprise ...args` with an empty temp HOME, so no user config is picked up. */
	run(args: readonly string[], options?: AppriseRunOptions): Promise<AppriseRunResult>;
}

/** The Debian apprise CLI (one-shot, so there is nothing to start or stop). */
export function appriseCli(): AppriseCli {
	const executable = requireExecutable('apprise');
	return {
		path: executable,
		async run(args, options = {}) {
			const home = await makeDataDir('apprise');
			try {
				return await new Promise<AppriseRunResult>((resolve, reject) => {
					execFile(
						executable,
						[...args],
						{
							cwd: home,
							env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, ...options.env },
							timeout: options.timeoutMs ?? 20_000,
							killSignal: 'SIGKILL',
							encoding: 'utf8',
						},
						(error, stdout, stderr) => {
							if (error && typeof error.code !== 'number') {
								// error.message repeats argv, and notification URLs carry credentials.
								const why = error.killed ? `timed out after ${options.timeoutMs ?? 20_000} ms` : `failed (${error.code ?? error.signal})`;
								reject(new Error(`apprise ${why}`));
								return;
							}
							resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
						},
					);
				});
			} finally {
				await rm(home, { recursive: true, force: true });
			}
		},
	};
}
