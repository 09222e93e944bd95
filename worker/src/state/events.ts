import { createHash, randomUUID } from 'node:crypto';
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
	/** Set for events of a workflow step: the log holds at most one event per key. */
	key?: string;
}

export interface NewEvent {
	type: string;
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
	time?: Date;
	/**
	 * Identifies the step that records the event (workflow id, run and step name). An event
	 * whose key the log already holds (a step resumed after a crash) is not appended again; the
	 * id of an event with a key is derived from it, so both attempts answer the same id.
	 */
	key?: string;
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

/** How long a key keeps a step from being recorded again: far longer than any step can wait to be resumed. */
export const EVENT_KEY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Append-only JSON Lines at `<data_dir>/events.jsonl`. Each append is fsynced: an event is a
 * record that something happened, and a power cut must not lose the ones already reported.
 * A line torn by a crash is skipped (with a warning) when reading and never glued onto.
 */
export class EventLog {
	readonly file: string;
	private readonly mutex = new Mutex();
	private readonly warn: (message: string) => void;
	/** Keys of the keyed events of the last EVENT_KEY_WINDOW_MS → their time; read from the file at the first keyed event. */
	private keys?: Map<string, number>;
	private keysAddedSincePrune = 0;

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
		const key = event.key === undefined ? undefined : scrubText(event.key);
		const stored: MediastackEvent = {
			id: key === undefined ? randomUUID() : keyedId(key),
			time: (event.time ?? new Date()).toISOString(),
			type: event.type,
			subject: scrubText(event.subject),
			ok: event.ok,
		};
		if (event.details !== undefined) stored.details = scrubValue(event.details) as Record<string, unknown>;
		if (key !== undefined) stored.key = key;
		const line = `${JSON.stringify(stored)}\n`;
		return this.mutex.run(async () => {
			if (key !== undefined) {
				const keys = await this.loadKeys();
				if (keys.has(key)) return stored;
			}
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
			if (key !== undefined) this.rememberKey(key, Date.parse(stored.time));
			return stored;
		});
	}

	/** The keys already in the log (within the window), read once; called under the mutex. */
	private async loadKeys(): Promise<Map<string, number>> {
		if (this.keys) return this.keys;
		const keys = new Map<string, number>();
		const since = Date.now() - EVENT_KEY_WINDOW_MS;
		const text = await readIfExists(this.file);
		for (const line of text?.split('\n') ?? []) {
			// Only lines with a key need parsing.
			if (!line.includes('"key":')) continue;
			const event = parseLine(line);
			const time = event ? Date.parse(event.time) : NaN;
			if (event?.key !== undefined && time >= since) keys.set(event.key, time);
		}
		this.keys = keys;
		return keys;
	}

	private rememberKey(key: string, time: number): void {
		const keys = this.keys!;
		keys.set(key, time);
		// A runner that runs for months must not keep every key it ever saw.
		if (++this.keysAddedSincePrune >= 1_000) {
			this.keysAddedSincePrune = 0;
			const since = Date.now() - EVENT_KEY_WINDOW_MS;
			for (const [known, at] of keys) if (at < since) keys.delete(known);
		}
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

/** A UUID-shaped id derived from an event key: the same key always gives the same id. */
function keyedId(key: string): string {
	const hex = createHash('sha256').update('mediastack-event\0').update(key).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
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
