/**
 * Inputs and results of workflows and activities. Pure types: workflow code imports this file,
 * so it must not import anything with side effects or Node built-ins.
 *
 * Every value here is written to the workflow history, which the embedded server keeps in
 * `<data_dir>/temporal/history.db` (and shows in the Web UI). So workflows carry references
 * only: a service's name, never its URL credentials or API key. Activities look secrets up
 * from the config and state themselves, and return nothing secret.
 */

import type { ServiceType } from '../services/registry';

export type { ServiceType };

export interface ServiceRef {
	name: string;
	/** A ServiceType for configured services; 'unknown' for a name that is not in the config. */
	type: ServiceType | 'unknown';
}

/** What a Servarr app's status activity returns: which app answered, and which version. */
export interface ArrStatusSummary {
	service: string;
	appName?: string;
	version?: string;
	instanceName?: string;
}

export type ProwlarrStatusSummary = ArrStatusSummary;

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
	/** Which step of a rotation failed, when it was one. */
	stage?: MamRotationStage;
	fix?: string;
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
	/** One per workflow step: an event whose key is already in the log is not appended again (a resumed step). */
	key?: string;
}

// ---- MyAnonamouse sessions -----------------------------------------------------------------
//
// Sessions travel by label. Cookies never appear here: only versions (a counter per session),
// where a cookie came from, and its last 8 characters (`mamIdTail`, e.g. `...k3Jrmn2x`).

/** What MAM said, as the MAM client classifies it (see clients/myanonamouse/types.ts). */
export type MamOutcomeName = 'ok' | 'no_change' | 'rate_limited' | 'invalid_session' | 'wrong_session_type' | 'unexpected_html' | 'unexpected';

/** How MAM refused a session: a dead cookie, or a live session used from the wrong network or for the wrong purpose. */
export type MamRefusalName = 'invalid_session' | 'wrong_session_type';

export interface MamSessionRef {
	label: string;
	/** ISO instant, when known. */
	created?: string;
	/** The Prowlarr this session feeds; undefined when it feeds none (or that is switched off). */
	prowlarrService?: string;
}

/** The address MAM saw a call come from, from the dynamic seedbox answer: shows which exit (VPN, proxy, home) the session used. */
export interface MamSaw {
	ip: string;
	/** MAM's `ASN`: the autonomous system number of that address. */
	asn?: number | string;
	/** MAM's `AS`: the network's name. */
	as?: string;
}

export interface MamKeepaliveResult {
	label: string;
	outcome: MamOutcomeName;
	/** MAM knows the session: ok, no change, or rate limited (a live session's answer). */
	alive: boolean;
	/** MAM handed back a new cookie, now saved as `version`. */
	rotated: boolean;
	version: number;
	mamIdTail: string;
	status: number;
	/** MAM's own words (scrubbed). */
	message: string;
	retryAfterMs?: number;
	/** Where MAM saw the call come from, when its answer said (the dynamic seedbox call does). */
	mamSaw?: MamSaw;
	/** The previous call with this cookie got no answer (started at this ISO time) and MAM now refuses it. */
	interruptedAt?: string;
	/** What MAM's answer means when it is not a yes: the message names MyAnonamouse and ends with the fix. */
	problem?: { type: string; message: string; fix: string };
	/** The session's `mam_session_invalid` alert after a refusal: sent now, already sent (latched), or failed on every channel. */
	invalidAlert?: 'sent' | 'already_sent' | 'failed';
	/** MAM accepts a session it refused before: the alert was cleared. */
	recovered?: boolean;
}

export interface MamCookieRef {
	label: string;
	version: number;
	mamIdTail: string;
	source: 'config' | 'manual' | 'rotation';
}

export interface ProwlarrPushOptions {
	/** Write the cookie even when Prowlarr already holds it, and make Prowlarr re-test the indexer. */
	force?: boolean;
}

export interface ProwlarrPushResult {
	label: string;
	/** updated: Prowlarr now holds the newest cookie; unchanged: it already did. */
	outcome: 'updated' | 'unchanged';
	service: string;
	/** host:port of that Prowlarr. */
	prowlarrHost: string;
	indexerId: number;
	indexerName: string;
	/** The cookie version Prowlarr holds now. */
	version: number;
	mamIdTail: string;
	/** Prowlarr's own test of the indexer after a forced update. */
	test?: { ok: boolean; errors: string[] };
}

