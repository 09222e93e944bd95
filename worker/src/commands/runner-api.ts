import { readFile } from 'node:fs/promises';
import { readApiInfo } from '../api/server';
import type { MediastackConfig } from '../config';
import { dataFiles } from '../paths';
import { CommandFailure } from './output';

/**
 * How commands reach the running runner: the address from `<data_dir>/api.json` (written by
 * the runner, so `api.port: 0` works) or else the config, and the bearer token from the config
 * or `<data_dir>/api-token`. Commands that change state (MAM cookies) go through the runner,
 * because the runner owns the state file while it runs.
 */
export interface RunnerEndpoint {
	url: string;
	/** Undefined when the runner never started with this data dir. */
	token?: string;
	/** Where the token came from, for messages. */
	tokenSource: string;
}

export async function runnerEndpoint(config: MediastackConfig): Promise<RunnerEndpoint> {
	const files = dataFiles(config.data_dir);
	const info = await readApiInfo(config.data_dir);
	const host = config.api.host === '0.0.0.0' ? '127.0.0.1' : config.api.host;
	const url = info?.url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.api.port}`;
	const token = config.api.token ?? (await readToken(files.apiToken));
	if (!config.api.enabled && !info) {
		throw new CommandFailure("The API is disabled (api.enabled: false), so the runner cannot be asked. Fix: enable the API, or check the runner's log.");
	}
	return { url, token, tokenSource: config.api.token ? 'api.token in the config' : files.apiToken };
}

export async function readToken(file: string): Promise<string | undefined> {
	try {
		return (await readFile(file, 'utf8')).trim() || undefined;
	} catch {
		return undefined;
	}
}

export interface RunnerAnswer {
	status: number;
	body: Record<string, unknown>;
}

/**
 * One JSON request to the runner. A runner that is not running, refuses the token or is
 * something else entirely becomes a CommandFailure with a fix; any HTTP status is returned
 * for the caller to judge.
 */
export async function callRunner(config: MediastackConfig, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 60_000, whenSlow = 'it may still be working. Check `mediastack events`'): Promise<RunnerAnswer> {
	const endpoint = await runnerEndpoint(config);
	if (!endpoint.token) {
		throw new CommandFailure(`The runner is not running (it has never started with data dir ${config.data_dir}: there is no ${dataFiles(config.data_dir).apiToken}). Start it with \`mediastack start\`.`);
	}
	let response: Response;
	let text: string;
	try {
		response = await fetch(`${endpoint.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${endpoint.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		// Inside the try: the connection may also break while the answer is being read.
		text = await response.text();
	} catch (error) {
		throw requestFailure(error, endpoint.url, method, path, timeoutMs, whenSlow);
	}
	if (response.status === 401) {
		throw new CommandFailure(`The runner at ${endpoint.url} refused the token from ${endpoint.tokenSource}. Fix: run this command with the same config (and data_dir) as the runner.`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new CommandFailure(`Something other than the mediastack runner answers at ${endpoint.url} (HTTP ${response.status}, not JSON). Fix: check api.host/api.port.`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CommandFailure(`The runner at ${endpoint.url} answered HTTP ${response.status} with unexpected JSON.`);
	return { status: response.status, body: parsed as Record<string, unknown> };
}

/** Connection codes meaning nothing accepted the connection: the request never reached a runner. */
const NOT_LISTENING = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EADDRNOTAVAIL']);

/**
 * Tells "nothing answers" from "the runner took the request and then the connection broke"
 * (it crashed, was killed or stopped mid-request): in the second case the request may or may
 * not have taken effect, which the user needs to know before repeating it.
 */
function requestFailure(error: unknown, url: string, method: string, path: string, timeoutMs: number, whenSlow: string): CommandFailure {
	const cause = (error as { cause?: { code?: string; socket?: { bytesWritten?: number } } }).cause;
	const code = cause?.code;
	if ((error as Error).name === 'TimeoutError') return new CommandFailure(`The runner at ${url} did not answer within ${Math.round(timeoutMs / 1000)} s; ${whenSlow}.`);
	if (code && NOT_LISTENING.has(code)) return new CommandFailure(`The runner is not running: nothing answers at ${url}. Start it with \`mediastack start\`.`);
	// undici's SocketError (UND_ERR_SOCKET) is a connection that was open; a reset (ECONNRESET) comes from a connection that was.
	if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || cause?.socket !== undefined) {
		const effect = method === 'GET' ? '' : ' Whether it took effect is unknown: check `mediastack events` before repeating it.';
		return new CommandFailure(
			`The runner at ${url} took the request (${method} ${path}) but stopped answering in the middle of it: the connection closed before the answer was complete, so it crashed, was stopped or restarted.${effect} Fix: see whether it still runs with \`mediastack status\`, and read its log.`,
		);
	}
	return new CommandFailure(`Could not reach the runner at ${url} (${code ?? (error as Error).message}).`);
}
