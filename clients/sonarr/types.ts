/** Raw Sonarr API v3 shapes (Sonarr 4.x); field names as the server sends them. */
import type { ArrListOptions, ArrPageQuery, ArrSystemStatus, ArrHealthCheck } from '../arr/types';
import type { ArrDate, ArrDownloadProtocol, ArrLanguage, ArrMediaCover, ArrQualityModel, ArrQueueItem, ArrQueueStatus } from '../arr/library-types';

export type SonarrSystemStatus = ArrSystemStatus;
export type SonarrHealthCheck = ArrHealthCheck;

/** Which episodes Sonarr monitors when a series is added (Add Series → Monitor). */
export type SonarrMonitorType =
	| 'unknown'
	| 'all'
	| 'future'
	| 'missing'
	| 'existing'
	| 'firstSeason'
	| 'lastSeason'
	| 'latestSeason'
	| 'pilot'
	| 'recent'
	| 'monitorSpecials'
	| 'unmonitorSpecials'
	| 'none'
	| 'skip';

export type SonarrSeriesType = 'standard' | 'daily' | 'anime';

export interface SonarrSeasonStatistics {
	episodeFileCount?: number;
	episodeCount?: number;
	totalEpisodeCount?: number;
	sizeOnDisk?: number;
	percentOfEpisodes?: number;
	nextAiring?: string | null;
	previousAiring?: string | null;
	[key: string]: unknown;
}

export interface SonarrSeason {
	seasonNumber: number;
	monitored: boolean;
	statistics?: SonarrSeasonStatistics;
	images?: ArrMediaCover[] | null;
}

export interface SonarrSeriesStatistics extends SonarrSeasonStatistics {
	seasonCount?: number;
}

/** The options Sonarr reads once, when the series is added. */
export interface SonarrAddOptions {
	monitor?: SonarrMonitorType;
	searchForMissingEpisodes?: boolean;
	searchForCutoffUnmetEpisodes?: boolean;
	ignoreEpisodesWithFiles?: boolean;
	ignoreEpisodesWithoutFiles?: boolean;
}

export interface SonarrSeries {
	/** 0 or absent in a lookup result for a show not in the library. */
	id: number;
	title: string | null;
	sortTitle?: string | null;
	status?: 'continuing' | 'ended' | 'upcoming' | 'deleted';
	ended?: boolean;
	overview?: string | null;
	network?: string | null;
	airTime?: string | null;
	images?: ArrMediaCover[] | null;
	originalLanguage?: ArrLanguage;
	remotePoster?: string | null;
	seasons?: SonarrSeason[] | null;
	year?: number;
	path?: string | null;
	qualityProfileId?: number;
	seasonFolder?: boolean;
	monitored?: boolean;
	monitorNewItems?: 'all' | 'none';
	useSceneNumbering?: boolean;
	runtime?: number;
	tvdbId?: number;
	tvRageId?: number;
	tvMazeId?: number;
	tmdbId?: number;
	imdbId?: string | null;
	firstAired?: string | null;
	lastAired?: string | null;
	seriesType?: SonarrSeriesType;
	cleanTitle?: string | null;
	titleSlug?: string | null;
	rootFolderPath?: string | null;
	folder?: string | null;
	certification?: string | null;
	genres?: string[] | null;
	tags?: number[] | null;
	added?: string;
	addOptions?: SonarrAddOptions;
	ratings?: { votes?: number; value?: number };
	statistics?: SonarrSeriesStatistics;
	[key: string]: unknown;
}

export interface SonarrEpisodeFile {
	id: number;
	seriesId?: number;
	seasonNumber?: number;
	relativePath?: string | null;
	path?: string | null;
	size?: number;
	dateAdded?: string;
	releaseGroup?: string | null;
	quality?: ArrQualityModel;
	languages?: ArrLanguage[] | null;
	[key: string]: unknown;
}

export interface SonarrEpisode {
	id: number;
	seriesId: number;
	tvdbId?: number;
	episodeFileId?: number;
	seasonNumber: number;
	episodeNumber: number;
	title?: string | null;
	airDate?: string | null;
	airDateUtc?: string | null;
	runtime?: number;
	overview?: string | null;
	hasFile?: boolean;
	monitored?: boolean;
	absoluteEpisodeNumber?: number | null;
	finaleType?: string | null;
	lastSearchTime?: string | null;
	episodeFile?: SonarrEpisodeFile;
	/** With includeSeries. */
	series?: SonarrSeries;
	images?: ArrMediaCover[] | null;
	[key: string]: unknown;
}

