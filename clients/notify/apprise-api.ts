import { ConfigError, ProtocolError, ServerError, ServiceInfo } from '../core/errors';
import { HttpRequest, HttpResponse, HttpTransport, joinUrl } from '../core/http';
import { JsonApiClient, JsonClientOptions } from '../core/json-client';
import { errorFromResponse, parseJsonBody } from '../core/response';
import { sanitizeError, scrubAll, urlSecretParts } from './secrets';
import type { NotificationMessage, NotificationSeverity, Notifier, NotifyReceipt } from './types';

export const APPRISE_API: ServiceInfo = {
	name: 'Apprise API',
	authFix: 'check the credentials of the proxy in front of the Apprise API (the headers option).',
	reachFix: 'check the Apprise API URL and that the apprise-api server is running.',
	exampleUrl: 'http://apprise:8000',
};

/** Apprise's notification types: ours map onto three of its four. */
export const APPRISE_TYPE: Record<NotificationSeverity, 'info' | 'warning' | 'failure'> = { info: 'info', warning: 'warning', error: 'failure' };

export type AppriseFormat = 'text' | 'markdown' | 'html';

export interface AppriseApiNotifierOptions {
	transport: HttpTransport;
	/** The apprise-api server, e.g. http://apprise:8000 (a URL base behind a proxy is kept). */
	baseUrl: string;
	/** Stateless mode: the Apprise URLs to notify (they hold credentials; never shown). */
	urls?: string[];
	/** Keyed mode: a configuration stored on the server under this key. */
	key?: string;
	/** Keyed mode: only the stored URLs with this tag expression. */
	tag?: string;
	/** Extra headers, e.g. for an authenticating reverse proxy. */
	headers?: Record<string, string>;
	format?: AppriseFormat;
	timeoutMs?: number;
}

/** The apprise-api JSON answer (`Accept: application/json`). */
interface AppriseLogResponse {
	error?: string | null;
	details?: string[][];
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Sends through an Apprise API server: stateless (`POST /notify` with the URLs in the body) or
 * keyed (`POST /notify/{key}`, URLs stored on the server). 204 means nothing was notified (no
 * valid URL, or nothing stored under the key) and 424 that some targets failed: both are errors.
 */
export class AppriseApiNotifier implements Notifier {
	readonly channelType = 'apprise-api';
	private readonly options: AppriseApiNotifierOptions;
	private readonly secrets: string[];
	private readonly endpoint: string;
	private readonly displayUrl: string;

	constructor(options: AppriseApiNotifierOptions) {
		const hasUrls = (options.urls?.length ?? 0) > 0;
		if (hasUrls === (options.key !== undefined)) {
			throw new ConfigError('An Apprise API channel needs either `urls` (stateless) or `key` (a stored configuration), not both and not neither.', { service: APPRISE_API.name });
		}
		if (options.key !== undefined && !KEY_PATTERN.test(options.key)) {
			throw new ConfigError('The Apprise key must be 1-128 letters, digits, _ or -.', { service: APPRISE_API.name });
		}
		if (options.tag !== undefined && options.key === undefined) {
			throw new ConfigError('An Apprise `tag` filters a stored configuration; it needs `key`.', { service: APPRISE_API.name });
		}
		if (!/^https?:\/\/[^/]/i.test(options.baseUrl)) {
			throw new ConfigError('The Apprise API URL must be an http:// or https:// address, e.g. http://apprise:8000.', { service: APPRISE_API.name });
		}
		this.options = options;
		this.endpoint = options.key === undefined ? joinUrl(options.baseUrl, 'notify') : joinUrl(options.baseUrl, `notify/${options.key}`);
		this.displayUrl = options.key === undefined ? this.endpoint : joinUrl(options.baseUrl, 'notify/***');
		this.secrets = [
			...(options.urls ?? []).flatMap(urlSecretParts),
			...(options.key !== undefined && options.key.length >= 4 ? [options.key] : []),
			...Object.values(options.headers ?? {}).filter((value) => value.length >= 6),
		];
	}

