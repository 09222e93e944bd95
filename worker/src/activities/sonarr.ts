import { Context } from '@temporalio/activity';
import type { ArrCommand, ArrCommandStatus } from '../../../clients/arr/types';
import type { ArrQueueRemoveOptions } from '../../../clients/arr/library-types';
import { NotFoundError, ServerError, TimeoutError } from '../../../clients/core/errors';
import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import type { SonarrAddSeries, SonarrQueueItem, SonarrSeries } from '../../../clients/sonarr/types';
import type { ServiceActivityDependencies } from '../services/definition';

/**
 * Sonarr's activities. They take the service's name and look the URL and key up in the
 * config, so no secret travels in workflow history, and they return summaries rather than
 * Sonarr's whole resources, since every result is kept in history too.
 */

export interface SonarrStatusSummary {
	service: string;
	appName?: string;
	version?: string;
	instanceName?: string;
}

export interface SonarrSeriesSummary {
	id: number;
	title: string | null;
	year?: number;
	tvdbId?: number;
	path?: string | null;
	qualityProfileId?: number;
	rootFolderPath?: string | null;
	monitored?: boolean;
	/** False when the series was in the library already (an earlier attempt, or someone else, added it). */
	added: boolean;
}

/** The commands behind Sonarr's buttons, with what each needs. */
export type SonarrCommandInput =
	| { name: 'refreshSeries'; seriesId?: number }
	| { name: 'rescanSeries'; seriesId?: number }
	| { name: 'searchEpisodes'; episodeIds: number[] }
	| { name: 'searchSeason'; seriesId: number; seasonNumber: number }
	| { name: 'searchSeries'; seriesId: number }
	| { name: 'searchMissingEpisodes' };

export interface SonarrRunCommandOptions {
	/** How long to wait for the command to finish (default 15 minutes). */
	timeoutMs?: number;
	/** How often to ask Sonarr for the command's status (default 2 seconds). */
	pollIntervalMs?: number;
}

export interface SonarrCommandSummary {
	id: number;
	name: string;
	status: ArrCommandStatus;
	message?: string;
	queued?: string;
	started?: string;
	ended?: string;
}

export interface SonarrQueueItemSummary {
	id: number;
	title?: string | null;
	status?: string;
	trackedDownloadStatus?: string;
	trackedDownloadState?: string;
	seriesId?: number | null;
	episodeId?: number | null;
	seasonNumber?: number | null;
	/** Bytes. */
	size?: number;
	sizeleft?: number;
	protocol?: string;
	downloadClient?: string | null;
	downloadId?: string | null;
	estimatedCompletionTime?: string | null;
	errorMessage?: string | null;
	/** Sonarr's warnings about the download ("Not an upgrade for existing episode file(s)"...). */
	statusMessages: string[];
}

export interface SonarrRemoveQueueItemResult {
	id: number;
	/** False when the download was no longer in the queue (an earlier attempt, or someone else, removed it). */
	removed: boolean;
}

export const SONARR_COMMAND_TIMEOUT_MS = 15 * 60_000;
export const SONARR_COMMAND_POLL_MS = 2_000;

/** What the activity remembers between attempts, so a retry waits for the command it queued rather than queuing another. */
interface CommandHeartbeat {
	commandId: number;
	status: ArrCommandStatus;
}

const RUNNING: ReadonlySet<ArrCommandStatus> = new Set(['queued', 'started']);

