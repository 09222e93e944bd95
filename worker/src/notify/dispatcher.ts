import { ConfigError, MediastackError, ServiceInfo } from '../../../clients/core/errors';
import type { HttpTransport } from '../../../clients/core/http';
import { APPRISE_API, AppriseApiNotifier } from '../../../clients/notify/apprise-api';
import { sanitizeError, urlSecretParts } from '../../../clients/notify/secrets';
import type { NotificationMessage, Notifier } from '../../../clients/notify/types';
import { WEBHOOK, WebhookNotifier } from '../../../clients/notify/webhook';
import { createAxiosTransport } from '../http/transport';
import type { Logger } from '../log';
import { registerSecret } from '../state/scrub';
import { AppriseCliNotifier } from './apprise-cli';
import type { DeliveryRecord } from './ledger';
import { SmtpNotifier } from './smtp';
import { ChannelConfig, DEFAULT_NOTIFY_TIMEOUT_MS, DEFAULT_RULE, EventRules, NotifyConfig } from './types';

/** How one channel fared with one message. Safe to log, store and return over the API. */
export interface ChannelResult {
	channel: string;
	/** `smtp`, `webhook`, `apprise-api`, `apprise-cli`. */
	channelType: string;
	ok: boolean;
	durationMs: number;
	/** What the far end answered, when it accepted the message. */
	detail?: string;
	/** Why it failed: typed, secret-free (its toJSON() is the summary to record). */
	error?: MediastackError;
}

/** Told about each failed channel; the caller records an event. Its own failures are logged, not thrown. */
export type ChannelFailureHandler = (channel: string, error: MediastackError, message: NotificationMessage) => void | Promise<void>;

export interface NotificationDispatcherOptions {
	/** Channel name → notifier. */
	notifiers: Record<string, Notifier>;
	eventRules: EventRules;
	onFailure?: ChannelFailureHandler;
	logger?: Logger;
	/** Values to mask in every error, whatever the notifier already did (defence in depth). */
	secrets?: string[];
	/** Which channel took which keyed message (DeliveryLedger): a repeat of a keyed message skips those channels. */
	ledger?: DeliveryRecord;
}

export interface DispatcherFromConfigOptions {
	onFailure?: ChannelFailureHandler;
	logger?: Logger;
	ledger?: DeliveryRecord;
	/** The HTTP transport for webhook and Apprise API channels; default: the runner's axios transport. */
	transportFor?: (channel: string, service: ServiceInfo, timeoutMs: number) => HttpTransport;
}

/**
 * Sends each message to the channels its event rule names, all at once. A channel that fails
 * (down, refusing, misconfigured) does not stop or delay the others beyond its own timeout; its
 * failure comes back in the results and through `onFailure`.
 */
export class NotificationDispatcher {
	private readonly notifiers: Record<string, Notifier>;
	private readonly eventRules: EventRules;
	private readonly onFailure?: ChannelFailureHandler;
	private readonly logger?: Logger;
	private readonly secrets: string[];
	private readonly ledger?: DeliveryRecord;
	private readonly closers: Array<() => void> = [];

	constructor(options: NotificationDispatcherOptions) {
		const unknown = Object.entries(options.eventRules).flatMap(([event, channels]) =>
			channels.filter((channel) => !Object.hasOwn(options.notifiers, channel)).map((channel) => `${event} → ${channel}`),
		);
		if (unknown.length) {
			const known = Object.keys(options.notifiers).join(', ') || 'none';
			throw new ConfigError(`notify.event_rules name channels that do not exist: ${unknown.join('; ')} (channels: ${known}).`, { service: 'Notifications' });
		}
		this.notifiers = options.notifiers;
		this.eventRules = options.eventRules;
		this.onFailure = options.onFailure;
		this.logger = options.logger;
		this.secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
		this.ledger = options.ledger;
	}

