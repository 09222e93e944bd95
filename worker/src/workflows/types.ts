/**
 * Inputs and results of workflows and activities. Pure types: workflow code imports this file,
 * so it must not import anything with side effects or Node built-ins.
 *
 * Every value here is written to the workflow history, which the embedded server keeps in
 * `<data_dir>/temporal/history.db` (and shows in the Web UI). So workflows carry references
 * only: a service's name, never its URL credentials or API key. Activities look secrets up
 * from the config and state themselves, and return nothing secret.
 */

export type ServiceType = 'prowlarr';

export interface ServiceRef {
	name: string;
	/** A ServiceType for configured services; 'unknown' for a name that is not in the config. */
	type: ServiceType | 'unknown';
}

export interface ProwlarrStatusSummary {
	service: string;
	appName?: string;
	version?: string;
	instanceName?: string;
}

export interface IndexerRef {
	id: number;
	name: string;
}

export type HealthIssueLevel = 'ok' | 'notice' | 'warning' | 'error';

export interface HealthIssue {
	level: HealthIssueLevel;
	source?: string;
	message: string;
}

/** What a failed check ends with, taken from the activity's ApplicationFailure. */
export interface FailureSummary {
	/** Error class name, e.g. AuthError, NetworkError. */
	type: string;
	message: string;
}

export interface ServiceHealth {
	service: string;
	type: ServiceRef['type'];
	/** Reachable, and no health check of level "error". Warnings are reported but do not fail. */
	ok: boolean;
	version?: string;
	issues: HealthIssue[];
	error?: FailureSummary;
}

export interface ServiceHealthCheckInput {
	/** Service names to check; all configured services when empty or absent. */
	services?: string[];
}

export interface ServiceHealthCheckResult {
	ok: boolean;
	/** Workflow time (deterministic) at which the check started. */
	checkedAt: string;
	services: ServiceHealth[];
}

export interface ProwlarrTestInput {
	service: string;
}

export interface ProwlarrTestResult {
	status: ProwlarrStatusSummary;
	/** The MyAnonamouse indexer, or null when Prowlarr has none. */
	myAnonamouse: IndexerRef | null;
}

export interface EventInput {
	type: string;
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
}