export interface SonarrQueueItem extends ArrQueueItem {
	seriesId?: number | null;
	episodeId?: number | null;
	seasonNumber?: number | null;
	/** With includeSeries / includeEpisode. */
	series?: SonarrSeries;
	episode?: SonarrEpisode;
	episodeHasFile?: boolean;
}

export type SonarrHistoryEventType =
	| 'unknown'
	| 'grabbed'
	| 'seriesFolderImported'
	| 'downloadFolderImported'
	| 'downloadFailed'
	| 'episodeFileDeleted'
	| 'episodeFileRenamed'
	| 'downloadIgnored';

export interface SonarrHistoryRecord {
	id: number;
	episodeId?: number;
	seriesId?: number;
	sourceTitle?: string | null;
	languages?: ArrLanguage[] | null;
	quality?: ArrQualityModel;
	qualityCutoffNotMet?: boolean;
	date?: string;
	downloadId?: string | null;
	eventType?: SonarrHistoryEventType;
	/** Event details as text (indexer, downloadClient, releaseGroup, size...). */
	data?: Record<string, string | null> | null;
	episode?: SonarrEpisode;
	series?: SonarrSeries;
	[key: string]: unknown;
}

// ---- what the client's methods take ---------------------------------------------------------

export interface SonarrAddSeries {
	/** The show, by its TVDB id (what Sonarr keys series by); look it up first to find it. */
	tvdbId: number;
	/** Default: see SonarrClient.addSeries. */
	qualityProfileId?: number;
	/** Default: see SonarrClient.addSeries. */
	rootFolderPath?: string;
	/** Which episodes to monitor (default "all"). "none" adds the series unmonitored. */
	monitor?: SonarrMonitorType;
	/** Whether seasons that appear later are monitored (default "all"). */
	monitorNewItems?: 'all' | 'none';
	/** Default: what the lookup says (standard for most shows). */
	seriesType?: SonarrSeriesType;
	/** Put episodes in season folders (default true). */
	seasonFolder?: boolean;
	/** Search for the missing monitored episodes right after adding (default false). */
	searchForMissingEpisodes?: boolean;
	/** Search for episodes below the profile's cutoff too (default false). */
	searchForCutoffUnmetEpisodes?: boolean;
	/** Tag labels; missing tags are created. */
	tags?: string[];
}

export interface SonarrQueueQuery extends ArrPageQuery {
	includeSeries?: boolean;
	includeEpisode?: boolean;
	/** Also downloads Sonarr could not match to a series. */
	includeUnknownSeriesItems?: boolean;
	seriesIds?: number[];
	protocol?: ArrDownloadProtocol;
	status?: ArrQueueStatus[];
}

export interface SonarrCalendarQuery {
	/** Default: today (Sonarr's default). */
	start?: ArrDate;
	/** Default: two days after start (Sonarr's default). */
	end?: ArrDate;
	/** Also episodes that are not monitored (default false). */
	unmonitored?: boolean;
	includeSeries?: boolean;
	includeEpisodeFile?: boolean;
	includeEpisodeImages?: boolean;
	/** Only series with these tag ids. */
	tags?: number[];
}

export interface SonarrHistoryQuery extends ArrPageQuery {
	/** Event names (grabbed, downloadFolderImported...) or Sonarr's numbers for them. */
	eventType?: Array<SonarrHistoryEventType | number>;
	episodeId?: number;
	downloadId?: string;
	seriesIds?: number[];
	includeSeries?: boolean;
	includeEpisode?: boolean;
	languages?: number[];
	quality?: number[];
}

export interface SonarrWantedQuery extends ArrPageQuery {
	includeSeries?: boolean;
	includeImages?: boolean;
	/** Only monitored episodes (Sonarr's default: true). */
	monitored?: boolean;
}

export interface SonarrEpisodeQuery {
	seasonNumber?: number;
	includeEpisodeFile?: boolean;
	includeImages?: boolean;
	includeSeries?: boolean;
}

export type SonarrListOptions = ArrListOptions;
