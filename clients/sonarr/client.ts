import { ArrLibraryClient, checkId, imdbIdOf, isoDate } from '../arr/library';
import type { ArrDeleteOptions, ArrUpdateOptions } from '../arr/library-types';
import type { ArrCommand, ArrListOptions, ArrPage } from '../arr/types';
import { ConfigError, NotFoundError, ServiceInfo } from '../core/errors';
import type { QueryValue } from '../core/http';
import type { JsonClientOptions } from '../core/json-client';
import type {
	SonarrAddSeries,
	SonarrCalendarQuery,
	SonarrEpisode,
	SonarrEpisodeQuery,
	SonarrHistoryEventType,
	SonarrHistoryQuery,
	SonarrHistoryRecord,
	SonarrQueueItem,
	SonarrQueueQuery,
	SonarrSeries,
	SonarrWantedQuery,
} from './types';

export const SONARR: ServiceInfo = {
	name: 'Sonarr',
	authFix: 'copy the API key from Sonarr → Settings → General → Security into the Sonarr credential (or `services.sonarr.api_key`).',
	reachFix: 'check that Sonarr is running and that the URL (scheme, host, port and URL base) is right.',
	exampleUrl: 'http://sonarr:8989',
};

/** The commands behind Sonarr's buttons, by the names its API takes. */
export const SONARR_COMMANDS = {
	refreshSeries: 'RefreshSeries',
	rescanSeries: 'RescanSeries',
	episodeSearch: 'EpisodeSearch',
	seasonSearch: 'SeasonSearch',
	seriesSearch: 'SeriesSearch',
	missingEpisodeSearch: 'MissingEpisodeSearch',
} as const;

/** Sonarr's EpisodeHistoryEventType numbers, which the history filter takes. */
export const SONARR_HISTORY_EVENT_TYPES: Record<SonarrHistoryEventType, number> = {
	unknown: 0,
	grabbed: 1,
	seriesFolderImported: 2,
	downloadFolderImported: 3,
	downloadFailed: 4,
	episodeFileDeleted: 5,
	episodeFileRenamed: 6,
	downloadIgnored: 7,
};

export type SonarrClientOptions = JsonClientOptions;

/**
 * Sonarr API v3 (Sonarr 4.x) on the shared *arr library base: series (list, lookup, add with
 * the server's defaults, update, delete), episodes, queue, calendar, history, wanted/missing,
 * commands; status, health, tags and connections come from the *arr base.
 */
export class SonarrClient extends ArrLibraryClient<SonarrSeries> {
	constructor(options: SonarrClientOptions) {
		super(SONARR, options, { path: 'series', noun: 'series', exclusionParam: 'addImportListExclusion' });
	}

	/** Every series in the library, or the one with this TVDB id (an empty list when there is none). */
	async listSeries(options: { tvdbId?: number } = {}): Promise<SonarrSeries[]> {
		return this.listItems({ tvdbId: options.tvdbId });
	}

	async getSeries(id: number): Promise<SonarrSeries> {
		return this.getItem(id);
	}

	/** Searches Sonarr's metadata source (TheTVDB via Skyhook) by title; series already in the library have an id. */
	async lookupSeries(term: string): Promise<SonarrSeries[]> {
		const text = term.trim();
		if (!text) throw new ConfigError('A Sonarr lookup needs a search term (a title, or tvdb:ID, tmdb:ID, imdb:ttID).', { service: SONARR.name });
		return this.call('GET', 'series/lookup', { query: { term: text } });
	}

	async lookupSeriesByTvdbId(tvdbId: number): Promise<SonarrSeries> {
		return this.lookupOne(`tvdb:${checkId(SONARR, 'TVDB', tvdbId)}`, `TVDB id ${tvdbId}`);
	}

	async lookupSeriesByTmdbId(tmdbId: number): Promise<SonarrSeries> {
		return this.lookupOne(`tmdb:${checkId(SONARR, 'TMDB', tmdbId)}`, `TMDB id ${tmdbId}`);
	}

