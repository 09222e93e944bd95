import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where the runner looks for its config and keeps its data. Every function takes the
 * environment as an argument so tests (and the CLI's --config) never depend on the real home.
 */

export const CONFIG_ENV = 'MEDIASTACK_CONFIG';
export const DATA_DIR_ENV = 'MEDIASTACK_DATA_DIR';
export const STATE_KEY_ENV = 'MEDIASTACK_STATE_KEY';

/** The file name looked for in the working directory. */
export const LOCAL_CONFIG_NAME = 'mediastack.yaml';

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.HOME || homedir();
}

/** ${XDG_CONFIG_HOME:-~/.config}/mediastack/config.yaml */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	const base = env.XDG_CONFIG_HOME || join(homeDir(env), '.config');
	return join(base, 'mediastack', 'config.yaml');
}

/** MEDIASTACK_DATA_DIR, else ${XDG_DATA_HOME:-~/.local/share}/mediastack */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env[DATA_DIR_ENV]) return env[DATA_DIR_ENV] as string;
	const base = env.XDG_DATA_HOME || join(homeDir(env), '.local', 'share');
	return join(base, 'mediastack');
}

/** The files the runner keeps in its data directory. */
export interface DataFiles {
	/** Key/value state; secret values encrypted. */
	state: string;
	/** The state encryption key when MEDIASTACK_STATE_KEY is not set (mode 0600). */
	stateKey: string;
	/** Append-only event log (JSON Lines). */
	events: string;
	/** Which channel took which notification, by idempotency key (JSON Lines). */
	notifications: string;
	/** Bearer token of the local API (mode 0600), read by `mediastack status`. */
	apiToken: string;
	/** Where the running API listens ({url, pid, started_at}); removed on shutdown. */
	apiInfo: string;
}

export function dataFiles(dataDir: string): DataFiles {
	return {
		state: join(dataDir, 'state.json'),
		stateKey: join(dataDir, 'state.key'),
		events: join(dataDir, 'events.jsonl'),
		notifications: join(dataDir, 'notifications.jsonl'),
		apiToken: join(dataDir, 'api-token'),
		apiInfo: join(dataDir, 'api.json'),
	};
}

/**
 * The runner's own package.json, found by walking up from this file: the relative path
 * differs between `src/` (tsx) and `dist/worker/src/` (compiled).
 */
export function runnerVersion(): string {
	let dir = __dirname;
	for (let depth = 0; depth < 6; depth++) {
		const candidate = join(dir, 'package.json');
		if (existsSync(candidate)) {
			try {
				const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
				if (parsed.name === '@mediastack/runner' && parsed.version) return parsed.version;
			} catch {
				// Not ours or unreadable: keep walking up.
			}
		}
		const parent = dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	return '0.0.0';
}
