import { createHmac, timingSafeEqual } from 'crypto';
import { ConfigError, ServiceInfo } from '../core/errors';
import { HttpRequest, HttpResponse, HttpTransport } from '../core/http';
import { errorFromResponse } from '../core/response';
import { sanitizeError, scrubAll, urlSecretParts } from './secrets';
import type { NotificationMessage, Notifier, NotifyReceipt } from './types';

export const WEBHOOK: ServiceInfo = {
	name: 'Webhook',
	authFix: 'check the headers (token) the webhook receiver expects.',
	reachFix: 'check the webhook URL and that its receiver is running.',
};

export const SIGNATURE_HEADER = 'X-Mediastack-Signature';
export const TIMESTAMP_HEADER = 'X-Mediastack-Timestamp';
export const EVENT_HEADER = 'X-Mediastack-Event';
/** The message's idempotency key (the IETF httpapi draft's header name): repeats of one message carry the same one. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The JSON a webhook receives. */
export interface WebhookPayload {
	source: 'mediastack';
	event: string;
	severity: NotificationMessage['severity'];
	subject: string;
	body: string;
	data: Record<string, unknown>;
	/** Unix seconds, the same value as the timestamp header; signed with the body. */
	timestamp: number;
	/** The same value as the Idempotency-Key header (signed with the body), when the message has one. */
	idempotency_key?: string;
}

export interface WebhookNotifierOptions {
	transport: HttpTransport;
	url: string;
	/** Sent as given (e.g. an Authorization token); never shown in errors. */
	headers?: Record<string, string>;
	/**
	 * Signs the raw body with HMAC-SHA256: `X-Mediastack-Signature: sha256=<hex>`. The secret
	 * itself is never sent. The timestamp sits inside the signed body, so a receiver can
	 * reject replays by checking it against the timestamp header and its own clock.
	 */
	hmacSecret?: string;
	timeoutMs?: number;
	/** Clock, for tests. */
	now?: () => Date;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, rawBody). */
export function signWebhookBody(rawBody: string, secret: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

/** For receivers (and tests): constant-time check of a signature header against the raw body. */
export function verifyWebhookSignature(rawBody: string, signatureHeader: string | undefined, secret: string): boolean {
	if (!signatureHeader) return false;
	const expected = Buffer.from(signWebhookBody(rawBody, secret));
	const given = Buffer.from(signatureHeader.trim());
	return expected.length === given.length && timingSafeEqual(expected, given);
}

/** POSTs each message as JSON to one URL, optionally signed. */
export class WebhookNotifier implements Notifier {
	readonly channelType = 'webhook';
	private readonly options: WebhookNotifierOptions;
	private readonly secrets: string[];
	/** The URL as errors show it: the origin only, since the path is often the credential. */
	private readonly displayUrl: string;
	private readonly addressForms: string[];

	constructor(options: WebhookNotifierOptions) {
		let parsed: URL;
		try {
			parsed = new URL(options.url);
		} catch {
			throw new ConfigError('The webhook URL is not a valid URL. Fix: give the full address, e.g. https://example.org/hooks/mediastack.', { service: WEBHOOK.name });
		}
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
			throw new ConfigError(`The webhook URL must start with http:// or https:// (got ${parsed.protocol}//).`, { service: WEBHOOK.name });
		}
		if (options.hmacSecret !== undefined && options.hmacSecret.length < 16) {
			throw new ConfigError('The webhook HMAC secret is shorter than 16 characters. Fix: use a long random value (e.g. `openssl rand -hex 32`).', { service: WEBHOOK.name });
		}
		this.options = options;
		this.displayUrl = `${parsed.origin}/***`;
		// Transport errors quote the address as the URL, or as origin + path (query dropped).
		this.addressForms = [options.url, parsed.origin + parsed.pathname, parsed.origin + parsed.pathname.replace(/\/api\/.*$/, '')];
		this.secrets = [
			...urlSecretParts(options.url),
			...Object.values(options.headers ?? {}).filter((value) => value.length >= 6),
			...(options.hmacSecret ? [options.hmacSecret] : []),
		];
	}

	async send(message: NotificationMessage): Promise<NotifyReceipt> {
		const timestamp = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
		const payload: WebhookPayload = {
			source: 'mediastack',
			event: message.event,
			severity: message.severity,
			subject: message.subject,
			body: message.body,
			data: message.data ?? {},
			timestamp,
		};
		if (message.idempotencyKey !== undefined) payload.idempotency_key = message.idempotencyKey;
		const rawBody = JSON.stringify(payload);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(this.options.headers ?? {})) headers[name.toLowerCase()] = value;
		// Ours last (names lower-cased alike), so a custom header cannot replace the signature or the content type.
		headers['content-type'] = 'application/json';
		headers[EVENT_HEADER.toLowerCase()] = message.event;
		headers[TIMESTAMP_HEADER.toLowerCase()] = String(timestamp);
		if (message.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER.toLowerCase()] = message.idempotencyKey;
		if (this.options.hmacSecret) headers[SIGNATURE_HEADER.toLowerCase()] = signWebhookBody(rawBody, this.options.hmacSecret);
		const request: HttpRequest = { method: 'POST', url: this.options.url, headers, body: rawBody, timeoutMs: this.options.timeoutMs };

		let response: HttpResponse;
		try {
			response = await this.options.transport.request(request);
		} catch (error) {
			throw sanitizeError(error, this.secrets, { service: WEBHOOK.name, method: 'POST', url: this.displayUrl, addressForms: this.addressForms });
		}
		if (response.status < 200 || response.status >= 300) {
			const shown: HttpRequest = { method: 'POST', url: this.displayUrl };
			const error = errorFromResponse(WEBHOOK, shown, { ...response, body: scrubAll(response.body, this.secrets) });
			throw sanitizeError(error, this.secrets, { service: WEBHOOK.name, method: 'POST', url: this.displayUrl });
		}
		return { channelType: this.channelType, detail: `HTTP ${response.status}` };
	}
}
