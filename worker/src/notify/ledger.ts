import { promises as fs } from 'node:fs';
import { dataFiles } from '../paths';
import { PRIVATE_FILE_MODE, ensurePrivateDir, readIfExists, writeFileAtomic } from '../state/files';
import { Mutex } from '../state/lock';

/** What the dispatcher needs of a ledger (tests may give their own). */
export interface DeliveryRecord {
	has(key: string, channel: string): boolean;
	record(key: string, channel: string): Promise<void>;
}

/** Far longer than a workflow step can wait to be resumed. */
export const DELIVERY_KEY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

interface Entry {
	key: string;
	channel: string;
	at: string;
}

/**
 * Which channel already took which message, by the message's idempotency key. A workflow step
 * resumed after a crash (a local activity runs again when its result had not reached the
 * Temporal server) asks here first and skips the channels that have the message; receivers get
 * the key too, for the window between a channel's accepting it and this record being written.
 *
 * Append-only JSON Lines at `<data_dir>/notifications.jsonl`, each entry fsynced before the
 * send counts as done. Holds keys (workflow id, run, step) and channel names only, never a
 * message. Entries older than 30 days, and a line torn by a crash, are dropped at open.
 */
export class DeliveryLedger implements DeliveryRecord {
	private readonly mutex = new Mutex();
	private recordedSincePrune = 0;

	private constructor(
		readonly file: string,
		private readonly sent: Map<string, number>,
	) {}

	static async open(dataDir: string, now: Date = new Date()): Promise<DeliveryLedger> {
		await ensurePrivateDir(dataDir);
		const file = dataFiles(dataDir).notifications;
		const text = (await readIfExists(file)) ?? '';
		const since = now.getTime() - DELIVERY_KEY_WINDOW_MS;
		const sent = new Map<string, number>();
		const kept: string[] = [];
		let dropped = false;
		for (const line of text.split('\n')) {
			if (line.trim() === '') continue;
			const entry = parseEntry(line);
			const at = entry ? Date.parse(entry.at) : NaN;
			if (!entry || !(at >= since)) {
				dropped = true;
				continue;
			}
			sent.set(slot(entry.key, entry.channel), at);
			kept.push(line);
		}
		// Rewritten only when something was dropped, so appends never follow a torn line.
		if (dropped) await writeFileAtomic(file, kept.length ? `${kept.join('\n')}\n` : '', PRIVATE_FILE_MODE);
		return new DeliveryLedger(file, sent);
	}

	has(key: string, channel: string): boolean {
		return this.sent.has(slot(key, channel));
	}

	record(key: string, channel: string): Promise<void> {
		const at = new Date();
		const line = `${JSON.stringify({ key, channel, at: at.toISOString() } satisfies Entry)}\n`;
		return this.mutex.run(async () => {
			const handle = await fs.open(this.file, 'a', PRIVATE_FILE_MODE);
			try {
				await handle.appendFile(line);
				await handle.sync();
			} finally {
				await handle.close();
			}
			this.sent.set(slot(key, channel), at.getTime());
			// A runner that runs for months forgets old keys in memory too (the file at its next start).
			if (++this.recordedSincePrune >= 1_000) {
				this.recordedSincePrune = 0;
				const since = Date.now() - DELIVERY_KEY_WINDOW_MS;
				for (const [known, when] of this.sent) if (when < since) this.sent.delete(known);
			}
		});
	}
}

function slot(key: string, channel: string): string {
	return `${channel}\n${key}`;
}

function parseEntry(line: string): Entry | undefined {
	try {
		const parsed = JSON.parse(line) as Partial<Entry> | null;
		if (!parsed || typeof parsed.key !== 'string' || typeof parsed.channel !== 'string' || typeof parsed.at !== 'string') return undefined;
		return parsed as Entry;
	} catch {
		return undefined;
	}
}