	async send(message: NotificationMessage): Promise<NotifyReceipt> {
		const body: Record<string, unknown> = {
			title: message.subject,
			body: message.body,
			type: APPRISE_TYPE[message.severity],
			format: this.options.format ?? 'text',
		};
		if (this.options.key === undefined) body.urls = this.options.urls;
		else if (this.options.tag !== undefined) body.tag = this.options.tag;
		const request: HttpRequest = {
			method: 'POST',
			url: this.endpoint,
			headers: { ...lowerCaseNames(this.options.headers), 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body),
			timeoutMs: this.options.timeoutMs,
		};
		const context = { service: APPRISE_API.name, method: 'POST', url: this.displayUrl };
		let response: HttpResponse;
		try {
			response = await this.options.transport.request(request);
		} catch (error) {
			throw sanitizeError(error, this.secrets, { ...context, addressForms: [this.endpoint] });
		}
		const reason = this.upstreamReason(response);
		if (response.status === 204) {
			throw new ConfigError(
				this.options.key === undefined
					? 'The Apprise API notified nobody (HTTP 204): none of the channel\'s URLs is a valid Apprise URL. Fix: check the `urls` of the channel.'
					: 'The Apprise API notified nobody (HTTP 204): nothing is stored under the channel\'s key (or no URL matches its tag). Fix: store a configuration with `POST /add/{key}` or correct the key.',
				{ ...context, status: 204 },
			);
		}
		if (response.status === 424) {
			throw new ServerError(`The Apprise API could not deliver to one or more targets (HTTP 424)${reason ? `: ${reason}` : ''}. Check the targets' own status; the next message is tried again.`, { ...context, status: 424 });
		}
		if (response.status < 200 || response.status >= 300) {
			const error = errorFromResponse(APPRISE_API, { method: 'POST', url: this.displayUrl }, { ...response, body: scrubAll(response.body, this.secrets) });
			throw sanitizeError(error, this.secrets, context);
		}
		return { channelType: this.channelType, detail: `HTTP ${response.status}` };
	}

	/** The server's own error line, when it gave one; scrubbed, since its logs may quote a URL. */
	private upstreamReason(response: HttpResponse): string | undefined {
		let text: string | undefined;
		try {
			const parsed = JSON.parse(response.body) as AppriseLogResponse;
			text = typeof parsed.error === 'string' ? parsed.error : undefined;
		} catch {
			text = response.body.trim() || undefined;
		}
		return text === undefined ? undefined : scrubAll(text, this.secrets).slice(0, 300).replace(/[.\s]+$/, '');
	}
}

function lowerCaseNames(headers: Record<string, string> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
	return out;
}

/** GET /status as apprise-api answers it with `Accept: application/json` (swagger: StatusResponse). */
export interface AppriseApiStatus {
	attach_lock?: boolean;
	config_lock?: boolean;
	status?: { persistent_storage?: boolean; can_write_config?: boolean; can_write_attach?: boolean; details?: string[] };
}

/** The server's health check, for a connection test: proves the address is an apprise-api server. */
export class AppriseApiStatusClient extends JsonApiClient {
	constructor(options: JsonClientOptions) {
		super(APPRISE_API, options);
	}

	/**
	 * The server's own status document; any other answer, however successful, is an error.
	 * `healthy: false` is the server's 417: it answers, but reports a configuration or
	 * permission problem (stateless sending may still work).
	 */
	async getVerifiedStatus(): Promise<{ healthy: boolean; status: AppriseApiStatus }> {
		const request = this.request('GET', '/status');
		const response = await this.transport.request(request);
		if (response.status !== 200 && response.status !== 417) throw errorFromResponse(APPRISE_API, request, response);
		const status = parseJsonBody<unknown>(APPRISE_API, request, response);
		const inner = status && typeof status === 'object' ? (status as AppriseApiStatus).status : undefined;
		if (!inner || typeof inner !== 'object' || !['persistent_storage', 'can_write_config', 'can_write_attach', 'details'].some((key) => key in inner)) {
			const fix = `point the URL at the Apprise API server itself (e.g. ${APPRISE_API.exampleUrl}), including its URL base if one is set.`;
			throw new ProtocolError(`The address answers GET /status, but not as an Apprise API server: its answer has no Apprise status. Fix: ${fix}`, { service: APPRISE_API.name, fix });
		}
		return { healthy: response.status === 200, status: status as AppriseApiStatus };
	}
}
