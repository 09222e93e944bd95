import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput } from './output';
import { callRunner, runnerEndpoint } from './runner-api';

export interface StatusOptions extends ConfigOptions {
	json?: boolean;
	timeoutMs?: number;
}

/** Exit codes: 0 running and healthy, 1 not running (or unreachable), 2 running but unhealthy. */
export async function statusCommand(options: StatusOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const timeoutMs = options.timeoutMs ?? 5_000;
	const { status, body: health } = await callRunner(config, 'GET', '/api/health', undefined, timeoutMs, 'it may be overloaded or stuck. Check its log');
	const { url } = await runnerEndpoint(config);
	if (status !== 200 && status !== 503) {
		throw new CommandFailure(`The runner at ${url} answered HTTP ${status}: ${String(health.message ?? JSON.stringify(health).slice(0, 200))}`);
	}
	if (options.json) {
		output.out(JSON.stringify(health, null, 2));
	} else {
		output.out(`Runner at ${url}: ${status === 200 ? 'running' : 'running, but unhealthy'}`);
		for (const line of formatHealth(health, '  ')) output.out(line);
	}
	if (status === 503) throw new CommandFailure('', 2);
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
