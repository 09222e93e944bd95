/** Raw Radarr API v3 shapes (Radarr 5.x); field names as the server sends them. */
import type { ArrHealthCheck, ArrListOptions, ArrPageQuery, ArrSystemStatus } from '../arr/types';
import type { ArrDate, ArrDownloadProtocol, ArrLanguage, ArrMediaCover, ArrQualityModel, ArrQueueItem, ArrQueueStatus } from '../arr/library-types';

export type RadarrSystemStatus = ArrSystemStatus;
export type RadarrHealthCheck = ArrHealthCheck;

export type RadarrMovieStatus = 'tba' | 'announced' | 'inCinemas' | 'released' | 'deleted';

/** What Radarr monitors when a movie is added: the movie, also its collection, or nothing. */
export type RadarrMonitorType = 'movieOnly' | 'movieAndCollection' | 'none';

export interface RadarrRating {
	votes?: number;
	value?: number;
	type?: 'user' | 'critic';
}

export interface RadarrMovieFile {
	id: number;
	movieId?: number;
	relativePath?: string | null;
	path?: string | null;
	size?: number;
	dateAdded?: string;
	sceneName?: string | null;
	releaseGroup?: string | null;
	edition?: string | null;
	quality?: ArrQualityModel;
	languages?: ArrLanguage[] | null;
	[key: string]: unknown;
}

/** The options Radarr reads once, when the movie is added. */
export interface RadarrAddOptions {
	monitor?: RadarrMonitorType;
	searchForMovie?: boolean;
	addMethod?: 'manual' | 'list' | 'collection';
	ignoreEpisodesWithFiles?: boolean;
	ignoreEpisodesWithoutFiles?: boolean;
}

export interface RadarrMovie {
	/** 0 or absent in a lookup result for a movie not in the library. */
	id: number;
	title: string | null;
	originalTitle?: string | null;
	originalLanguage?: ArrLanguage;
	sortTitle?: string | null;
	sizeOnDisk?: number | null;
	status?: RadarrMovieStatus;
	overview?: string | null;
	inCinemas?: string | null;
	physicalRelease?: string | null;
	digitalRelease?: string | null;
	releaseDate?: string | null;
	images?: ArrMediaCover[] | null;
	website?: string | null;
	remotePoster?: string | null;
	year?: number;
	youTubeTrailerId?: string | null;
	studio?: string | null;
	path?: string | null;
	qualityProfileId?: number;
	hasFile?: boolean | null;
	movieFileId?: number;
	monitored?: boolean;
	minimumAvailability?: RadarrMovieStatus;
	isAvailable?: boolean;
	folderName?: string | null;
	runtime?: number;
	cleanTitle?: string | null;
	imdbId?: string | null;
	tmdbId?: number;
	titleSlug?: string | null;
	rootFolderPath?: string | null;
	folder?: string | null;
	certification?: string | null;
	genres?: string[] | null;
	tags?: number[] | null;
	added?: string;
	addOptions?: RadarrAddOptions;
	ratings?: Partial<Record<'imdb' | 'tmdb' | 'metacritic' | 'rottenTomatoes' | 'trakt', RadarrRating>>;
	movieFile?: RadarrMovieFile;
	collection?: { title?: string | null; tmdbId?: number };
	popularity?: number;
	statistics?: { movieFileCount?: number; sizeOnDisk?: number; releaseGroups?: string[] | null };
	[key: string]: unknown;
}

export interface RadarrQueueItem extends ArrQueueItem {
	movieId?: number | null;
	/** With includeMovie. */
	movie?: RadarrMovie;
}

export type RadarrHistoryEventType =
	| 'unknown'
	| 'grabbed'
	| 'downloadFolderImported'
	| 'downloadFailed'
	| 'movieFileDeleted'
	| 'movieFolderImported'
	| 'movieFileRenamed'
	| 'downloadIgnored';

export interface RadarrHistoryRecord {
	id: number;
	movieId?: number;
	sourceTitle?: string | null;
	languages?: ArrLanguage[] | null;
	quality?: ArrQualityModel;
	qualityCutoffNotMet?: boolean;
	date?: string;
	downloadId?: string | null;
	eventType?: RadarrHistoryEventType;
	data?: Record<string, string | null> | null;
	movie?: RadarrMovie;
	[key: string]: unknown;
}

// ---- what the client's methods take ---------------------------------------------------------

export interface RadarrAddMovie {
	/** The movie, by its TMDB id (what Radarr keys movies by); look it up first to find it. */
	tmdbId: number;
	/** Default: see RadarrClient.addMovie. */
	qualityProfileId?: number;
	/** Default: see RadarrClient.addMovie. */
	rootFolderPath?: string;
	/** Default "movieOnly"; "none" adds the movie unmonitored. */
	monitor?: RadarrMonitorType;
	/** When Radarr considers the movie available for grabbing (default "released"). */
	minimumAvailability?: 'announced' | 'inCinemas' | 'released';
	/** Search for the movie right after adding (default false). */
	searchForMovie?: boolean;
	/** Tag labels; missing tags are created. */
	tags?: string[];
}

export interface RadarrQueueQuery extends ArrPageQuery {
	includeMovie?: boolean;
	/** Also downloads Radarr could not match to a movie. */
	includeUnknownMovieItems?: boolean;
	movieIds?: number[];
	protocol?: ArrDownloadProtocol;
	status?: ArrQueueStatus[];
}

export interface RadarrCalendarQuery {
	/** Default: today (Radarr's default). */
	start?: ArrDate;
	/** Default: two days after start (Radarr's default). */
	end?: ArrDate;
	/** Also movies that are not monitored (default false). */
	unmonitored?: boolean;
	/** Only movies with these tag ids. */
	tags?: number[];
}

export interface RadarrHistoryQuery extends ArrPageQuery {
	/** Event names (grabbed, downloadFolderImported...) or Radarr's numbers for them. */
	eventType?: Array<RadarrHistoryEventType | number>;
	downloadId?: string;
	movieIds?: number[];
	includeMovie?: boolean;
	languages?: number[];
	quality?: number[];
}

export interface RadarrWantedQuery extends ArrPageQuery {
	/** Only monitored movies (Radarr's default: true). */
	monitored?: boolean;
}

export type RadarrListOptions = ArrListOptions;
