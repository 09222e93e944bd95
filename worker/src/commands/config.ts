import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { maskSecret, redactUrl } from '../../../clients/core/redact';
import { FlagOverrides, LoadedConfig, MediastackConfig, configSearchPaths, configSecrets, exampleConfigYaml, loadConfig } from '../config';
import { sessionExpiry, localDay } from '../mam/time';
import type { ChannelConfig } from '../notify/types';
import { userConfigPath } from '../paths';
import { writeFileAtomic } from '../state/files';
import { registerSecret } from '../state/scrub';
import { CommandFailure, CommandOutput } from './output';

export interface ConfigOptions {
	config?: string;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** `--api-port`, `--temporal-port`, `--temporal-ui-port` (start and config check). */
	apiPort?: string;
	temporalPort?: string;
	temporalUiPort?: string;
}

export function flagOverrides(options: ConfigOptions): FlagOverrides {
	return { 'api.port': options.apiPort, 'temporal.embedded.port': options.temporalPort, 'temporal.embedded.ui_port': options.temporalUiPort };
}

/** Loads the config for a command and registers its secrets with the output scrubber. */
export async function loadForCommand(options: ConfigOptions): Promise<LoadedConfig> {
	const loaded = await loadConfig({ path: options.config, env: options.env, cwd: options.cwd, flags: flagOverrides(options) });
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
	if (loaded.path) output.out(`Config OK: ${loaded.path}`);
	else for (const line of whereToPutConfig(options)) output.out(line);
	for (const line of configSummary(loaded)) output.out(line);
}

/** The effective settings, one line per area; flag and environment overrides say where they came from. Never a secret. */
export function configSummary(loaded: LoadedConfig): string[] {
	const { config } = loaded;
	const lines: string[] = [];
	const from = (key: string): string => {
		const override = loaded.overrides.find((item) => item.key === key);
		return override ? ` (from ${override.source})` : '';
	};
	lines.push(`  data_dir:  ${config.data_dir}`);
	lines.push(`  timezone:  ${config.timezone}`);
	lines.push(`  log_level: ${config.log_level}`);
	const temporal = config.temporal;
	const embedded = temporal.embedded;
	lines.push(
		`  temporal:  ${temporal.address ? `${temporal.address}, namespace ${temporal.namespace}${temporal.tls?.enabled ? ', TLS' : ''}${temporal.api_key ? ', API key set' : ''}` : `embedded dev server on ${embedded.ip}:${portText(embedded.port)}${from('temporal.embedded.port')}, Web UI port ${portText(embedded.ui_port)}${from('temporal.embedded.ui_port')}`}, task queue ${temporal.task_queue}`,
	);
	const unused = loaded.overrides.filter((item) => item.key.startsWith('temporal.embedded.'));
	if (temporal.address && unused.length > 0) {
		lines.push(`  (${unused.map((item) => item.source).join(' and ')} ${unused.length === 1 ? 'is' : 'are'} unused: temporal.address points at an external server)`);
	}
	lines.push(
		`  api:       ${config.api.enabled ? `http://${config.api.host}:${portText(config.api.port)}${from('api.port')}, ${config.api.rate_limit_per_minute} requests/min, token ${config.api.token ? `from config (${maskSecret(config.api.token)})` : 'generated on first start'}` : 'disabled'}`,
	);
	const services = Object.entries(config.services);
	if (services.length === 0) lines.push('  services:  none configured');
	for (const [name, service] of services) {
		lines.push(`  services.${name}: ${service.type} at ${redactUrl(service.url)}, API key ${maskSecret(service.api_key)}, timeout ${service.timeout_ms} ms`);
	}
	const health = config.schedules.service_health;
	lines.push(`  schedules.service_health: ${health.enabled ? `"${health.cron}" (${config.timezone})` : 'disabled'}`);
	lines.push(...mamSummary(config));
	lines.push(...notifySummary(config));
	return lines;
}

function portText(port: number): string {
	return port === 0 ? '0 (any free port)' : String(port);
}

function mamSummary(config: MediastackConfig): string[] {
	const sessions = config.mam?.sessions ?? [];
	if (sessions.length === 0) return ['  mam:       no sessions configured'];
	const lines: string[] = [];
	for (const session of sessions) {
		const created = session.created ? new Date(session.created) : undefined;
		const expiry = created
			? `created ${localDay(created, config.timezone)}, expires ${localDay(sessionExpiry(created, session.lifetime_days, new Date(), config.timezone).expires, config.timezone)} (${session.lifetime_days}-day lifetime, warned ${session.notify_before_days} days before)`
			: 'no `created` date (no expiry warnings)';
		const prowlarr = session.prowlarr ? `Prowlarr services.${session.prowlarr.service}${session.prowlarr.enabled ? '' : ' (disabled)'}` : 'no Prowlarr';
		lines.push(`  mam.sessions ${session.label}: mam_id ${maskSecret(session.mam_id)} (the state may hold a newer one), ${expiry}, keepalive ${session.keepalive}, ${prowlarr}`);
	}
	const check = config.schedules.mam_session_check;
	if (check) lines.push(`  schedules.mam_session_check: ${check.enabled ? `"${check.cron}" (${config.timezone})` : 'disabled'}`);
	return lines;
}

function notifySummary(config: MediastackConfig): string[] {
	const channels = Object.entries(config.notify?.channels ?? {});
	if (channels.length === 0) return ['  notify:    no channels configured (nothing is sent)'];
	const lines = channels.map(([name, channel]) => `  notify.channels.${name}: ${describeChannel(channel)}`);
	const rules = Object.entries(config.notify?.event_rules ?? {});
	lines.push(`  notify.event_rules: ${rules.length === 0 ? 'none (no event is sent anywhere)' : rules.map(([event, names]) => `${event} → ${names.length ? names.join(', ') : '(silenced)'}`).join('; ')}`);
	return lines;
}

/** Hosts and counts only: webhook paths, Apprise URLs and headers often are the credential. */
function describeChannel(channel: ChannelConfig): string {
	const timeout = channel.timeout_ms ? `, timeout ${channel.timeout_ms} ms` : '';
	switch (channel.type) {
		case 'smtp': {
			const security = channel.secure ? 'TLS' : `STARTTLS ${channel.starttls ?? 'opportunistic'}`;
			return `smtp via ${channel.host}:${channel.port} (${security}${channel.username ? `, login ${channel.username}` : ''}), from ${channel.from} to ${channel.to.join(', ')}${timeout}`;
		}
		case 'webhook':
			return `webhook to ${originOf(channel.url)} (path not shown)${channel.hmac_secret ? ', HMAC-signed' : ''}${channel.headers ? `, ${Object.keys(channel.headers).length} header(s)` : ''}${timeout}`;
		case 'apprise':
			if (channel.via === 'api') {
				return `apprise API at ${originOf(channel.api_url)}, ${channel.key ? `stored configuration "${channel.key}"${channel.tag ? ` (tag ${channel.tag})` : ''}` : `${channel.urls?.length ?? 0} URL(s)`}${timeout}`;
			}
			return `apprise command ${channel.binary ?? '(apprise from PATH)'}, ${channel.urls.length} URL(s)${timeout}`;
	}
}

function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return '(an invalid URL)';
	}
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