	/** Builds every channel of the config (a bad channel fails here, naming it, not at send time). */
	static fromConfig(config: NotifyConfig, options: DispatcherFromConfigOptions = {}): NotificationDispatcher {
		const notifiers: Record<string, Notifier> = {};
		const closers: Array<() => void> = [];
		const secrets = Object.values(config.channels).flatMap(channelSecrets);
		// Anything the runner logs passes the global scrubber too.
		for (const secret of Object.values(config.channels).flatMap(globallyMaskedSecrets)) registerSecret(secret);
		const transportFor =
			options.transportFor ??
			((_channel: string, service: ServiceInfo, timeoutMs: number) => {
				const transport = createAxiosTransport({ service, timeoutMs });
				closers.push(() => transport.close());
				return transport;
			});
		try {
			for (const [name, channel] of Object.entries(config.channels)) {
				const notifier = createNotifier(name, channel, transportFor);
				if (notifier instanceof SmtpNotifier) closers.push(() => notifier.close());
				notifiers[name] = notifier;
			}
		} catch (error) {
			for (const close of closers) close();
			throw error;
		}
		let dispatcher: NotificationDispatcher;
		try {
			dispatcher = new NotificationDispatcher({ notifiers, eventRules: config.event_rules, onFailure: options.onFailure, logger: options.logger, secrets, ledger: options.ledger });
		} catch (error) {
			for (const close of closers) close();
			throw error;
		}
		dispatcher.closers.push(...closers);
		return dispatcher;
	}

	/** The channels a message of this event type goes to: its own rule, else `default`, else none. */
	channelsFor(event: string): string[] {
		const rule = Object.hasOwn(this.eventRules, event) ? this.eventRules[event] : Object.hasOwn(this.eventRules, DEFAULT_RULE) ? this.eventRules[DEFAULT_RULE] : [];
		return [...new Set(rule)];
	}

	get channelNames(): string[] {
		return Object.keys(this.notifiers);
	}

	/** Sends to every channel the message's event rule names, in parallel. Never throws. */
	dispatch(message: NotificationMessage): Promise<ChannelResult[]> {
		const channels = this.channelsFor(message.event);
		if (!channels.length) this.logger?.debug({ event: message.event }, 'no notification channel for this event');
		return Promise.all(channels.map((channel) => this.sendTo(channel, message)));
	}

	/**
	 * Sends to one named channel (`notify test`, or a retry of one failed channel). Never
	 * throws. A message with an idempotency key that this channel already took is not sent
	 * again (the result says so); once a channel takes it, that is recorded before returning.
	 */
	async sendTo(channel: string, message: NotificationMessage): Promise<ChannelResult> {
		const notifier = Object.hasOwn(this.notifiers, channel) ? this.notifiers[channel] : undefined;
		const started = Date.now();
		if (!notifier) {
			const error = new ConfigError(`There is no notification channel named "${channel}" (channels: ${this.channelNames.join(', ') || 'none'}).`, { service: 'Notifications' });
			return this.failed(channel, 'unknown', error, message, started);
		}
		const key = message.idempotencyKey;
		if (key !== undefined && this.ledger?.has(key, channel)) {
			this.logger?.info({ channel, channelType: notifier.channelType, event: message.event, idempotencyKey: key }, 'notification already sent to this channel; not sent again');
			return { channel, channelType: notifier.channelType, ok: true, durationMs: 0, detail: 'already sent (same idempotency key)' };
		}
		let result: ChannelResult;
		try {
			const receipt = await notifier.send(message);
			result = { channel, channelType: notifier.channelType, ok: true, durationMs: Date.now() - started, detail: receipt.detail };
		} catch (error) {
			return this.failed(channel, notifier.channelType, error, message, started);
		}
		if (key !== undefined && this.ledger) {
			try {
				await this.ledger.record(key, channel);
			} catch (error) {
				// Sent all the same; a resumed step may send it once more, with the same key for the receiver.
				this.logger?.warn({ channel, event: message.event, reason: sanitizeError(error, this.secrets, { service: 'Notifications' }).message }, 'could not record a sent notification');
			}
		}
		this.logger?.info({ channel, channelType: notifier.channelType, event: message.event, durationMs: result.durationMs, idempotencyKey: key }, 'notification sent');
		return result;
	}

	/** Closes SMTP connections and HTTP agents the dispatcher created. */
	close(): void {
		for (const close of this.closers.splice(0)) close();
	}

