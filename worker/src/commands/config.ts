import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { maskSecret, redactUrl } from '../../../clients/core/redact';
import { LoadedConfig, configSearchPaths, configSecrets, exampleConfigYaml, loadConfig } from '../config';
import { userConfigPath } from '../paths';
import { writeFileAtomic } from '../state/files';
import { registerSecret } from '../state/scrub';
import { CommandFailure, CommandOutput } from './output';

export interface ConfigOptions {
	config?: string;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
}

/** Loads the config for a command and registers its secrets with the output scrubber. */
export async function loadForCommand(options: ConfigOptions): Promise<LoadedConfig> {
	const loaded = await loadConfig({ path: options.config, env: options.env, cwd: options.cwd });
	for (const secret of configSecrets(loaded.config)) registerSecret(secret);
	return loaded;
}

/** Lines telling the user where a config file may go (when none was found). */
export function whereToPutConfig(options: ConfigOptions): string[] {
	const places = configSearchPaths({ env: options.env, cwd: options.cwd }).filter((location) => location.source === 'cwd' || location.source === 'user');
	return [
		`No config file found; running with defaults. Put one at ${places.map((place) => place.path).join(' or ')} (or pass --config FILE, or set MEDIASTACK_CONFIG).`,
		'`mediastack config init` writes a commented example.',
	];
}

export async function configCheckCommand(options: ConfigOptions, output: CommandOutput): Promise<void> {
	const loaded = await loadForCommand(options);
	const { config } = loaded;
	if (loaded.path) output.out(`Config OK: ${loaded.path}`);
	else for (const line of whereToPutConfig(options)) output.out(line);
	output.out(`  data_dir:  ${config.data_dir}`);
	output.out(`  timezone:  ${config.timezone}`);
	output.out(`  log_level: ${config.log_level}`);
	const temporal = config.temporal;
	output.out(
		`  temporal:  ${temporal.address ? `${temporal.address}, namespace ${temporal.namespace}${temporal.tls?.enabled ? ', TLS' : ''}${temporal.api_key ? ', API key set' : ''}` : `embedded dev server on ${temporal.embedded.ip}:${temporal.embedded.port} (Web UI port ${temporal.embedded.ui_port})`}, task queue ${temporal.task_queue}`,
	);
	output.out(
		`  api:       ${config.api.enabled ? `http://${config.api.host}:${config.api.port}, ${config.api.rate_limit_per_minute} requests/min, token ${config.api.token ? `from config (${maskSecret(config.api.token)})` : 'generated on first start'}` : 'disabled'}`,
	);
	const services = Object.entries(config.services);
	if (services.length === 0) output.out('  services:  none configured');
	for (const [name, service] of services) {
		output.out(`  services.${name}: ${service.type} at ${redactUrl(service.url)}, API key ${maskSecret(service.api_key)}, timeout ${service.timeout_ms} ms`);
	}
	const health = config.schedules.service_health;
	output.out(`  schedules.service_health: ${health.enabled ? `"${health.cron}" (${config.timezone})` : 'disabled'}`);
}

export interface ConfigInitOptions {
	path?: string;
	force?: boolean;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
}

export async function configInitCommand(options: ConfigInitOptions, output: CommandOutput): Promise<void> {
	const target = options.path ? resolve(options.cwd ?? process.cwd(), options.path) : userConfigPath(options.env ?? process.env);
	if (existsSync(target) && !options.force) {
		throw new CommandFailure(`${target} already exists; not overwriting it. Fix: pass --force to replace it, or --path to write somewhere else.`);
	}
	await mkdir(dirname(target), { recursive: true });
	// 0600: the file will hold API keys once filled in.
	await writeFileAtomic(target, exampleConfigYaml(), 0o600);
	output.out(`Wrote a commented example config to ${target}`);
	const searched = configSearchPaths({ env: options.env, cwd: options.cwd }).some((location) => location.path === target);
	if (!searched) output.out(`It is not in a default location: pass --config ${target} or set MEDIASTACK_CONFIG=${target}.`);
	output.out(`Next: add your services, then run \`mediastack config check${searched ? '' : ` --config ${target}`}\`.`);
}
