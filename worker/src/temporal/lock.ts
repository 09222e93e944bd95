import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../../../clients/core/errors';

/**
 * A pid file that says "this directory belongs to a running process". It is written with
 * O_EXCL, so of two runners started at once exactly one wins. A lock whose process is gone
 * (crash, SIGKILL) is stale and taken over. Process start times from /proc tell a live owner
 * from an unrelated process that later got the same pid.
 */
export interface LockRecord {
	token: string;
	pid: number;
	/** Kernel start time of `pid` (Linux), to survive pid reuse. */
	pidStart?: string;
	acquiredAt: string;
	[key: string]: unknown;
}

export interface FileLock {
	readonly file: string;
	readonly record: LockRecord;
	/** Adds fields (e.g. a child's pid) so a later run can clean up after a crash. */
	update(extra: Record<string, unknown>): void;
	release(): void;
}

export interface AcquireLockOptions {
	/** What the lock protects, for the error message, e.g. `the data dir /srv/mediastack`. */
	description: string;
	/** Called with the record of a stale lock before it is replaced (to stop orphans it names). */
	onStale?: (stale: Partial<LockRecord>) => void;
}

export function acquireFileLock(file: string, options: AcquireLockOptions): FileLock {
	const record: LockRecord = { token: randomUUID(), pid: process.pid, pidStart: processStartTime(process.pid), acquiredAt: new Date().toISOString() };
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			writeFileSync(file, JSON.stringify(record) + '\n', { flag: 'wx' });
			return makeLock(file, record);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const existing = readLockRecord(file);
		if (existing && typeof existing.pid === 'number' && isProcessAlive(existing.pid, existing.pidStart)) {
			const self = existing.pid === process.pid ? ' (this same process: stop the first runner before starting another)' : '';
			throw new ConfigError(
				`${options.description} is already in use by process ${existing.pid}${self}, running since ${existing.acquiredAt ?? 'an unknown time'}. ` +
					`Fix: stop that runner first, or give this one another \`data_dir\`. If no such process exists, delete ${file}.`,
				{ service: 'mediastack runner', fix: 'stop the other runner or use another data_dir.' },
			);
		}
		options.onStale?.(existing ?? {});
		try {
			unlinkSync(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	throw new ConfigError(`Could not take the lock ${file} (another process keeps re-creating it).`, { service: 'mediastack runner' });
}

function makeLock(file: string, record: LockRecord): FileLock {
	let current = record;
	let released = false;
	return {
		file,
		get record() {
			return current;
		},
		update(extra) {
			if (released) return;
			current = { ...current, ...extra };
			writeFileSync(file, JSON.stringify(current) + '\n');
		},
		release() {
			if (released) return;
			released = true;
			// Only remove the file while it is still ours; a stale-lock takeover may have replaced it.
			if (readLockRecord(file)?.token !== record.token) return;
			try {
				unlinkSync(file);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		},
	};
}

export function readLockRecord(file: string): Partial<LockRecord> | undefined {
	try {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		return parsed && typeof parsed === 'object' ? (parsed as Partial<LockRecord>) : undefined;
	} catch {
		return undefined;
	}
}

/** Fields after the command name in /proc/<pid>/stat (Linux); undefined elsewhere or when gone. */
function procStat(pid: number): string[] | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces and parentheses; fields after it are plain.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
export function processStartTime(pid: number): string | undefined {
	return procStat(pid)?.[19];
}

export function isProcessAlive(pid: number, expectedStart?: string): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	// A zombie has exited and only waits for its parent to collect it.
	if (procStat(pid)?.[0] === 'Z') return false;
	if (expectedStart === undefined) return true;
	const actualStart = processStartTime(pid);
	return actualStart === undefined || actualStart === expectedStart;
}