	private async failed(channel: string, channelType: string, cause: unknown, message: NotificationMessage, started: number): Promise<ChannelResult> {
		const error = sanitizeError(cause, this.secrets, { service: cause instanceof MediastackError ? cause.service : channelType });
		const result: ChannelResult = { channel, channelType, ok: false, durationMs: Date.now() - started, error };
		this.logger?.warn({ channel, channelType, event: message.event, error: error.toJSON() }, `notification to ${channel} failed`);
		if (this.onFailure) {
			try {
				await this.onFailure(channel, error, message);
			} catch (handlerError) {
				const reason = sanitizeError(handlerError, this.secrets, { service: 'Notifications' }).message;
				this.logger?.error({ channel, event: message.event, reason }, 'recording the failed notification failed');
			}
		}
		return result;
	}
}

/** One notifier for one channel of the config. */
export function createNotifier(
	name: string,
	channel: ChannelConfig,
	transportFor: (channel: string, service: ServiceInfo, timeoutMs: number) => HttpTransport,
): Notifier {
	const timeoutMs = channel.timeout_ms ?? DEFAULT_NOTIFY_TIMEOUT_MS;
	try {
		switch (channel.type) {
			case 'smtp':
				return new SmtpNotifier({
					host: channel.host,
					port: channel.port,
					secure: channel.secure,
					starttls: channel.starttls,
					username: channel.username,
					password: channel.password,
					from: channel.from,
					to: channel.to,
					tlsVerify: channel.tls_verify,
					timeoutMs,
				});
			case 'webhook':
				return new WebhookNotifier({ transport: transportFor(name, WEBHOOK, timeoutMs), url: channel.url, headers: channel.headers, hmacSecret: channel.hmac_secret, timeoutMs });
			case 'apprise':
				if (channel.via === 'cli') return new AppriseCliNotifier({ urls: channel.urls, binary: channel.binary, format: channel.format, timeoutMs });
				return new AppriseApiNotifier({
					transport: transportFor(name, APPRISE_API, timeoutMs),
					baseUrl: channel.api_url,
					urls: channel.urls,
					key: channel.key,
					tag: channel.tag,
					headers: channel.headers,
					format: channel.format,
					timeoutMs,
				});
			default: {
				const unknown: never = channel;
				throw new ConfigError(`Unknown channel type ${JSON.stringify((unknown as { type?: unknown }).type)}.`, { service: 'Notifications' });
			}
		}
	} catch (error) {
		if (error instanceof ConfigError) {
			throw new ConfigError(`notify.channels.${name}: ${error.message}`, { service: error.service, fix: error.fix });
		}
		throw error;
	}
}

/**
 * Every value of a channel that must never be shown: its explicit secrets (password, HMAC
 * secret, header values, Apprise key) and each URL with its credential-like parts.
 */
export function channelSecrets(channel: ChannelConfig): string[] {
	return [...explicitSecrets(channel), ...channelUrls(channel).flatMap(urlSecretParts)].filter((secret) => secret.length >= 6);
}

/**
 * The subset safe to mask in every log line of the runner: a short URL part such as `webhook`
 * or a host name would garble unrelated lines, so only whole URLs, explicit secrets and long
 * (token-like) parts are registered globally.
 */
export function globallyMaskedSecrets(channel: ChannelConfig): string[] {
	const parts = channelUrls(channel)
		.flatMap(urlSecretParts)
		.filter((part) => part.length >= 12);
	return [...explicitSecrets(channel), ...channelUrls(channel), ...parts].filter((secret) => secret.length >= 6);
}

function explicitSecrets(channel: ChannelConfig): string[] {
	const headerValues = (headers?: Record<string, string>): string[] => Object.values(headers ?? {});
	switch (channel.type) {
		case 'smtp':
			return channel.password ? [channel.password] : [];
		case 'webhook':
			return [...headerValues(channel.headers), ...(channel.hmac_secret ? [channel.hmac_secret] : []), ...urlPasswords(channel.url)];
		case 'apprise':
			return [...(channel.urls ?? []).flatMap(urlPasswords), ...(channel.via === 'api' ? [...headerValues(channel.headers), ...(channel.key ? [channel.key] : [])] : [])];
	}
}

function channelUrls(channel: ChannelConfig): string[] {
	if (channel.type === 'webhook') return [channel.url];
	if (channel.type === 'apprise') return channel.urls ?? [];
	return [];
}

function urlPasswords(url: string): string[] {
	try {
		const password = new URL(url).password;
		return password ? [password, decodeURIComponent(password)] : [];
	} catch {
		return [];
	}
}
