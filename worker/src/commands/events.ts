import { existsSync } from 'node:fs';
import { localIsoTime } from '../api/routes/server-time';
import { dataFiles } from '../paths';
import { EventLog, MediastackEvent } from '../state/events';
import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput } from './output';

export interface EventsOptions extends ConfigOptions {
	subject?: string;
	type?: string[];
	limit?: string | number;
	json?: boolean;
}

/** Reads the event log directly: works whether or not the runner is up. */
export async function eventsCommand(options: EventsOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const limit = options.limit === undefined ? 20 : Number(options.limit);
	if (!Number.isInteger(limit) || limit < 1) throw new CommandFailure(`--limit must be a whole number of at least 1, not "${String(options.limit)}".`);
	const types = (options.type ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
	const file = dataFiles(config.data_dir).events;
	let events: MediastackEvent[] = [];
	if (existsSync(file)) {
		const log = await EventLog.open(config.data_dir, { warn: (message) => output.err(`warning: ${message}`) });
		events = await log.query({ subject: options.subject, type: types.length ? types : undefined, limit });
	}
	if (options.json) {
		output.out(JSON.stringify(events, null, 2));
		return;
	}
	if (events.length === 0) {
		output.out(existsSync(file) ? 'No matching events.' : `No events recorded yet (${file}).`);
		return;
	}
	for (const event of events) output.out(formatEvent(event, config.timezone));
}

/** `2024-05-01 14:03:07  ok    prowlarr_test  prowlarr  version=2.5.0 ...`, time in the configured zone. */
export function formatEvent(event: MediastackEvent, timeZone: string): string {
	const time = localIsoTime(new Date(event.time), timeZone).slice(0, 19).replace('T', ' ');
	const status = event.ok ? 'ok    ' : 'FAILED';
	return [time, status, event.type, event.subject, summarizeDetails(event.details)].filter(Boolean).join('  ');
}

function summarizeDetails(details: Record<string, unknown> | undefined): string {
	if (!details) return '';
	return Object.entries(details)
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([key, value]) => {
			if (value && typeof value === 'object') {
				const message = (value as { message?: unknown }).message;
				return typeof message === 'string' ? `${key}: ${message}` : `${key}=${JSON.stringify(value)}`;
			}
			return `${key}=${String(value)}`;
		})
		.join(' ');
}
