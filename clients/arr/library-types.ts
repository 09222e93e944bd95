/**
 * Shapes Sonarr and Radarr (API v3) share, with the field names the servers send: quality,
 * languages, quality profiles, root folders, and the options of queue removal, updates and
 * deletes. Each app's types.ts builds its series, movies, queue and history on them.
 */

export interface ArrLanguage {
	id: number;
	name?: string | null;
}

export interface ArrQuality {
	id: number;
	name?: string | null;
	/** Sonarr: television, web, bluray...; Radarr: also cam, telesync, dvd, remux... */
	source?: string;
	resolution?: number;
	[key: string]: unknown;
}

export interface ArrQualityModel {
	quality?: ArrQuality;
	revision?: { version?: number; real?: number; isRepack?: boolean };
}

export interface ArrMediaCover {
	coverType?: 'unknown' | 'poster' | 'banner' | 'fanart' | 'screenshot' | 'headshot' | 'clearlogo';
	url?: string | null;
	remoteUrl?: string | null;
}

export interface ArrQualityProfileItem {
	id?: number;
	name?: string | null;
	quality?: ArrQuality;
	items?: ArrQualityProfileItem[] | null;
	allowed?: boolean;
	[key: string]: unknown;
}

export interface ArrQualityProfile {
	id: number;
	name: string | null;
	upgradeAllowed?: boolean;
	/** The id of the quality (or group) after which no upgrade is searched. */
	cutoff?: number;
	items?: ArrQualityProfileItem[] | null;
	minFormatScore?: number;
	cutoffFormatScore?: number;
	[key: string]: unknown;
}

export interface ArrRootFolder {
	id: number;
	path: string | null;
	accessible?: boolean;
	/** Bytes free on the folder's disk; null when the app cannot tell. */
	freeSpace?: number | null;
	unmappedFolders?: Array<{ name?: string | null; path?: string | null; relativePath?: string | null }> | null;
	[key: string]: unknown;
}

export type ArrQueueStatus = 'unknown' | 'queued' | 'paused' | 'downloading' | 'completed' | 'failed' | 'warning' | 'delay' | 'downloadClientUnavailable' | 'fallback';

export type ArrDownloadProtocol = 'unknown' | 'usenet' | 'torrent';

/** What the queue item's fields share in both apps; each app adds its own links. */
export interface ArrQueueItem {
	id: number;
	title?: string | null;
	/** Bytes. */
	size?: number;
	/** Bytes left (deprecated by the apps, still sent). */
	sizeleft?: number;
	status?: ArrQueueStatus;
	trackedDownloadStatus?: 'ok' | 'warning' | 'error';
	trackedDownloadState?: string;
	statusMessages?: Array<{ title?: string | null; messages?: string[] | null }> | null;
	errorMessage?: string | null;
	downloadId?: string | null;
	protocol?: ArrDownloadProtocol;
	downloadClient?: string | null;
	indexer?: string | null;
	outputPath?: string | null;
	estimatedCompletionTime?: string | null;
	added?: string | null;
	quality?: ArrQualityModel;
	languages?: ArrLanguage[] | null;
	[key: string]: unknown;
}

export interface ArrQueueRemoveOptions {
	/** Also remove the download from the download client (the apps' default: true). */
	removeFromClient?: boolean;
	/** Add the release to the blocklist so it is not grabbed again (default false). */
	blocklist?: boolean;
	/** With blocklist: do not search for a replacement. */
	skipRedownload?: boolean;
	/** Move the download to the client's post-import category instead of removing it. */
	changeCategory?: boolean;
}

export interface ArrUpdateOptions {
	/** Move the files to the new path when `path` changes (default false). */
	moveFiles?: boolean;
}

export interface ArrDeleteOptions {
	/** Delete the files and folder from disk too (default false). */
	deleteFiles?: boolean;
	/** Keep import lists from adding the title again (default false). */
	addImportListExclusion?: boolean;
}

/** Dates for calendar queries: a Date, or an ISO 8601 text such as 2025-01-31 or 2025-01-31T00:00:00Z. */
export type ArrDate = Date | string;
