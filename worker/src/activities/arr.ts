import { Context } from '@temporalio/activity';
import type { ArrClient } from '../../../clients/arr/client';
import type { ArrLibraryClient, ArrLibraryItem } from '../../../clients/arr/library';
import type { ArrQueueItem, ArrQueueRemoveOptions } from '../../../clients/arr/library-types';
import type { ArrCommand, ArrCommandStatus } from '../../../clients/arr/types';
import { MediastackError, NotFoundError } from '../../../clients/core/errors';
import type { ServiceInfo } from '../../../clients/core/errors';
import type { ArrStatusSummary } from '../workflows/types';

/** How long a command may take before the activity gives up on it (Radarr's own searches take seconds to minutes). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 15 * 60_000;
export const DEFAULT_COMMAND_POLL_MS = 2_000;

/** The states after which a command does nothing more. */
const ENDED: ReadonlySet<ArrCommandStatus> = new Set(['completed', 'failed', 'aborted', 'cancelled', 'orphaned']);

/**
 * The app ran the command and it did not complete (failed, aborted, cancelled, orphaned by a
 * restart). Worth another try: a search fails while the indexers are down, and a retry queues
 * the command afresh rather than waiting on the failed one.
 */
export class CommandFailedError extends MediastackError {
	readonly kind = 'server';
	readonly retryable = true;
}

/** The command was still queued or running when the activity's time limit ran out. */
export class CommandTimeoutError extends MediastackError {
	readonly kind = 'timeout';
	readonly retryable = false;
}

export interface CommandWaitOptions {
	/** Give up after this long, counted from the first attempt (default 15 minutes). */
	timeoutMs?: number;
	/** Time between status reads (default 2 s). */
	pollIntervalMs?: number;
}

/** What a workflow learns of a finished command: no body, which may echo settings. */
export interface CommandOutcome {
	commandId: number;
	name: string;
	status: ArrCommandStatus;
	message?: string;
	queued?: string;
	started?: string;
	ended?: string;
	duration?: string;
}

/** Heartbeat details: enough for a retried attempt to wait for the same command instead of queuing another. */
interface CommandProgress {
	commandId: number;
	deadline: number;
	status?: ArrCommandStatus;
}

/**
 * Queues an *arr command and waits until it ends, heartbeating after every status read so
 * Temporal notices a dead worker and can cancel the wait. A retried attempt picks up the
 * command the last one queued (from the heartbeat details) and keeps the first attempt's
 * deadline, so a retry never runs a second search; a command the app no longer knows (it
 * restarted) is queued again. Activities may wait; the clients never sleep.
 */
