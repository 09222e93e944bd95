import { ConfigError, ProtocolError, ServiceInfo } from '../core/errors';
import type { HttpTransport } from '../core/http';
import { JsonApiClient } from '../core/json-client';
import { errorFromResponse, parseJsonBody } from '../core/response';
import type {
	ExpiryNotificationTestResult,
	MamRotationRequest,
	RunnerAnswer,
	RunnerEvent,
	RunnerEventList,
	RunnerEventQuery,
	RunnerHealth,
	RunnerServerTime,
} from './types';

export const MEDIASTACK_RUNNER: ServiceInfo = {
	name: 'The mediastack runner',
	authFix: 'copy the API token from the runner\'s data dir (the api-token file) or from api.token in its config.',
	reachFix: 'check the runner is running (`mediastack start`) and listens at this address (api.host and api.port in its config).',
	exampleUrl: 'http://127.0.0.1:8420',
};

/** The runner refuses more; asking for more would only earn a 400. */
export const MAX_EVENT_LIMIT = 1000;

export interface MediastackClientOptions {
	/** Where the runner's API listens, e.g. http://127.0.0.1:8420. */
	baseUrl: string;
	transport: HttpTransport;
	/** Sent as a bearer token; leave out when the transport attaches it (n8n's credential does). */
	token?: string;
}

/**
 * The runner's HTTP API, which is compatible with MouseTrap's: start a cookie rotation, test
 * Prowlarr and the expiry notification, read the event log, the clock and the health summary.
 */
export class MediastackClient extends JsonApiClient {
	private readonly authorization: Record<string, string>;

	constructor(options: MediastackClientOptions) {
		super(MEDIASTACK_RUNNER, options);
		this.authorization = options.token ? { authorization: `Bearer ${options.token}` } : {};
	}

	/** The health summary; a runner that reports itself unhealthy (HTTP 503) is an answer too. */
	async getHealth(): Promise<RunnerHealth> {
		const request = this.request('GET', '/api/health', { headers: this.authorization });
		const response = await this.transport.request(request);
		if (response.status === 503) {
			const health = tryJson(response.body);
			if (health && typeof health === 'object' && (health as RunnerHealth).ok === false) return health as RunnerHealth;
		}
		if (response.status < 200 || response.status >= 300) throw errorFromResponse(MEDIASTACK_RUNNER, request, response);
		return parseJsonBody<RunnerHealth>(MEDIASTACK_RUNNER, request, response);
	}

	/**
	 * The health summary, proven to be the runner's own (a connection test must not pass on any
	 * page that answers 200): `ok` plus its Temporal and worker sections.
	 */
	async getVerifiedHealth(): Promise<RunnerHealth> {
		const health = await this.getHealth();
		const record = health && typeof health === 'object' ? (health as Record<string, unknown>) : {};
		const isSection = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
		if (typeof record.ok !== 'boolean' || !isSection(record.temporal) || !isSection(record.worker)) {
			const fix = `point the URL at the runner's HTTP API (api.host and api.port in its config), e.g. ${MEDIASTACK_RUNNER.exampleUrl}.`;
			throw new ProtocolError(`The address answers GET /api/health, but not as the mediastack runner: its answer is not the runner's health summary. Fix: ${fix}`, {
				service: MEDIASTACK_RUNNER.name,
				fix,
			});
		}
		return health;
	}

	async getServerTime(): Promise<RunnerServerTime> {
		return await this.call<RunnerServerTime>('GET', '/api/server_time', { headers: this.authorization });
	}

	/** Newest first. */
	async listEvents(query: RunnerEventQuery = {}): Promise<RunnerEvent[]> {
		if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_EVENT_LIMIT)) {
			throw new ConfigError(`The event limit must be a whole number from 1 to ${MAX_EVENT_LIMIT}.`, { service: MEDIASTACK_RUNNER.name });
		}
		const types = [query.type ?? []].flat().map((type) => type.trim()).filter(Boolean);
		const list = await this.call<RunnerEventList>('GET', '/api/events', {
			headers: this.authorization,
			query: {
				subject: query.subject || undefined,
				// Comma-separated: the runner reads both forms, and one key keeps the URL short.
				type: types.length ? types.join(',') : undefined,
				since: query.since || undefined,
				limit: query.limit,
			},
		});
		return Array.isArray(list?.events) ? list.events : [];
	}

	/** Starts the rotation workflow for a session: cookie saved, then pushed to Prowlarr. */
	async startMamRotation(rotation: MamRotationRequest): Promise<RunnerAnswer> {
		const label = requireLabel(rotation.label);
		return await this.post('/api/prowlarr/update_mam_id', { label, force: rotation.force ?? false });
	}

	/** Tests the connection to Prowlarr and finds the MyAnonamouse indexer. */
	async testProwlarr(options: { label?: string } = {}): Promise<RunnerAnswer> {
		const label = options.label?.trim();
		return await this.post('/api/prowlarr/test', label ? { label } : {});
	}

	/** Sends the expiry warning for a session now, whatever its days remaining. */
	async testExpiryNotification(label: string): Promise<ExpiryNotificationTestResult> {
		const answer = await this.post('/api/prowlarr/test_expiry_notification', { label: requireLabel(label) });
		// MouseTrap nests the dates under `details`; the runner may send them at the top.
		const { details, ...rest } = answer;
		return details && typeof details === 'object' && !Array.isArray(details) ? { ...rest, ...(details as Record<string, unknown>) } : answer;
	}

	private async post(path: string, body: Record<string, unknown>): Promise<RunnerAnswer> {
		const answer = await this.call<RunnerAnswer | undefined>('POST', path, { body, headers: this.authorization });
		return answer && typeof answer === 'object' ? answer : {};
	}
}

function requireLabel(label: string | undefined): string {
	const trimmed = (label ?? '').trim();
	if (!trimmed) throw new ConfigError('A MAM session label is needed, as the session is named in the runner\'s config.', { service: MEDIASTACK_RUNNER.name });
	return trimmed;
}

function tryJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}
