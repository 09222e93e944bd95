import { ArrLibraryClient, checkId, imdbIdOf, isoDate } from '../arr/library';
import type { ArrDeleteOptions, ArrUpdateOptions } from '../arr/library-types';
import type { ArrCommand, ArrListOptions, ArrPage } from '../arr/types';
import { ConfigError, ServiceInfo } from '../core/errors';
import type { QueryValue } from '../core/http';
import type { JsonClientOptions } from '../core/json-client';
import type {
	RadarrAddMovie,
	RadarrCalendarQuery,
	RadarrHistoryEventType,
	RadarrHistoryQuery,
	RadarrHistoryRecord,
	RadarrMovie,
	RadarrQueueItem,
	RadarrQueueQuery,
	RadarrWantedQuery,
} from './types';

export const RADARR: ServiceInfo = {
	name: 'Radarr',
	authFix: 'copy the API key from Radarr → Settings → General → Security into the Radarr credential (or `services.radarr.api_key`).',
	reachFix: 'check that Radarr is running and that the URL (scheme, host, port and URL base) is right.',
	exampleUrl: 'http://radarr:7878',
};

/** The commands behind Radarr's buttons, by the names its API takes. */
export const RADARR_COMMANDS = {
	refreshMovie: 'RefreshMovie',
	rescanMovie: 'RescanMovie',
	moviesSearch: 'MoviesSearch',
	missingMoviesSearch: 'MissingMoviesSearch',
} as const;

/** Radarr's MovieHistoryEventType numbers (2 and 5 were Sonarr's and are unused), which the history filter takes. */
export const RADARR_HISTORY_EVENT_TYPES: Record<RadarrHistoryEventType, number> = {
	unknown: 0,
	grabbed: 1,
	downloadFolderImported: 3,
	downloadFailed: 4,
	movieFileDeleted: 6,
	movieFolderImported: 7,
	movieFileRenamed: 8,
	downloadIgnored: 9,
};

export type RadarrClientOptions = JsonClientOptions;

/**
 * Radarr API v3 (Radarr 5.x) on the shared *arr library base: movies (list, lookup, add with
 * the server's defaults, update, delete), queue, calendar, history, wanted/missing, commands;
 * status, health, tags and connections come from the *arr base.
 */
export class RadarrClient extends ArrLibraryClient<RadarrMovie> {
	constructor(options: RadarrClientOptions) {
		super(RADARR, options, { path: 'movie', noun: 'movie', exclusionParam: 'addImportExclusion' });
	}

	/** Every movie in the library, or the one with this TMDB id (an empty list when there is none). */
	async listMovies(options: { tmdbId?: number } = {}): Promise<RadarrMovie[]> {
		return this.listItems({ tmdbId: options.tmdbId });
	}

	async getMovie(id: number): Promise<RadarrMovie> {
		return this.getItem(id);
	}

	/** Searches Radarr's metadata source (TMDB) by title, or by "tmdb:ID" / "imdb:ttID"; movies already in the library have an id. */
	async lookupMovies(term: string): Promise<RadarrMovie[]> {
		const text = term.trim();
		if (!text) throw new ConfigError('A Radarr lookup needs a search term (a title, or tmdb:ID, imdb:ttID).', { service: RADARR.name });
		return this.call('GET', 'movie/lookup', { query: { term: text } });
	}

	/** One movie by TMDB id; Radarr answers 404 (a NotFoundError quoting it) for an id TMDB does not know. */
	async lookupMovieByTmdbId(tmdbId: number): Promise<RadarrMovie> {
		return this.call('GET', 'movie/lookup/tmdb', { query: { tmdbId: checkId(RADARR, 'TMDB', tmdbId) } });
	}

	/** One movie by IMDb id, with or without the "tt" (tt3659388 or 3659388). */
	async lookupMovieByImdbId(imdbId: string): Promise<RadarrMovie> {
		return this.call('GET', 'movie/lookup/imdb', { query: { imdbId: imdbIdOf(RADARR, imdbId) } });
	}

	/**
	 * Adds a movie by TMDB id, with everything the Add Movie screen asks for. When
	 * `qualityProfileId` or `rootFolderPath` is left out, it is taken from the server: those of
	 * the movie added most recently (the user's last choice) while they still exist, else
	 * Radarr's first quality profile and first root folder; a Radarr with none says where to
	 * add one. A movie already in the library fails with Radarr's "This movie has already been
	 * added", naming the movie.
	 */
	async addMovie(options: RadarrAddMovie): Promise<RadarrMovie> {
		const found = await this.lookupMovieByTmdbId(options.tmdbId);
		const [defaults, tags] = await Promise.all([
			this.libraryDefaults({ qualityProfileId: options.qualityProfileId, rootFolderPath: options.rootFolderPath }),
			this.tagIds(options.tags ?? []),
		]);
		const monitor = options.monitor ?? 'movieOnly';
		const { id: _id, ...movie } = found;
		const body: Record<string, unknown> = {
			...movie,
			qualityProfileId: defaults.qualityProfileId,
			rootFolderPath: defaults.rootFolderPath,
			monitored: monitor !== 'none',
			minimumAvailability: options.minimumAvailability ?? 'released',
			tags,
			addOptions: { monitor, searchForMovie: options.searchForMovie ?? false, addMethod: 'manual' },
		};
		return this.addItem(body, `"${found.title ?? '?'}"${found.year ? ` (${found.year})` : ''}, TMDB ${options.tmdbId}`);
	}