export async function runCommandToEnd(
	service: ServiceInfo,
	client: ArrClient,
	queue: () => Promise<ArrCommand>,
	options: CommandWaitOptions = {},
): Promise<CommandOutcome> {
	const context = currentContext();
	const pollIntervalMs = Math.max(10, options.pollIntervalMs ?? DEFAULT_COMMAND_POLL_MS);
	const resumed = progressOf(context?.info.heartbeatDetails);
	const deadline = resumed?.deadline ?? Date.now() + Math.max(0, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
	let command = (resumed && (await stillWorthWaitingFor(client, resumed.commandId))) ?? (await queue());
	const beat = () => context?.heartbeat({ commandId: command.id, deadline, status: command.status } satisfies CommandProgress);
	beat();
	while (!ENDED.has(command.status)) {
		if (Date.now() >= deadline) {
			throw new CommandTimeoutError(
				`${service.name} command ${command.name} (id ${command.id}) was still ${command.status} when the time limit ran out. Fix: look at ${service.name} → System → Tasks; give the command more time if it is just slow.`,
				{ service: service.name, fix: `give the command more time, or see ${service.name} → System → Tasks.` },
			);
		}
		await pause(context, Math.min(pollIntervalMs, Math.max(0, deadline - Date.now())));
		command = await client.getCommand(command.id);
		beat();
	}
	if (command.status !== 'completed') {
		const said = command.message ? `: ${command.message}` : '';
		throw new CommandFailedError(`${service.name} command ${command.name} (id ${command.id}) ended ${command.status}${said}. Fix: see ${service.name} → System → Logs for why.`, {
			service: service.name,
			fix: `see ${service.name} → System → Logs for why the command ${command.status}.`,
		});
	}
	return outcomeOf(command);
}

export function outcomeOf(command: ArrCommand): CommandOutcome {
	return {
		commandId: command.id,
		name: command.name,
		status: command.status,
		message: command.message,
		queued: command.queued,
		started: command.started,
		ended: command.ended,
		duration: command.duration,
	};
}

/** The command an earlier attempt queued, unless it ended other than completed or the app forgot it (then it is queued again). */
async function stillWorthWaitingFor(client: ArrClient, commandId: number): Promise<ArrCommand | undefined> {
	try {
		const command = await client.getCommand(commandId);
		return ENDED.has(command.status) && command.status !== 'completed' ? undefined : command;
	} catch (error) {
		if (error instanceof NotFoundError) return undefined;
		throw error;
	}
}

function progressOf(details: unknown): CommandProgress | undefined {
	if (!details || typeof details !== 'object') return undefined;
	const { commandId, deadline } = details as Partial<CommandProgress>;
	return typeof commandId === 'number' && typeof deadline === 'number' ? { commandId, deadline } : undefined;
}

function currentContext(): Context | undefined {
	try {
		return Context.current();
	} catch {
		// Called outside an activity (a plain unit test): no heartbeats, a plain timer.
		return undefined;
	}
}

/** Context.sleep ends early, with a CancelledFailure, when Temporal cancels the activity. */
async function pause(context: Context | undefined, ms: number): Promise<void> {
	if (context) return context.sleep(ms);
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Removes a download from an app's queue, safe to retry: one no longer queued (removed by an
 * earlier attempt, or imported meanwhile) answers `removed: false` instead of failing.
 */
export async function removeQueueItemOnce(client: ArrLibraryClient<ArrLibraryItem>, queueId: number, options: ArrQueueRemoveOptions = {}): Promise<{ queueId: number; removed: boolean }> {
	try {
		await client.removeQueueItem(queueId, { ...options, skipRedownload: options.blocklist ? options.skipRedownload : undefined });
		return { queueId, removed: true };
	} catch (error) {
		if (error instanceof NotFoundError && error.status === 404) return { queueId, removed: false };
		throw error;
	}
}

export async function arrStatusSummary(service: string, client: ArrClient): Promise<ArrStatusSummary> {
	const status = await client.getSystemStatus();
	return { service, appName: status.appName, version: status.version, instanceName: status.instanceName };
}

/**
 * A queued download as a workflow sees it: what every app's queue says of it, without the
 * quality, language and custom-format detail that would bloat the history. Apps add their ids.
 */
export interface ArrQueueItemSummary {
	id: number;
	title?: string | null;
	status?: string;
	trackedDownloadStatus?: string;
	trackedDownloadState?: string;
	/** Bytes. */
	size?: number;
	sizeleft?: number;
	protocol?: string;
	downloadClient?: string | null;
	downloadId?: string | null;
	estimatedCompletionTime?: string | null;
	errorMessage?: string | null;
	/** The app's warnings about the download ("Not an upgrade for existing episode file(s)"...). */
	statusMessages: string[];
}

export function arrQueueItemSummary(item: ArrQueueItem): ArrQueueItemSummary {
	return {
		id: item.id,
		title: item.title,
		status: item.status,
		trackedDownloadStatus: item.trackedDownloadStatus,
		trackedDownloadState: item.trackedDownloadState,
		size: item.size,
		sizeleft: item.sizeleft,
		protocol: item.protocol,
		downloadClient: item.downloadClient,
		downloadId: item.downloadId,
		estimatedCompletionTime: item.estimatedCompletionTime,
		errorMessage: item.errorMessage,
		statusMessages: (item.statusMessages ?? []).flatMap((entry) => entry.messages ?? []),
	};
}