/** How one notification channel fared (no secrets: channel names, types and scrubbed errors). */
export interface DeliverySummary {
	channel: string;
	channelType: string;
	ok: boolean;
	durationMs: number;
	detail?: string;
	error?: string;
}

/** A message a workflow asks for: kind and facts; the activity adds the cookie's tail from the state. */
export type MamNotice =
	| { kind: 'expiry'; label: string; created: string; expires: string; daysRemaining: number }
	| { kind: 'invalid'; label: string; reason: MamRefusalName; mamMessage?: string; interruptedAt?: string }
	| { kind: 'recovered'; label: string }
	| {
			kind: 'prowlarr_update';
			label: string;
			mode: 'auto' | 'manual';
			outcome: 'updated' | 'unchanged' | 'failed';
			/** For a failure: the step that failed (default prowlarr). */
			stage?: MamRotationStage;
			indexerId?: number;
			indexerName?: string;
			error?: string;
	  };

/** The steps of a rotation: the call to MAM, reading the saved cookie, the push to Prowlarr. */
export type MamRotationStage = 'mam' | 'cookie' | 'prowlarr';

/**
 * Test and tuning knobs for the Prowlarr update. The defaults (retry every second, backing off
 * to a minute, for up to a day; a dead worker noticed within 30 s) suit production.
 */
export interface MamRotationTiming {
	heartbeatTimeoutMs?: number;
	retryInitialMs?: number;
	retryMaximumMs?: number;
}

/**
 * Where the cookie to push comes from: a keepalive call to MAM, or one already saved (set-id,
 * a new config value, or `sync`: the saved one, which Prowlarr has not confirmed yet).
 */
export type MamRotationSource = 'keepalive' | 'manual' | 'config' | 'sync';

export interface MamRotationInput {
	label: string;
	source: MamRotationSource;
	force?: boolean;
	/**
	 * The cookie version already saved by the caller (the session check's keepalive): then
	 * no second MAM call is made. Only with source `keepalive`.
	 */
	version?: number;
	timing?: MamRotationTiming;
}

export interface MamRotationResult {
	label: string;
	source: MamRotationSource;
	eventType: 'prowlarr_auto_update' | 'prowlarr_manual_update';
	version: number;
	mamIdTail: string;
	keepalive?: MamKeepaliveResult;
	/** disabled: the session feeds no Prowlarr. */
	prowlarr: { outcome: 'updated' | 'unchanged' | 'disabled'; service?: string; indexerId?: number; indexerName?: string; skipped: boolean; reason?: string };
	deliveries: DeliverySummary[];
}

export interface MamCheckSessionsInput {
	labels: string[];
	/** The time the check is for (ISO): expiry and the once-a-day markers use it. */
	now: string;
}

export interface MamSessionCheckSummary {
	label: string;
	/** What MAM said, or `error` when no answer came (network, timeout). */
	outcome: MamOutcomeName | 'error';
	alive: boolean;
	rotated: boolean;
	version?: number;
	mamIdTail?: string;
	/** MAM's own words, or why no answer came. */
	message?: string;
	/** Where MAM saw the call come from (dynamic seedbox keepalives). */
	mamSaw?: MamSaw;
	/** When MAM did not accept the session: what that means, naming MyAnonamouse, ending with the fix. */
	problem?: string;
	/** MAM refused the cookie after a call with it was interrupted (ISO time that call started). */
	interruptedAt?: string;
	/** The rotated (or not yet confirmed) cookie must go to this Prowlarr. */
	needsPush: boolean;
	prowlarrService?: string;
	created?: string;
	expires?: string;
	daysRemaining?: number;
	/** The expiry warning: sent now, already sent today, or all channels failed (tried again next run). */
	expiryWarning?: 'sent' | 'already_sent' | 'failed';
	/** The invalid-session alert: sent now, or already sent (latched). */
	invalidAlert?: 'sent' | 'already_sent' | 'failed';
	/** MAM accepts a session it refused before: the alert was cleared. */
	recovered?: boolean;
	error?: FailureSummary;
}

export interface MamSessionCheckInput {
	/** Labels to check; every configured session when empty or absent. */
	labels?: string[];
	/** The time to check for (ISO); default the workflow's start time. For tests of "once per day". */
	now?: string;
	/** Passed on to the rotations the check starts. */
	rotationTiming?: MamRotationTiming;
}

export interface MamSessionCheckResult {
	checkedAt: string;
	sessions: MamSessionCheckSummary[];
	/** Rotations started to push cookies to Prowlarr; they run on after the check ends. */
	rotations: Array<{ label: string; workflowId: string }>;
}