	/** GETs the movie, merges the changes over it and PUTs it back; `moveFiles` moves the files when `path` changes. */
	async updateMovie(id: number, changes: Partial<RadarrMovie>, options: ArrUpdateOptions = {}): Promise<RadarrMovie> {
		return this.updateItem(id, changes, options);
	}

	async deleteMovie(id: number, options: ArrDeleteOptions = {}): Promise<void> {
		return this.deleteItem(id, options);
	}

	/** One page of the download queue. */
	async getQueue(query: RadarrQueueQuery = {}): Promise<ArrPage<RadarrQueueItem>> {
		return this.getPage('queue', { ...query });
	}

	/** The queue read page by page: all of it, or up to `limit` items. */
	async listQueue(query: RadarrQueueQuery = {}, options: ArrListOptions = {}): Promise<RadarrQueueItem[]> {
		return this.listPaged('queue', { ...query }, options);
	}

	/** Movies with a cinema, digital or physical release between start and end (Radarr's default: today and the next two days). */
	async getCalendar(query: RadarrCalendarQuery = {}): Promise<RadarrMovie[]> {
		return this.call('GET', 'calendar', {
			query: {
				start: isoDate(RADARR, query.start, 'start'),
				end: isoDate(RADARR, query.end, 'end'),
				unmonitored: query.unmonitored,
				tags: query.tags?.length ? query.tags.join(',') : undefined,
			},
		});
	}

	/** One page of history, newest first unless sorted otherwise. */
	async getHistory(query: RadarrHistoryQuery = {}): Promise<ArrPage<RadarrHistoryRecord>> {
		return this.getPage('history', historyQuery(query));
	}

	async listHistory(query: RadarrHistoryQuery = {}, options: ArrListOptions = {}): Promise<RadarrHistoryRecord[]> {
		return this.listPaged('history', historyQuery(query), options);
	}

	/** One page of monitored, available movies that have no file. */
	async getWantedMissing(query: RadarrWantedQuery = {}): Promise<ArrPage<RadarrMovie>> {
		return this.getPage('wanted/missing', { ...query });
	}

	async listWantedMissing(query: RadarrWantedQuery = {}, options: ArrListOptions = {}): Promise<RadarrMovie[]> {
		return this.listPaged('wanted/missing', { ...query }, options);
	}

	/** Refreshes metadata from TMDB and rescans the files of these movies, or of all of them. */
	async refreshMovies(movieIds: number[] = []): Promise<ArrCommand> {
		return this.runCommand(RADARR_COMMANDS.refreshMovie, movieIds.length ? { movieIds: movieIds.map((id) => checkId(RADARR, 'movie', id)) } : {});
	}

	/** Rescans the disk for one movie's files (or every movie's), without a metadata refresh. */
	async rescanMovie(movieId?: number): Promise<ArrCommand> {
		return this.runCommand(RADARR_COMMANDS.rescanMovie, movieId === undefined ? {} : { movieId: checkId(RADARR, 'movie', movieId) });
	}

	/** Searches the indexers for these movies. */
	async searchMovies(movieIds: number[]): Promise<ArrCommand> {
		if (!movieIds.length) throw new ConfigError('A movie search needs at least one movie id.', { service: RADARR.name });
		return this.runCommand(RADARR_COMMANDS.moviesSearch, { movieIds: movieIds.map((id) => checkId(RADARR, 'movie', id)) });
	}

	/** Searches for every missing monitored movie in the library. */
	async searchMissingMovies(): Promise<ArrCommand> {
		return this.runCommand(RADARR_COMMANDS.missingMoviesSearch);
	}
}

function historyQuery(query: RadarrHistoryQuery): Record<string, QueryValue> {
	const { eventType, ...rest } = query;
	return { ...rest, eventType: eventType?.map((type) => historyEventNumber(type)) };
}

function historyEventNumber(type: RadarrHistoryEventType | number): number {
	if (typeof type === 'number') return type;
	const number = RADARR_HISTORY_EVENT_TYPES[type];
	if (number === undefined) {
		throw new ConfigError(`Radarr has no history event "${type}"; it has: ${Object.keys(RADARR_HISTORY_EVENT_TYPES).join(', ')}.`, { service: RADARR.name });
	}
	return number;
}
