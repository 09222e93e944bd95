/** Raw Prowlarr API v1 shapes; field names as the server sends them. */

export interface ProwlarrField {
	name: string;
	value?: unknown;
	label?: string;
	type?: string;
	order?: number;
	advanced?: boolean;
	privacy?: string;
	[key: string]: unknown;
}

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

export interface ProwlarrSystemStatus {
	appName?: string;
	instanceName?: string;
	version?: string;
	buildTime?: string;
	osName?: string;
	urlBase?: string;
	[key: string]: unknown;
}

export interface ProwlarrHealthCheck {
	source?: string;
	type?: 'ok' | 'notice' | 'warning' | 'error';
	message?: string;
	wikiUrl?: string;
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