	/** By IMDb id, with or without the "tt" (tt0903747 or 0903747). */
	async lookupSeriesByImdbId(imdbId: string): Promise<SonarrSeries> {
		const id = imdbIdOf(SONARR, imdbId);
		return this.lookupOne(`imdb:${id}`, `IMDb id ${id}`);
	}

	/**
	 * Adds a show by TVDB id, with everything the Add Series screen asks for. When
	 * `qualityProfileId` or `rootFolderPath` is left out, it is taken from the server: those of
	 * the series added most recently (the user's last choice) while they still exist, else
	 * Sonarr's first quality profile and first root folder; a Sonarr with none says where to
	 * add one. A show already in the library fails with Sonarr's "This series has already
	 * been added", naming the show.
	 */
	async addSeries(options: SonarrAddSeries): Promise<SonarrSeries> {
		const found = await this.lookupSeriesByTvdbId(options.tvdbId);
		const [defaults, tags] = await Promise.all([
			this.libraryDefaults({ qualityProfileId: options.qualityProfileId, rootFolderPath: options.rootFolderPath }),
			this.tagIds(options.tags ?? []),
		]);
		const monitor = options.monitor ?? 'all';
		const { id: _id, ...series } = found;
		const body: Record<string, unknown> = {
			...series,
			qualityProfileId: defaults.qualityProfileId,
			rootFolderPath: defaults.rootFolderPath,
			monitored: monitor !== 'none',
			monitorNewItems: options.monitorNewItems ?? 'all',
			seasonFolder: options.seasonFolder ?? true,
			seriesType: options.seriesType ?? found.seriesType ?? 'standard',
			tags,
			addOptions: {
				monitor,
				searchForMissingEpisodes: options.searchForMissingEpisodes ?? false,
				searchForCutoffUnmetEpisodes: options.searchForCutoffUnmetEpisodes ?? false,
			},
		};
		return this.addItem(body, `"${found.title ?? '?'}"${found.year ? ` (${found.year})` : ''}, TVDB ${options.tvdbId}`);
	}

	/** GETs the series, merges the changes over it and PUTs it back; `moveFiles` moves the files when `path` changes. */
	async updateSeries(id: number, changes: Partial<SonarrSeries>, options: ArrUpdateOptions = {}): Promise<SonarrSeries> {
		return this.updateItem(id, changes, options);
	}

	async deleteSeries(id: number, options: ArrDeleteOptions = {}): Promise<void> {
		return this.deleteItem(id, options);
	}

	/** The episodes of one series, optionally of one season. */
	async listEpisodes(seriesId: number, options: SonarrEpisodeQuery = {}): Promise<SonarrEpisode[]> {
		return this.call('GET', 'episode', { query: { seriesId: checkId(SONARR, 'series', seriesId), ...options } });
	}

	/** One page of the download queue. */
	async getQueue(query: SonarrQueueQuery = {}): Promise<ArrPage<SonarrQueueItem>> {
		return this.getPage('queue', { ...query });
	}

	/** The queue read page by page: all of it, or up to `limit` items. */
	async listQueue(query: SonarrQueueQuery = {}, options: ArrListOptions = {}): Promise<SonarrQueueItem[]> {
		return this.listPaged('queue', { ...query }, options);
	}

	/** Episodes airing between start and end (Sonarr's default: today and the next two days). */
	async getCalendar(query: SonarrCalendarQuery = {}): Promise<SonarrEpisode[]> {
		return this.call('GET', 'calendar', {
			query: {
				start: isoDate(SONARR, query.start, 'start'),
				end: isoDate(SONARR, query.end, 'end'),
				unmonitored: query.unmonitored,
				includeSeries: query.includeSeries,
				includeEpisodeFile: query.includeEpisodeFile,
				includeEpisodeImages: query.includeEpisodeImages,
				tags: query.tags?.length ? query.tags.join(',') : undefined,
			},
		});
	}

