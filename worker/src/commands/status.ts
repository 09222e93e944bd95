import { dataFiles } from '../paths';
import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput } from './output';
import { runnerEndpoint } from './runner-api';

export interface StatusOptions extends ConfigOptions {
	json?: boolean;
	timeoutMs?: number;
}

/** Exit codes: 0 running and healthy, 1 not running (or unreachable), 2 running but unhealthy. */
export async function statusCommand(options: StatusOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const files = dataFiles(config.data_dir);
	const { url, token } = await runnerEndpoint(config);
	if (!token) {
		throw new CommandFailure(`The runner is not running (it has never started with data dir ${config.data_dir}: there is no ${files.apiToken}). Start it with \`mediastack start\`.`);
	}
	let response: Response;
	try {
		response = await fetch(`${url}/api/health`, {
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
		});
	} catch (error) {
		const code = (error as { cause?: { code?: string } }).cause?.code;
		if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
			throw new CommandFailure(`The runner is not running: nothing answers at ${url}. Start it with \`mediastack start\`.`);
		}
		if ((error as Error).name === 'TimeoutError') throw new CommandFailure(`The runner at ${url} did not answer within ${options.timeoutMs ?? 5_000} ms; it may be overloaded or stuck. Check its log.`);
		throw new CommandFailure(`Could not reach the runner at ${url} (${code ?? (error as Error).message}).`);
	}
	const text = await response.text();
	if (response.status === 401) {
		throw new CommandFailure(`The runner at ${url} refused the token from ${config.api.token ? 'api.token in the config' : files.apiToken}. Fix: run this command with the same config (and data_dir) as the runner.`);
	}
	let health: Record<string, unknown>;
	try {
		health = JSON.parse(text) as Record<string, unknown>;
	} catch {
		throw new CommandFailure(`Something other than the mediastack runner answers at ${url} (HTTP ${response.status}, not JSON). Fix: check api.host/api.port.`);
	}
	if (response.status !== 200 && response.status !== 503) {
		throw new CommandFailure(`The runner at ${url} answered HTTP ${response.status}: ${String(health.message ?? text.slice(0, 200))}`);
	}
	if (options.json) {
		output.out(JSON.stringify(health, null, 2));
	} else {
		output.out(`Runner at ${url}: ${response.status === 200 ? 'running' : 'running, but unhealthy'}`);
		for (const line of formatHealth(health, '  ')) output.out(line);
	}
	if (response.status === 503) throw new CommandFailure('', 2);
}

/** Nested objects as indented `key: value` lines; the health shape is the runner's to extend. */
export function formatHealth(value: Record<string, unknown>, indent: string): string[] {
	const lines: string[] = [];
	for (const [key, item] of Object.entries(value)) {
		if (item && typeof item === 'object' && !Array.isArray(item)) {
			lines.push(`${indent}${key}:`);
			lines.push(...formatHealth(item as Record<string, unknown>, `${indent}  `));
		} else {
			lines.push(`${indent}${key}: ${Array.isArray(item) ? item.map((entry) => (typeof entry === 'object' ? JSON.stringify(entry) : String(entry))).join(', ') : String(item)}`);
		}
	}
	return lines;
}
