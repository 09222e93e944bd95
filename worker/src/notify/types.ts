/**
 * Notification settings as they appear in the runner's config (keys as written in the YAML).
 * Channels are named; event rules say which channels each event type goes to, like
 * MouseTrap's notify.yaml `event_rules`, with a `default` rule for every other event.
 *
 * ```yaml
 * notify:
 *   channels:
 *     mail:   { type: smtp, host: smtp.example.org, port: 587, starttls: required,
 *               username: me, password: "...", from: mediastack@example.org, to: [me@example.org] }
 *     hook:   { type: webhook, url: https://n8n.lan/webhook/abc, hmac_secret: "..." }
 *     phone:  { type: apprise, via: api, api_url: http://apprise:8000, key: mediastack }
 *     local:  { type: apprise, via: cli, urls: ["tgram://bottoken/chatid"] }
 *   event_rules:
 *     mam_session_expiry: [mail, phone]
 *     mam_session_invalid: [mail, phone, hook]
 *     default: [hook]
 * ```
 */

export interface SmtpChannelConfig {
	type: 'smtp';
	host: string;
	port: number;
	/** Implicit TLS from the first byte (usually port 465). Default: port === 465. */
	secure?: boolean;
	/**
	 * On a plain connection: `required` refuses to send without STARTTLS, `opportunistic`
	 * upgrades when the server offers it, `never` stays plain. Default `opportunistic`.
	 */
	starttls?: SmtpStartTls;
	username?: string;
	password?: string;
	from: string;
	to: string[];
	/** Check the server's certificate (default true); turn off only for a self-signed LAN relay. */
	tls_verify?: boolean;
	/** Connection, greeting and socket timeout (default 15 s). */
	timeout_ms?: number;
}

export type SmtpStartTls = 'required' | 'opportunistic' | 'never';

export interface WebhookChannelConfig {
	type: 'webhook';
	/** The receiver; its path often is the credential and is never shown. */
	url: string;
	headers?: Record<string, string>;
	/** Signs each body: `X-Mediastack-Signature: sha256=<hex>` (HMAC-SHA256). At least 16 characters. */
	hmac_secret?: string;
	timeout_ms?: number;
}

/** Through an Apprise API server: stateless (`urls`) or a configuration stored under `key`. */
export interface AppriseApiChannelConfig {
	type: 'apprise';
	via: 'api';
	api_url: string;
	urls?: string[];
	key?: string;
	/** With `key`: only the stored URLs matching this tag expression. */
	tag?: string;
	headers?: Record<string, string>;
	format?: 'text' | 'markdown' | 'html';
	timeout_ms?: number;
}

/** Through the local `apprise` command (Debian's `apprise` package). */
export interface AppriseCliChannelConfig {
	type: 'apprise';
	via: 'cli';
	urls: string[];
	/** Path of the executable (default `apprise` from PATH). */
	binary?: string;
	format?: 'text' | 'markdown' | 'html';
	timeout_ms?: number;
}

export type AppriseChannelConfig = AppriseApiChannelConfig | AppriseCliChannelConfig;

export type ChannelConfig = SmtpChannelConfig | WebhookChannelConfig | AppriseChannelConfig;
export type ChannelType = ChannelConfig['type'];

/** Event type → channel names. `default` applies to event types without a rule; `[]` silences one. */
export type EventRules = Record<string, string[]>;

export interface NotifyConfig {
	channels: Record<string, ChannelConfig>;
	event_rules: EventRules;
}

/** The rule that applies to event types without one of their own. */
export const DEFAULT_RULE = 'default';

export const DEFAULT_NOTIFY_TIMEOUT_MS = 15_000;
