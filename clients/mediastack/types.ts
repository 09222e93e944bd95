/** Shapes of the mediastack runner's HTTP API (worker/src/api), snake_case as it sends them. */

/** GET /api/health: the runner's own summary; `ok: false` comes with HTTP 503. */
export interface RunnerHealth {
	ok?: boolean;
	[key: string]: unknown;
}

/** GET /api/server_time. */
export interface RunnerServerTime {
	server_time: string;
	timezone?: string;
	local_time?: string;
	[key: string]: unknown;
}

/** One entry of the runner's event log. */
export interface RunnerEvent {
	id: string;
	time: string;
	type: string;
	subject: string;
	ok: boolean;
	details?: Record<string, unknown>;
}

export interface RunnerEventQuery {
	/** A session label, a service name, a workflow id. */
	subject?: string;
	/** One or more event types, e.g. `prowlarr_auto_update`. */
	type?: string | string[];
	/** Only events at or after this time (ISO 8601). */
	since?: string;
	/** 1 to 1000; the runner's default is 100. */
	limit?: number;
}

/** GET /api/events. */
export interface RunnerEventList {
	events: RunnerEvent[];
}

/** POST /api/prowlarr/update_mam_id: MouseTrap's request. */
export interface MamRotationRequest {
	label: string;
	/** Push the cookie to Prowlarr even when Prowlarr already has it. */
	force?: boolean;
}

/** MouseTrap-compatible answers carry `success` and `message`; the rest is passed on as sent. */
export interface RunnerAnswer {
	success?: boolean;
	message?: string;
	[key: string]: unknown;
}

/** POST /api/prowlarr/test_expiry_notification, with MouseTrap's `details` folded in. */
export interface ExpiryNotificationTestResult extends RunnerAnswer {
	created?: string;
	expires?: string;
	days_remaining?: number;
}