	/** One page of history, newest first unless sorted otherwise. */
	async getHistory(query: SonarrHistoryQuery = {}): Promise<ArrPage<SonarrHistoryRecord>> {
		return this.getPage('history', historyQuery(query));
	}

	async listHistory(query: SonarrHistoryQuery = {}, options: ArrListOptions = {}): Promise<SonarrHistoryRecord[]> {
		return this.listPaged('history', historyQuery(query), options);
	}

	/** One page of aired, monitored episodes that have no file. */
	async getWantedMissing(query: SonarrWantedQuery = {}): Promise<ArrPage<SonarrEpisode>> {
		return this.getPage('wanted/missing', { ...query });
	}

	async listWantedMissing(query: SonarrWantedQuery = {}, options: ArrListOptions = {}): Promise<SonarrEpisode[]> {
		return this.listPaged('wanted/missing', { ...query }, options);
	}

	/** Refreshes metadata from TheTVDB and rescans the files of one series, or of all of them. */
	async refreshSeries(seriesId?: number): Promise<ArrCommand> {
		return this.runCommand(SONARR_COMMANDS.refreshSeries, seriesId === undefined ? {} : { seriesId: checkId(SONARR, 'series', seriesId) });
	}

	/** Rescans the disk for one series' files (or every series'), without a metadata refresh. */
	async rescanSeries(seriesId?: number): Promise<ArrCommand> {
		return this.runCommand(SONARR_COMMANDS.rescanSeries, seriesId === undefined ? {} : { seriesId: checkId(SONARR, 'series', seriesId) });
	}

	/** Searches the indexers for these episodes (ids from listEpisodes). */
	async searchEpisodes(episodeIds: number[]): Promise<ArrCommand> {
		if (!episodeIds.length) throw new ConfigError('An episode search needs at least one episode id (see listEpisodes).', { service: SONARR.name });
		return this.runCommand(SONARR_COMMANDS.episodeSearch, { episodeIds: episodeIds.map((id) => checkId(SONARR, 'episode', id)) });
	}

	/** Searches for a whole season (season packs first, as Sonarr does). */
	async searchSeason(seriesId: number, seasonNumber: number): Promise<ArrCommand> {
		if (!Number.isInteger(seasonNumber) || seasonNumber < 0) {
			throw new ConfigError(`A Sonarr season number is a whole number from 0 (specials) up (got ${JSON.stringify(seasonNumber)}).`, { service: SONARR.name });
		}
		return this.runCommand(SONARR_COMMANDS.seasonSearch, { seriesId: checkId(SONARR, 'series', seriesId), seasonNumber });
	}

	/** Searches for every monitored episode of a series. */
	async searchSeries(seriesId: number): Promise<ArrCommand> {
		return this.runCommand(SONARR_COMMANDS.seriesSearch, { seriesId: checkId(SONARR, 'series', seriesId) });
	}

	/** Searches for every missing monitored episode in the library. */
	async searchMissingEpisodes(): Promise<ArrCommand> {
		return this.runCommand(SONARR_COMMANDS.missingEpisodeSearch);
	}

	private async lookupOne(term: string, what: string): Promise<SonarrSeries> {
		const [first] = await this.lookupSeries(term);
		if (!first) {
			throw new NotFoundError(`Sonarr found no series with ${what}. Fix: check the id, or look the show up by title.`, { service: SONARR.name });
		}
		return first;
	}
}

function historyQuery(query: SonarrHistoryQuery): Record<string, QueryValue> {
	const { eventType, ...rest } = query;
	return { ...rest, eventType: eventType?.map((type) => historyEventNumber(type)) };
}

function historyEventNumber(type: SonarrHistoryEventType | number): number {
	if (typeof type === 'number') return type;
	const number = SONARR_HISTORY_EVENT_TYPES[type];
	if (number === undefined) {
		throw new ConfigError(`Sonarr has no history event "${type}"; it has: ${Object.keys(SONARR_HISTORY_EVENT_TYPES).join(', ')}.`, { service: SONARR.name });
	}
	return number;
}
