/**
 * Shapes every Servarr app (Prowlarr, Sonarr, Radarr) shares, with the field names the servers
 * send. Each app's own types.ts extends them.
 */

/** `{name, value}` settings of indexers, applications and notifications. */
export interface ArrField {
	name: string;
	value?: unknown;
	label?: string;
	type?: string;
	order?: number;
	advanced?: boolean;
	privacy?: string;
	[key: string]: unknown;
}

export interface ArrSystemStatus {
	appName?: string;
	instanceName?: string;
	version?: string;
	buildTime?: string;
	osName?: string;
	urlBase?: string;
	[key: string]: unknown;
}

export interface ArrHealthCheck {
	source?: string;
	type?: 'ok' | 'notice' | 'warning' | 'error';
	message?: string;
	wikiUrl?: string;
	[key: string]: unknown;
}

export interface ArrTag {
	id: number;
	label: string;
}

export type ArrCommandStatus = 'queued' | 'started' | 'completed' | 'failed' | 'aborted' | 'cancelled' | 'orphaned';

export interface ArrCommand {
	id: number;
	name: string;
	commandName?: string;
	message?: string;
	body?: Record<string, unknown>;
	priority?: string;
	status: ArrCommandStatus;
	result?: string;
	queued?: string;
	started?: string;
	ended?: string;
	duration?: string;
	trigger?: string;
	[key: string]: unknown;
}

/** What the apps call a "connection": a notification provider such as a webhook. */
export interface ArrNotification {
	id?: number;
	name: string;
	implementation: string;
	configContract: string;
	implementationName?: string;
	fields: ArrField[];
	tags?: number[];
	[key: string]: unknown;
}

export type ArrSortDirection = 'default' | 'ascending' | 'descending';

/** The paging envelope of /queue, /history, /wanted/missing... */
export interface ArrPage<T> {
	page: number;
	pageSize: number;
	sortKey?: string | null;
	sortDirection?: ArrSortDirection;
	totalRecords: number;
	records: T[];
}

export interface ArrPageQuery {
	page?: number;
	pageSize?: number;
	sortKey?: string;
	sortDirection?: ArrSortDirection;
}

/** How many records to read: at most `limit`, or all of them when it is undefined. */
export interface ArrListOptions {
	limit?: number;
	/** Records per request (default 250). */
	pageSize?: number;
}
