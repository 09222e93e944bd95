/** Raw Prowlarr API v1 shapes; field names as the server sends them. */
import type { ArrField, ArrHealthCheck, ArrSystemStatus } from '../arr/types';

export type ProwlarrField = ArrField;
export type ProwlarrSystemStatus = ArrSystemStatus;
export type ProwlarrHealthCheck = ArrHealthCheck;

export interface ProwlarrIndexer {
	id: number;
	name: string | null;
	implementation: string | null;
	implementationName?: string | null;
	configContract: string | null;
	enable: boolean;
	protocol?: 'unknown' | 'usenet' | 'torrent';
	priority?: number;
	privacy?: string;
	appProfileId?: number;
	tags?: number[];
	fields: ProwlarrField[] | null;
	[key: string]: unknown;
}

export interface ProwlarrIndexerStatus {
	id?: number;
	indexerId: number;
	disabledTill?: string | null;
	mostRecentFailure?: string | null;
	initialFailure?: string | null;
	[key: string]: unknown;
}

export interface ProwlarrSearchResult {
	guid?: string;
	title?: string;
	indexerId?: number;
	indexer?: string | null;
	size?: number;
	publishDate?: string;
	downloadUrl?: string | null;
	infoUrl?: string | null;
	seeders?: number | null;
	leechers?: number | null;
	protocol?: string;
	categories?: Array<{ id: number; name?: string }>;
	[key: string]: unknown;
}

export interface ProwlarrIndexerStatistics {
	indexerId: number;
	indexerName?: string;
	averageResponseTime?: number;
	numberOfQueries?: number;
	numberOfGrabs?: number;
	numberOfFailedQueries?: number;
	numberOfFailedGrabs?: number;
	[key: string]: unknown;
}

export interface ProwlarrIndexerStats {
	id?: number;
	indexers?: ProwlarrIndexerStatistics[];
	userAgents?: unknown[];
	hosts?: unknown[];
}

export interface ProwlarrSearchOptions {
	query: string;
	/** "search" (default), "tvsearch", "movie", "music", "book". */
	type?: string;
	indexerIds?: number[];
	categories?: number[];
	limit?: number;
	offset?: number;
}

export interface ProwlarrStatsOptions {
	startDate?: string;
	endDate?: string;
	indexers?: string;
	protocols?: string;
	tags?: string;
}

/** An app Prowlarr feeds its indexers to (Settings → Apps). */
export interface ProwlarrApplication {
	id?: number;
	name: string | null;
	implementation: string;
	configContract: string;
	implementationName?: string;
	fields: ProwlarrField[];
	/** disabled, addOnly or fullSync. */
	syncLevel?: 'disabled' | 'addOnly' | 'fullSync';
	tags?: number[];
	[key: string]: unknown;
}
