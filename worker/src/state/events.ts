import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dataFiles } from '../paths';
import { PRIVATE_FILE_MODE, ensurePrivateDir, readIfExists } from './files';
import { Mutex } from './lock';
import { registerSecret, scrubText, scrubValue } from './scrub';

/** One thing that happened: a test, a cookie rotation, a failed health check. */
export interface MediastackEvent {
	id: string;
	/** ISO 8601, UTC. */
	time: string;
	/** What happened, snake_case: `prowlarr_test`, `service_health`, ... */
	type: string;
	/** What it happened to: a service name, an indexer, a workflow id. */
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
}

export interface NewEvent {
	type: string;
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
	time?: Date;
}

export interface EventQuery {
	subject?: string;
	type?: string | string[];
	since?: Date;
	limit?: number;
}

export interface EventLogOptions {
	/** Told about skipped damaged lines; default: process.emitWarning. */
	warn?: (message: string) => void;
}

/**
 * Append-only JSON Lines at `<data_dir>/events.jsonl`. Each append is fsynced: an event is a
 * record that something happened, and a power cut must not lose the ones already reported.
 * A line torn by a crash is skipped (with a warning) when reading and never glued onto.
 */
export class EventLog {
	readonly file: string;
	private readonly mutex = new Mutex();
	private readonly warn: (message: string) => void;

	private constructor(file: string, options: EventLogOptions) {
		this.file = file;
		this.warn = options.warn ?? ((message) => process.emitWarning(message, 'MediastackEventLog'));
	}

	static async open(dataDir: string, options: EventLogOptions = {}): Promise<EventLog> {
		await ensurePrivateDir(dataDir);
		return new EventLog(dataFiles(dataDir).events, options);
	}

	/** Values registered here are masked in every event (and log line) from now on. */
	static registerSecret(value: string | undefined | null): void {
		registerSecret(value);
	}

	record(event: NewEvent): Promise<MediastackEvent> {
		const stored: MediastackEvent = {
			id: randomUUID(),
			time: (event.time ?? new Date()).toISOString(),
			type: event.type,
			subject: scrubText(event.subject),
			ok: event.ok,
		};
		if (event.details !== undefined) stored.details = scrubValue(event.details) as Record<string, unknown>;
		const line = `${JSON.stringify(stored)}\n`;
		return this.mutex.run(async () => {
			const handle = await fs.open(this.file, 'a+', PRIVATE_FILE_MODE);
			try {
				const { size } = await handle.stat();
				let prefix = '';
				if (size > 0) {
					const last = Buffer.alloc(1);
					await handle.read(last, 0, 1, size - 1);
					// A crash mid-append left a torn line: end it so this event stays parseable.
					if (last[0] !== 0x0a) prefix = '\n';
				}
				await handle.appendFile(prefix + line);
				await handle.sync();
			} finally {
				await handle.close();
			}
			return stored;
		});
	}

	/** Newest first. */
	async query(query: EventQuery = {}): Promise<MediastackEvent[]> {
		const text = await readIfExists(this.file);
		if (!text) return [];
		const types = query.type === undefined ? undefined : new Set(Array.isArray(query.type) ? query.type : [query.type]);
		const since = query.since?.getTime();
		const events: MediastackEvent[] = [];
		const lines = text.split('\n');
		lines.forEach((line, index) => {
			if (line.trim() === '') return;
			const event = parseLine(line);
			if (!event) {
				const torn = index === lines.length - 1 ? ' (the last line, probably cut short by a crash)' : '';
				this.warn(`Skipping damaged line ${index + 1} of ${this.file}${torn}.`);
				return;
			}
			if (query.subject !== undefined && event.subject !== query.subject) return;
			if (types && !types.has(event.type)) return;
			if (since !== undefined && Date.parse(event.time) < since) return;
			events.push(event);
		});
		// The file is in append order; a stable sort keeps that order among equal times.
		events.reverse();
		events.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
		return query.limit !== undefined ? events.slice(0, Math.max(0, query.limit)) : events;
	}
}

function parseLine(line: string): MediastackEvent | undefined {
	try {
		const parsed = JSON.parse(line) as Partial<MediastackEvent>;
		if (!parsed || typeof parsed !== 'object' || typeof parsed.type !== 'string' || typeof parsed.time !== 'string' || typeof parsed.subject !== 'string') return undefined;
		return parsed as MediastackEvent;
	} catch {
		return undefined;
	}
}
