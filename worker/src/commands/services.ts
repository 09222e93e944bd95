import { existsSync } from 'node:fs';
import { isMediastackError } from '../../../clients/core/errors';
import { redactUrl } from '../../../clients/core/redact';
import { localIsoTime } from '../api/routes/server-time';
import type { MediastackConfig } from '../config';
import { dataFiles } from '../paths';
import { createServices, displayName, isServiceType } from '../services';
import { EventLog, MediastackEvent } from '../state/events';
import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput, describeError } from './output';

/** One configured service as the `services` and `health` commands show it. */
export interface ServiceStatusLine {
	name: string;
	type: string;
	/** Display name of the type, e.g. "Sonarr". */
	kind: string;
	url: string;
	health?: { ok: boolean; time: string; version?: string; issues: number; error?: string };
}

/**
 * `mediastack services`: every configured service with the health its last check recorded
 * (the runner checks them on the `service_health` schedule). Reads the config and the event
 * log directly, so it works whether or not the runner is up.
 */
export async function servicesCommand(options: ConfigOptions & { json?: boolean }, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const lastChecks = await lastHealthEvents(config);
	const lines = configured(config).map((line) => ({ ...line, health: healthFromEvent(lastChecks.get(line.name)) }));
	if (options.json) {
		output.out(JSON.stringify(lines, null, 2));
		return;
	}
	if (lines.length === 0) {
		output.out('No services are configured. Add them under `services:` in the config (`mediastack config init` writes an example).');
		return;
	}
	for (const line of lines) output.out(formatLine(line, config, 'never checked (the runner checks every service on its service_health schedule; `mediastack health` checks now)'));
}

/**
 * `mediastack health`: checks every configured service (or the named ones) now, through the
 * same probes as the runner's schedule, records a `service_health` event for each, and exits
 * 2 when any is unhealthy (1 for a config problem).
 */
export async function healthCommand(names: string[], options: ConfigOptions & { json?: boolean }, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const known = configured(config);
	for (const name of names) {
		if (!known.some((line) => line.name === name)) {
			throw new CommandFailure(`There is no service named "${name}" (configured: ${known.map((line) => line.name).join(', ') || 'none'}). Fix: name one of them, or add services.${name} to the config.`);
		}
	}
	const chosen = names.length ? known.filter((line) => names.includes(line.name)) : known;
	if (chosen.length === 0) {
		output.out('No services are configured, so there is nothing to check.');
		return;
	}
	const services = createServices(config);
	const events = await EventLog.open(config.data_dir);
	try {
		const results = await Promise.all(
			chosen.map(async (line): Promise<ServiceStatusLine> => {
				const time = new Date();
				try {
					const report = await services.checkHealth(line.name);
					await events.record({ type: 'service_health', subject: line.name, ok: report.ok, time, details: { version: report.version, issues: report.issues, trigger: 'cli' } });
					const failing = report.issues.filter((issue) => issue.level === 'error');
					return { ...line, health: { ok: report.ok, time: time.toISOString(), version: report.version, issues: report.issues.length, error: failing.map((issue) => issue.message).join('; ') || undefined } };
				} catch (error) {
					const failure = isMediastackError(error) ? error.toJSON() : { message: describeError(error) };
					await events.record({ type: 'service_health', subject: line.name, ok: false, time, details: { error: failure, trigger: 'cli' } });
					return { ...line, health: { ok: false, time: time.toISOString(), issues: 0, error: describeError(error) } };
				}
			}),
		);
		if (options.json) output.out(JSON.stringify(results, null, 2));
		else for (const line of results) output.out(formatLine(line, config, 'not checked'));
		if (results.some((line) => !line.health?.ok)) throw new CommandFailure('', 2);
	} finally {
		services.close();
	}
}

function configured(config: MediastackConfig): ServiceStatusLine[] {
	return Object.entries(config.services).map(([name, service]) => ({
		name,
		type: service.type,
		kind: isServiceType(service.type) ? displayName(service.type) : service.type,
		url: redactUrl(service.url),
	}));
}

async function lastHealthEvents(config: MediastackConfig): Promise<Map<string, MediastackEvent>> {
	const last = new Map<string, MediastackEvent>();
	if (!existsSync(dataFiles(config.data_dir).events)) return last;
	const log = await EventLog.open(config.data_dir);
	// Newest first: the first event of each service is its last check.
	for (const event of await log.query({ type: 'service_health' })) if (!last.has(event.subject)) last.set(event.subject, event);
	return last;
}

function healthFromEvent(event: MediastackEvent | undefined): ServiceStatusLine['health'] {
	if (!event) return undefined;
	const details = event.details ?? {};
	const issues = Array.isArray(details.issues) ? (details.issues as Array<{ level?: string; message?: string }>) : [];
	const error = (details.error as { message?: string } | undefined)?.message ?? (issues.filter((issue) => issue.level === 'error').map((issue) => issue.message).join('; ') || undefined);
	return { ok: event.ok, time: event.time, version: typeof details.version === 'string' ? details.version : undefined, issues: issues.length, error };
}

function formatLine(line: ServiceStatusLine, config: MediastackConfig, unchecked: string): string {
	const head = `${line.name} (${line.kind}) ${line.url}`;
	const health = line.health;
	if (!health) return `${head}: ${unchecked}`;
	const when = localIsoTime(new Date(health.time), config.timezone);
	const version = health.version ? ` ${line.kind} ${health.version},` : '';
	const warnings = health.issues ? ` ${health.issues} warning${health.issues === 1 ? '' : 's'} in its own health checks,` : '';
	if (health.ok) return `${head}: healthy,${version}${warnings} checked ${when}`;
	return `${head}: UNHEALTHY,${version} ${health.error ?? 'see `mediastack events --type service_health`'} (checked ${when})`;
}
