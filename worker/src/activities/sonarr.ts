import type { ArrQueueRemoveOptions } from '../../../clients/arr/library-types';
import type { ArrCommand } from '../../../clients/arr/types';
import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import type { SonarrAddSeries, SonarrQueueItem, SonarrSeries } from '../../../clients/sonarr/types';
import type { ServiceActivityDependencies } from '../services/definition';
import type { ArrStatusSummary } from '../workflows/types';
import type { ArrQueueItemSummary, CommandOutcome, CommandWaitOptions } from './arr';
import { arrQueueItemSummary, arrStatusSummary, removeQueueItemOnce, runCommandToEnd } from './arr';

/**
 * Sonarr's activities. They take the service's name and look the URL and key up in the
 * config, so no secret travels in workflow history, and they return summaries rather than
 * Sonarr's whole resources, since every result is kept in history too.
 */

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

export interface SonarrQueueItemSummary extends ArrQueueItemSummary {
	seriesId?: number | null;
	episodeId?: number | null;
	seasonNumber?: number | null;
}

export function createSonarrActivities({ client, run }: ServiceActivityDependencies) {
	const sonarr = (service: string) => client<SonarrClient>('sonarr', service);
	return {
		async sonarrGetStatus(service: string): Promise<ArrStatusSummary> {
			return run(() => arrStatusSummary(service, sonarr(service)));
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
		 * Queues a command and waits for it to finish (see runCommandToEnd: heartbeats, a retry
		 * waits for the command its earlier attempt queued, one time limit across attempts).
		 */
		async sonarrRunCommand(service: string, command: SonarrCommandInput, options: CommandWaitOptions = {}): Promise<CommandOutcome> {
			return run(async () => {
				const api = sonarr(service);
				return runCommandToEnd(SONARR, api, () => queueCommand(api, command), options);
			});
		},

		/** The download queue, page by page: all of it, or up to `limit` downloads. */
		async sonarrListQueue(service: string, options: { limit?: number } = {}): Promise<SonarrQueueItemSummary[]> {
			return run(async () => (await sonarr(service).listQueue({}, { limit: options.limit })).map(queueItemSummary));
		},

		/** Removes a download from the queue (and the download client, unless `removeFromClient: false`); safe to retry. */
		async sonarrRemoveQueueItem(service: string, queueId: number, options: ArrQueueRemoveOptions = {}): Promise<{ queueId: number; removed: boolean }> {
			return run(async () => removeQueueItemOnce(sonarr(service), queueId, options));
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

function queueItemSummary(item: SonarrQueueItem): SonarrQueueItemSummary {
	return { ...arrQueueItemSummary(item), seriesId: item.seriesId, episodeId: item.episodeId, seasonNumber: item.seasonNumber };
}
