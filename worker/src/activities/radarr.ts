import { checkId } from '../../../clients/arr/library';
import type { ArrQueueRemoveOptions } from '../../../clients/arr/library-types';
import { ConfigError } from '../../../clients/core/errors';
import { RADARR, RADARR_COMMANDS, RadarrClient } from '../../../clients/radarr/client';
import type { RadarrAddMovie, RadarrMovie, RadarrQueueItem } from '../../../clients/radarr/types';
import type { ServiceActivityDependencies } from '../services/definition';
import type { ArrStatusSummary } from '../workflows/types';
import type { ArrQueueItemSummary, CommandOutcome, CommandWaitOptions } from './arr';
import { arrQueueItemSummary, arrStatusSummary, removeQueueItemOnce, runCommandToEnd } from './arr';

/*
 * Results are small summaries rather than Radarr's whole resources: everything an activity
 * returns is written to the workflow history, and a movie resource runs to kilobytes.
 */

export interface RadarrMovieSummary {
	/** Radarr's id; 0 for a lookup result that is not in the library. */
	id: number;
	title: string | null;
	year?: number;
	tmdbId?: number;
	imdbId?: string | null;
	path?: string | null;
	rootFolderPath?: string | null;
	qualityProfileId?: number;
	monitored?: boolean;
	hasFile?: boolean | null;
}

export interface RadarrAddMovieResult {
	movie: RadarrMovieSummary;
	/** False when the library already had the movie: nothing was changed (a retried add lands here). */
	added: boolean;
}

export type RadarrCommand = keyof typeof RADARR_COMMANDS;

export interface RadarrRunCommandInput extends CommandWaitOptions {
	command: RadarrCommand;
	/** refreshMovie: these movies (default all); moviesSearch: required; rescanMovie: at most one (default all). */
	movieIds?: number[];
}

export interface RadarrQueueItemSummary extends ArrQueueItemSummary {
	movieId?: number | null;
}

/**
 * Radarr's activities. Each takes the service's name (never its URL or key: those come from
 * the config), does one thing through the client, and returns a summary.
 */
export function createRadarrActivities({ client, run }: ServiceActivityDependencies) {
	const radarr = (service: string) => client<RadarrClient>('radarr', service);
	return {
		async radarrGetStatus(service: string): Promise<ArrStatusSummary> {
			return run(() => arrStatusSummary(service, radarr(service)));
		},

		/** Search by title, or "tmdb:ID" / "imdb:ttID"; movies already in the library have their id. */
		async radarrLookupMovie(service: string, term: string): Promise<RadarrMovieSummary[]> {
			return run(async () => (await radarr(service).lookupMovies(term)).map(movieSummary));
		},

		/**
		 * Adds a movie by TMDB id; an empty quality profile or root folder means the server's
		 * defaults (those of the movie added last, else the first ones). Safe to retry: a movie
		 * already in the library is returned as it is, with `added: false`.
		 */
		async radarrAddMovie(service: string, movie: RadarrAddMovie): Promise<RadarrAddMovieResult> {
			return run(async () => {
				const client = radarr(service);
				const [existing] = await client.listMovies({ tmdbId: checkId(RADARR, 'TMDB', movie.tmdbId) });
				if (existing) return { movie: movieSummary(existing), added: false };
				return { movie: movieSummary(await client.addMovie(movie)), added: true };
			});
		},

		/**
		 * Runs a refresh, rescan or search and waits until Radarr has finished it, within a time
		 * limit; give the activity a heartbeat timeout longer than the poll interval.
		 */
		async radarrRunCommand(service: string, input: RadarrRunCommandInput): Promise<CommandOutcome> {
			return run(async () => {
				const client = radarr(service);
				return runCommandToEnd(RADARR, client, () => queueCommand(client, input), input);
			});
		},

		/** The whole queue (or up to `limit` items), read page by page. */
		async radarrListQueue(service: string, options: { limit?: number; includeUnknownMovieItems?: boolean } = {}): Promise<RadarrQueueItemSummary[]> {
			return run(async () => {
				const items = await radarr(service).listQueue({ includeUnknownMovieItems: options.includeUnknownMovieItems }, { limit: options.limit });
				return items.map(queueItemSummary);
			});
		},

		/** Removes a download from the queue (and the download client, unless `removeFromClient: false`); safe to retry. */
		async radarrRemoveQueueItem(service: string, queueId: number, options: ArrQueueRemoveOptions = {}): Promise<{ queueId: number; removed: boolean }> {
			return run(async () => removeQueueItemOnce(radarr(service), queueId, { removeFromClient: true, blocklist: false, ...options }));
		},
	};
}

function queueCommand(client: RadarrClient, input: RadarrRunCommandInput) {
	const movieIds = input.movieIds ?? [];
	switch (input.command) {
		case 'refreshMovie':
			return client.refreshMovies(movieIds);
		case 'rescanMovie':
			if (movieIds.length > 1) throw new ConfigError(`A Radarr rescan takes one movie or none (all of them); got ${movieIds.length}. Run one command per movie.`, { service: RADARR.name });
			return client.rescanMovie(movieIds[0]);
		case 'moviesSearch':
			return client.searchMovies(movieIds);
		case 'missingMoviesSearch':
			return client.searchMissingMovies();
		default:
			throw new ConfigError(`Radarr has no command "${String(input.command)}" here; use one of: ${Object.keys(RADARR_COMMANDS).join(', ')}.`, { service: RADARR.name });
	}
}

function movieSummary(movie: RadarrMovie): RadarrMovieSummary {
	return {
		id: movie.id ?? 0,
		title: movie.title,
		year: movie.year,
		tmdbId: movie.tmdbId,
		imdbId: movie.imdbId,
		path: movie.path,
		rootFolderPath: movie.rootFolderPath,
		qualityProfileId: movie.qualityProfileId,
		monitored: movie.monitored,
		hasFile: movie.hasFile,
	};
}

function queueItemSummary(item: RadarrQueueItem): RadarrQueueItemSummary {
	return { ...arrQueueItemSummary(item), movieId: item.movieId };
}