export function createSonarrActivities({ client, run }: ServiceActivityDependencies) {
	const sonarr = (service: string) => client<SonarrClient>('sonarr', service);
	return {
		async sonarrGetStatus(service: string): Promise<SonarrStatusSummary> {
			return run(async () => {
				const status = await sonarr(service).getSystemStatus();
				return { service, appName: status.appName, version: status.version, instanceName: status.instanceName };
			});
		},

		/**
		 * Adds a show by TVDB id; a quality profile or root folder left out is the server's
		 * default (the series added last, else the first; see SonarrClient.addSeries). A show the
		 * library already has is returned with `added: false`, so a retry after an add that went
		 * through but was not answered does not fail.
		 */
		async sonarrAddSeries(service: string, input: SonarrAddSeries): Promise<SonarrSeriesSummary> {
			return run(async () => {
				const api = sonarr(service);
				const [existing] = await api.listSeries({ tvdbId: input.tvdbId });
				if (existing) return seriesSummary(existing, false);
				return seriesSummary(await api.addSeries(input), true);
			});
		},

		/**
		 * Queues a command and waits for it to finish, heartbeating the command's id and status
		 * while it polls. A retried attempt (after a worker crash or the time limit) resumes
		 * waiting for the command it queued, when that is still running or has completed; one
		 * that failed is queued again. A command that ends other than completed fails the
		 * activity with Sonarr's message; one still running at the time limit is a TimeoutError.
		 */
		async sonarrRunCommand(service: string, command: SonarrCommandInput, options: SonarrRunCommandOptions = {}): Promise<SonarrCommandSummary> {
			return run(async () => {
				const context = Context.current();
				const api = sonarr(service);
				const timeoutMs = options.timeoutMs ?? SONARR_COMMAND_TIMEOUT_MS;
				const pollMs = Math.max(10, options.pollIntervalMs ?? SONARR_COMMAND_POLL_MS);
				let current = (await resumable(api, context.info.heartbeatDetails)) ?? (await queueCommand(api, command));
				const deadline = Date.now() + timeoutMs;
				context.heartbeat({ commandId: current.id, status: current.status } satisfies CommandHeartbeat);
				while (RUNNING.has(current.status)) {
					if (Date.now() >= deadline) {
						throw new TimeoutError(`Sonarr's ${current.name} command (id ${current.id}) was still ${current.status} after ${Math.round(timeoutMs / 1000)} s.`, {
							service: SONARR.name,
							fix: 'check Sonarr → System → Tasks; a retry waits for the same command rather than queuing another.',
						});
					}
					await context.sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
					current = await api.getCommand(current.id);
					context.heartbeat({ commandId: current.id, status: current.status } satisfies CommandHeartbeat);
				}
				if (current.status !== 'completed') {
					throw new ServerError(`Sonarr's ${current.name} command (id ${current.id}) ended ${current.status}${current.message ? `: ${current.message}` : ''}.`, {
						service: SONARR.name,
						fix: 'see Sonarr → System → Events and Logs for why.',
					});
				}
				return commandSummary(current);
			});
		},

		/** The download queue, page by page: all of it, or up to `limit` downloads. */
		async sonarrListQueue(service: string, options: { limit?: number } = {}): Promise<SonarrQueueItemSummary[]> {
			return run(async () => (await sonarr(service).listQueue({}, { limit: options.limit })).map(queueItemSummary));
		},

		/**
		 * Removes a download from the queue (and from the download client, unless
		 * `removeFromClient: false`); `blocklist` keeps its release from being grabbed again. A
		 * download already gone answers `removed: false`, so a retried removal does not fail.
		 */
		async sonarrRemoveQueueItem(service: string, id: number, options: ArrQueueRemoveOptions = {}): Promise<SonarrRemoveQueueItemResult> {
			return run(async () => {
				try {
					await sonarr(service).removeQueueItem(id, options);
					return { id, removed: true };
				} catch (error) {
					if (error instanceof NotFoundError && error.status === 404) return { id, removed: false };
					throw error;
				}
			});
		},
	};
}

function queueCommand(api: SonarrClient, command: SonarrCommandInput): Promise<ArrCommand> {
	switch (command.name) {
		case 'refreshSeries':
			return api.refreshSeries(command.seriesId);
		case 'rescanSeries':
			return api.rescanSeries(command.seriesId);
		case 'searchEpisodes':
			return api.searchEpisodes(command.episodeIds);
		case 'searchSeason':
			return api.searchSeason(command.seriesId, command.seasonNumber);
		case 'searchSeries':
			return api.searchSeries(command.seriesId);
		case 'searchMissingEpisodes':
			return api.searchMissingEpisodes();
	}
}

/** The command an earlier attempt queued, when waiting for it still makes sense. */
async function resumable(api: SonarrClient, details: unknown): Promise<ArrCommand | undefined> {
	const commandId = (details as Partial<CommandHeartbeat> | undefined)?.commandId;
	if (typeof commandId !== 'number') return undefined;
	try {
		const command = await api.getCommand(commandId);
		return RUNNING.has(command.status) || command.status === 'completed' ? command : undefined;
	} catch (error) {
		// Sonarr no longer knows it (restarted, or pruned it): queue it afresh.
		if (error instanceof NotFoundError) return undefined;
		throw error;
	}
}

function seriesSummary(series: SonarrSeries, added: boolean): SonarrSeriesSummary {
	return {
		id: series.id,
		title: series.title,
		year: series.year,
		tvdbId: series.tvdbId,
		path: series.path,
		qualityProfileId: series.qualityProfileId,
		rootFolderPath: series.rootFolderPath,
		monitored: series.monitored,
		added,
	};
}

function commandSummary(command: ArrCommand): SonarrCommandSummary {
	return { id: command.id, name: command.name, status: command.status, message: command.message ?? undefined, queued: command.queued, started: command.started ?? undefined, ended: command.ended ?? undefined };
}

function queueItemSummary(item: SonarrQueueItem): SonarrQueueItemSummary {
	return {
		id: item.id,
		title: item.title,
		status: item.status,
		trackedDownloadStatus: item.trackedDownloadStatus,
		trackedDownloadState: item.trackedDownloadState,
		seriesId: item.seriesId,
		episodeId: item.episodeId,
		seasonNumber: item.seasonNumber,
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
