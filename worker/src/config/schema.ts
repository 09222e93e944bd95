import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { isParsedProxy, parseProxy } from '../../../clients/core/proxy';
import { MAM_SEEDBOX_BASE_URL, MAM_SITE_BASE_URL } from '../../../clients/myanonamouse/client';
import type { ChannelConfig, EventRules, NotifyConfig } from '../notify/types';
import { KNOWN_SERVICE_TYPES, ServiceConfig, definitionOf } from '../services/registry';
import { defaultDataDir } from '../paths';
import { SchemaContext, bool, existingFile, expandHome, httpUrl, integer, nonEmpty, port, secret, section, strict } from './fields';

export { SchemaContext, allowedKeysByInput, expandHome } from './fields';

/** The runner's configuration after defaults and validation; keys as written in the YAML. */
export interface MediastackConfig {
	/** Absolute path of the data directory (state, event log, API token). */
	data_dir: string;
	/** IANA zone the schedules and `local_time` use. */
	timezone: string;
	log_level: LogLevelName;
	temporal: TemporalConfig;
	api: ApiConfig;
	/** Key = the service's name (used by `--service NAME`). */
	services: Record<string, ServiceConfig>;
	schedules: SchedulesConfig;
	/** MyAnonamouse sessions; absent when the config has no `mam` section. */
	mam?: MamConfig;
	/** Notification channels and which events go where; absent when the config has no `notify` section. */
	notify?: NotifyConfig;
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface TemporalConfig {
	/** host:port of a Temporal frontend; '' starts the embedded dev server. */
	address: string;
	namespace: string;
	task_queue: string;
	/** Temporal Cloud API key. */
	api_key?: string;
	tls?: TemporalTlsConfig;
	embedded: EmbeddedTemporalConfig;
}

export interface TemporalTlsConfig {
	enabled: boolean;
	server_name?: string;
	/** Absolute paths (relative ones are resolved against the config file's folder). */
	ca_file?: string;
	cert_file?: string;
	key_file?: string;
}

export interface EmbeddedTemporalConfig {
	/** 0 = pick a free port. */
	port: number;
	/** 0 = pick a free port. */
	ui_port: number;
	/** Path of the `temporal` CLI binary; found automatically when unset. */
	binary?: string;
	ip: string;
}

export interface ApiConfig {
	enabled: boolean;
	host: string;
	/** 0 = pick a free port. */
	port: number;
	/** Bearer token; generated on first run when unset. */
	token?: string;
	rate_limit_per_minute: number;
}

/** One member per service type of the registry (worker/src/services/registry.ts). */
export type { ServiceConfig, ServiceType } from '../services/registry';
export { KNOWN_SERVICE_TYPES } from '../services/registry';

export interface ScheduleSetting {
	enabled: boolean;
	cron: string;
}

export interface SchedulesConfig {
	service_health: ScheduleSetting;
	/** Filled in (with its defaults) whenever `mam.sessions` is not empty. */
	mam_session_check?: ScheduleSetting;
}

export interface MamSessionProwlarrConfig {
	/** Name of a `services` entry of type prowlarr. */
	service: string;
	enabled: boolean;
}

export interface MamSessionConfig {
	/** Unique; names the session in the CLI, the API, events and messages. */
	label: string;
	/** The first cookie. After a rotation the encrypted state holds the newest one. */
	mam_id: string;
	/** When the session was created on MAM, as an ISO instant (UTC); undefined when not given. */
	created?: string;
	lifetime_days: number;
	notify_before_days: number;
	/** The MAM call that keeps the session alive: the dynamic seedbox call (needs a session allowed to set it) or the user stats. */
	keepalive: MamKeepaliveCall;
	prowlarr?: MamSessionProwlarrConfig;
	/** Every MAM call of the session goes through this proxy (the VPN exit the torrent client uses). */
	proxy?: MamProxyConfig;
}

/**
 * A proxy as validated: `url` is `protocol://host:port` only; credentials given inside the
 * URL were moved to `username` and `password`, so the password sits under a secret key.
 */
export interface MamProxyConfig {
	/** http://, https://, socks5:// (the name of MAM's host resolved here) or socks5h:// (resolved by the proxy). */
	url: string;
	username?: string;
	password?: string;
}

export type MamKeepaliveCall = 'dynamic_seedbox' | 'user_stats';

export interface MamConfig {
	sessions: MamSessionConfig[];
	/** Base URL of the dynamic seedbox endpoint (t.myanonamouse.net). */
	seedbox_url: string;
	/** Base URL of the site (www.myanonamouse.net). */
	site_url: string;
	timeout_ms: number;
}

export const LOG_LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

export const DEFAULTS = {
	log_level: 'info' as LogLevelName,
	temporal: { address: '', namespace: 'default', task_queue: 'mediastack', embedded: { port: 7233, ui_port: 8233, ip: '127.0.0.1' } },
	api: { enabled: true, host: '127.0.0.1', port: 8420, rate_limit_per_minute: 100 },
	schedules: { service_health: { enabled: true, cron: '*/15 * * * *' }, mam_session_check: { enabled: true, cron: '0 8 * * *' } },
	mam: { seedbox_url: MAM_SEEDBOX_BASE_URL, site_url: MAM_SITE_BASE_URL, timeout_ms: 30_000, lifetime_days: 90, notify_before_days: 7 },
	notify: { smtp_port: 587, smtps_port: 465 },
} as const;

/** Config keys whose values are credentials: they accept a `<key>_file` sibling and are never printed. */
export function isSecretConfigKey(key: string): boolean {
	return ['api_key', 'token', 'password', 'secret', 'cookie', 'mam_id', 'passphrase'].includes(key) || /_(token|password|secret|api_key)$/.test(key);
}

export function isValidTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** TZ when it names a real zone, else the system zone, else UTC. */
export function defaultTimeZone(env: NodeJS.ProcessEnv): string {
	const fromEnv = env.TZ?.replace(/^:/, '');
	if (fromEnv && isValidTimeZone(fromEnv)) return fromEnv;
	const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return system && isValidTimeZone(system) ? system : 'UTC';
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A light syntax check; Temporal parses the expression for real when the schedule is created. */
export function isPlausibleCron(expression: string): boolean {
	const trimmed = expression.trim();
	if (CRON_MACROS.includes(trimmed.toLowerCase())) return true;
	if (/^@every\s+\d+[smhd](\d+[smhd])*$/i.test(trimmed)) return true;
	const fields = trimmed.split(/\s+/);
	if (fields.length < 5 || fields.length > 6) return false;
	return fields.every((field) => /^[0-9A-Za-z*?/,\-#LW]+$/.test(field));
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

// ---- Sections ---------------------------------------------------------------------------

function serviceSchema() {
	const knownTypes = KNOWN_SERVICE_TYPES.join(', ');
	const schemas = KNOWN_SERVICE_TYPES.map((type) => definitionOf(type).configSchema());
	return z.discriminatedUnion('type', schemas as unknown as [z.ZodObject, ...z.ZodObject[]], {
		error: (issue) => {
			if (issue.code !== 'invalid_union') return undefined;
			const input = issue.input as Record<string, unknown> | undefined;
			const type = input && typeof input === 'object' ? input.type : undefined;
			if (type === undefined) return `is missing. Fix: add \`type: <one of ${knownTypes}>\` (the type may be left out only when the service is named after its type)`;
			return `"${String(type)}" is not a known service type. Fix: use one of: ${knownTypes}`;
		},
	});
}

function servicesSchema() {
	return z
		.preprocess(
			(value) => {
				if (value === null || value === undefined) return {};
				if (typeof value !== 'object' || Array.isArray(value)) return value;
				// `services: { prowlarr: {...} }` needs no `type:`: the name says it.
				const out: Record<string, unknown> = {};
				for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
					const isKnown = (KNOWN_SERVICE_TYPES as readonly string[]).includes(name);
					if (entry && typeof entry === 'object' && !Array.isArray(entry) && (entry as Record<string, unknown>).type === undefined && isKnown) {
						out[name] = { type: name, ...(entry as Record<string, unknown>) };
					} else {
						out[name] = entry;
					}
				}
				return out;
			},
			z.record(
				z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'is not a usable service name: use letters, digits, "-" and "_" only (it is used as `--service NAME`)' }),
				serviceSchema(),
			),
		);
}

function temporalSchema(ctx: SchemaContext) {
	const tls = z.preprocess(
		(value) => (typeof value === 'boolean' || typeof value === 'string' ? { enabled: value } : value === null ? {} : value),
		strict({
			enabled: bool().default(true),
			server_name: z.string().trim().min(1).optional(),
			ca_file: existingFile(ctx, 'the CA certificate (PEM)').optional(),
			cert_file: existingFile(ctx, 'the client certificate (PEM)').optional(),
			key_file: existingFile(ctx, 'the client private key (PEM)').optional(),
		}).refine((value) => (value.cert_file === undefined) === (value.key_file === undefined), {
			error: 'cert_file and key_file go together (mutual TLS needs both); set both or neither',
		}),
	);
	return section({
		address: z
			.string()
			.trim()
			.refine((value) => value === '' || HOST_PORT.test(value), { error: 'must be host:port (e.g. temporal:7233 or my-ns.tmprl.cloud:7233), or empty to start the embedded dev server' })
			.default(DEFAULTS.temporal.address),
		namespace: nonEmpty('the Temporal namespace, e.g. "default"').default(DEFAULTS.temporal.namespace),
		task_queue: nonEmpty('the task queue name, e.g. "mediastack"').default(DEFAULTS.temporal.task_queue),
		api_key: secret('the Temporal Cloud API key (or use api_key_file)').optional(),
		tls: tls.optional(),
		embedded: section({
			port: port().default(DEFAULTS.temporal.embedded.port),
			ui_port: port().default(DEFAULTS.temporal.embedded.ui_port),
			binary: existingFile(ctx, 'the `temporal` CLI binary').optional(),
			ip: nonEmpty('the address the dev server listens on, e.g. 127.0.0.1').default(DEFAULTS.temporal.embedded.ip),
		}),
	});
}

function apiSchema() {
	return section({
		enabled: bool().default(DEFAULTS.api.enabled),
		host: nonEmpty('the address to listen on, e.g. 127.0.0.1').default(DEFAULTS.api.host),
		port: port().default(DEFAULTS.api.port),
		token: z
			.string()
			.min(16, { error: 'is too short; use at least 16 random characters (e.g. from `openssl rand -hex 32`), or leave it out to have one generated' })
			.optional(),
		rate_limit_per_minute: integer(1, 1_000_000).default(DEFAULTS.api.rate_limit_per_minute),
	});
}

function cron(fallback: string) {
	return z
		.string()
		.refine(isPlausibleCron, { error: 'is not a cron expression; use five fields "minute hour day month weekday", e.g. "*/15 * * * *"' })
		.default(fallback);
}

function schedulesSchema() {
	return section({
		service_health: section({
			enabled: bool().default(DEFAULTS.schedules.service_health.enabled),
			cron: cron(DEFAULTS.schedules.service_health.cron),
		}),
		// Optional here; buildConfigSchema fills it in when MAM sessions are configured.
		mam_session_check: z
			.preprocess(
				(value) => (value === null ? {} : value),
				strict({
					enabled: bool().default(DEFAULTS.schedules.mam_session_check.enabled),
					cron: cron(DEFAULTS.schedules.mam_session_check.cron),
				}),
			)
			.optional(),
	});
}

// ---- MyAnonamouse -----------------------------------------------------------------------

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `2025-10-02`, `2025-10-02 19:45`, `2025-10-02T19:45:00`, optionally with `Z` or `+02:00`. */
const CREATED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A session's creation time as written in the config (or given to `mam set-id --created`):
 * without a UTC offset it is a wall-clock time in `timeZone`, and a date alone means its
 * midnight there. Returns undefined for text that is not such a time.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | undefined {
	const match = CREATED.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', offset] = match;
	const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)] as const;
	const asUtc = Date.UTC(...fields);
	const check = new Date(asUtc);
	// Date.UTC rolls 2025-02-30 over into March: that is a typo, not a date.
	if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return undefined;
	if (offset !== undefined) {
		if (offset.toUpperCase() === 'Z') return check;
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
		return new Date(asUtc - sign * minutes * 60_000);
	}
	// The zone's offset at that moment; a second pass settles times near a DST change.
	let guess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
	guess = asUtc - zoneOffsetMs(new Date(guess), timeZone);
	return new Date(guess);
}

/** How far the zone's wall clock is ahead of UTC at that instant. */
export function zoneOffsetMs(date: Date, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
		hourCycle: 'h23',
	}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((item) => item.type === type)?.value ?? 0);
	const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * `proxy: socks5://vpn:1080` or `proxy: { url, username, password | password_file }`. Messages
 * never quote the URL: it may hold a password.
 */
function proxySchema() {
	return z.preprocess(
		(value) => (typeof value === 'string' ? { url: value } : value),
		strict({
			url: z.string({ error: (issue) => (issue.input === undefined ? 'is required: the proxy, e.g. socks5://vpn:1080 or http://vpn:8888' : undefined) }).trim().min(1, { error: 'must not be empty; give the proxy, e.g. socks5://vpn:1080' }),
			username: z.string().min(1, { error: 'must not be empty; leave it out when the proxy needs no login' }).optional(),
			password: secret('the proxy password (or point password_file at a file holding it)').optional(),
		}).transform((value, ctx): MamProxyConfig => {
			const parsed = parseProxy(value);
			if (!isParsedProxy(parsed)) {
				ctx.addIssue({ code: 'custom', path: ['url'], message: parsed.problem });
				return z.NEVER;
			}
			const out: MamProxyConfig = { url: parsed.address };
			if (parsed.username !== undefined) out.username = parsed.username;
			if (parsed.password !== undefined) out.password = parsed.password;
			return out;
		}),
	);
}

function mamSessionSchema() {
	const prowlarr = z.preprocess(
		// `prowlarr: main` is short for `prowlarr: { service: main }`.
		(value) => (typeof value === 'string' ? { service: value } : value),
		strict({
			service: nonEmpty('the name of a Prowlarr entry under `services`, e.g. prowlarr'),
			enabled: bool().default(true),
		}),
	);
	return strict({
		label: z
			.string({ error: (issue) => (issue.input === undefined ? 'is required: a short name for the session, e.g. DirectSession' : undefined) })
			.trim()
			.regex(LABEL, { error: 'must be 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit (it is used in commands and URLs)' }),
		mam_id: secret('copy the mam_id of the session from MyAnonamouse → Preferences → Security (or point mam_id_file at a file holding it)').refine(
			(value) => !/[\s;,]/.test(value),
			{ error: 'must be the bare mam_id value, without spaces, commas or semicolons (not the whole Cookie header)' },
		),
		created: z
			.preprocess((value) => (value instanceof Date ? value.toISOString() : value), z.string().trim())
			// Whether it is a real date does not depend on the zone; buildConfigSchema reads it in `timezone`.
			.refine((value) => parseLocalDateTime(value, 'UTC') !== undefined, {
				error: 'must be an ISO date or date and time, e.g. 2025-10-02 or 2025-10-02T19:45 (read in `timezone` unless it ends in Z or an offset like +02:00)',
			})
			.optional(),
		lifetime_days: integer(1, 3650).default(DEFAULTS.mam.lifetime_days),
		notify_before_days: integer(0, 3650).default(DEFAULTS.mam.notify_before_days),
		keepalive: z.enum(['dynamic_seedbox', 'user_stats']).default('dynamic_seedbox'),
		prowlarr: prowlarr.optional(),
		proxy: proxySchema().optional(),
	});
}

function mamSchema() {
	return z.preprocess(
		(value) => (value === null ? {} : value),
		strict({
			sessions: z.preprocess((value) => (value === null || value === undefined ? [] : value), z.array(mamSessionSchema())),
			seedbox_url: httpUrl('the MyAnonamouse dynamic seedbox endpoint', MAM_SEEDBOX_BASE_URL).default(DEFAULTS.mam.seedbox_url),
			site_url: httpUrl('the MyAnonamouse site', MAM_SITE_BASE_URL).default(DEFAULTS.mam.site_url),
			timeout_ms: integer(100, 600_000).default(DEFAULTS.mam.timeout_ms),
		}),
	);
}

// ---- Notifications ----------------------------------------------------------------------

const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const stringList = (what: string) =>
	z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(nonEmpty(what)).min(1, { error: `needs at least one entry: ${what}` }));

const headerMap = () => z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_\`|~-]+$/, { error: 'is not a valid HTTP header name' }), z.string());

const timeoutMs = () => integer(100, 600_000).optional();

function smtpChannelSchema() {
	return strict({
		type: z.literal('smtp'),
		host: nonEmpty('the SMTP server, e.g. smtp.example.org'),
		port: port().optional(),
		secure: bool().optional(),
		starttls: z.enum(['required', 'opportunistic', 'never']).optional(),
		username: z.string().min(1).optional(),
		password: secret('the SMTP password (or password_file)').optional(),
		from: nonEmpty('the sender address, e.g. mediastack@example.org'),
		to: stringList('recipient addresses, e.g. [me@example.org]'),
		tls_verify: bool().optional(),
		timeout_ms: timeoutMs(),
	}).superRefine((value, ctx) => {
		if ((value.username === undefined) !== (value.password === undefined)) {
			ctx.addIssue({ code: 'custom', path: [value.username === undefined ? 'username' : 'password'], message: 'username and password go together; set both or neither' });
		}
	});
}

function webhookChannelSchema() {
	return strict({
		type: z.literal('webhook'),
		url: httpUrl('the webhook receiver', 'https://n8n.example.org/webhook/mediastack'),
		headers: headerMap().optional(),
		hmac_secret: z
			.string()
			.min(16, { error: 'is too short; use at least 16 random characters (e.g. from `openssl rand -hex 32`)' })
			.optional(),
		timeout_ms: timeoutMs(),
	});
}

function appriseChannelSchemas() {
	const format = z.enum(['text', 'markdown', 'html']).optional();
	const api = strict({
		type: z.literal('apprise'),
		via: z.literal('api'),
		api_url: httpUrl('the Apprise API server', 'http://apprise:8000'),
		urls: stringList('Apprise URLs, e.g. [tgram://bottoken/chatid]').optional(),
		key: nonEmpty('the key of a configuration stored in the Apprise API server').optional(),
		tag: nonEmpty('an Apprise tag expression').optional(),
		headers: headerMap().optional(),
		format,
		timeout_ms: timeoutMs(),
	}).superRefine((value, ctx) => {
		if (value.urls === undefined && value.key === undefined) {
			ctx.addIssue({ code: 'custom', path: ['urls'], message: 'is required unless `key` names a configuration stored in the Apprise API server; give one of them' });
		}
		if (value.urls !== undefined && value.key !== undefined) {
			ctx.addIssue({ code: 'custom', path: ['key'], message: 'and `urls` exclude each other: stateless calls carry the URLs, keyed calls use the stored ones' });
		}
	});
	const cli = strict({
		type: z.literal('apprise'),
		via: z.literal('cli'),
		urls: stringList('Apprise URLs, e.g. [tgram://bottoken/chatid]'),
		binary: nonEmpty('the path of the apprise command').optional(),
		format,
		timeout_ms: timeoutMs(),
	});
	return [api, cli] as const;
}

function notifySchema() {
	const [appriseApi, appriseCli] = appriseChannelSchemas();
	const types = 'smtp, webhook, apprise';
	const apprise = z.discriminatedUnion('via', [appriseApi, appriseCli], {
		error: (issue) => (issue.code === 'invalid_union' ? 'is not a way to reach Apprise. Fix: use via: api (with api_url) or via: cli (with urls)' : undefined),
	});
	const channel = z.discriminatedUnion('type', [smtpChannelSchema(), webhookChannelSchema(), apprise], {
		error: (issue) => {
			if (issue.code !== 'invalid_union') return undefined;
			const input = issue.input as Record<string, unknown> | undefined;
			const type = input && typeof input === 'object' ? input.type : undefined;
			if (type === undefined) return `is missing. Fix: add \`type: <one of ${types}>\``;
			if (type === 'apprise') return `"${String(input?.via)}" is not a way to reach Apprise. Fix: use via: api (with api_url) or via: cli`;
			return `"${String(type)}" is not a notification channel type. Fix: use one of: ${types}`;
		},
	});
	const channels = z.preprocess(
		(value) => {
			if (value === null || value === undefined) return {};
			if (typeof value !== 'object' || Array.isArray(value)) return value;
			// Apprise: the API server when api_url is given, else the local CLI.
			const out: Record<string, unknown> = {};
			for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
				const record = entry as Record<string, unknown> | null;
				out[name] = record && typeof record === 'object' && record.type === 'apprise' && record.via === undefined ? { ...record, via: record.api_url === undefined ? 'cli' : 'api' } : entry;
			}
			return out;
		},
		z.record(z.string().regex(CHANNEL_NAME, { error: 'is not a usable channel name: use letters, digits, "-" and "_" only' }), channel),
	);
	const eventRules = z.preprocess(
		(value) => (value === null || value === undefined ? {} : value),
		z.record(
			z.string().regex(/^[a-z0-9_]+$/, { error: 'is not an event type: use snake_case, e.g. mam_session_expiry, or `default`' }),
			z.preprocess((value) => (value === null ? [] : typeof value === 'string' ? [value] : value), z.array(z.string())),
		),
	);
	return z.preprocess(
		(value) => (value === null ? {} : value),
		strict({ channels, event_rules: eventRules }).superRefine((value, ctx) => {
			const names = Object.keys(value.channels);
			for (const [event, rule] of Object.entries(value.event_rules)) {
				rule.forEach((channelName, index) => {
					if (!Object.hasOwn(value.channels, channelName)) {
						ctx.addIssue({
							code: 'custom',
							path: ['event_rules', event, index],
							message: `names the channel "${channelName}", which is not under notify.channels (channels: ${names.join(', ') || 'none'})`,
						});
					}
				});
			}
		}),
	);
}

/** Built per load: some defaults come from the environment and paths resolve against the file. */
export function buildConfigSchema(ctx: SchemaContext): z.ZodType<MediastackConfig, unknown> {
	return z.preprocess(
		(value) => (value === null || value === undefined ? {} : value),
		strict({
			data_dir: z
				.string()
				.trim()
				.min(1)
				.transform((value) => expandHome(value, ctx.env))
				.refine((value) => isAbsolute(value), { error: 'must be an absolute path, e.g. /var/lib/mediastack or ~/.local/share/mediastack' })
				.default(defaultDataDir(ctx.env)),
			timezone: z
				.string()
				.trim()
				.refine(isValidTimeZone, { error: 'is not an IANA time zone. Fix: use a name like Europe/Berlin, America/New_York or UTC' })
				.default(defaultTimeZone(ctx.env)),
			log_level: z.enum(LOG_LEVELS as [LogLevelName, ...LogLevelName[]]).default(DEFAULTS.log_level),
			temporal: temporalSchema(ctx),
			api: apiSchema(),
			services: servicesSchema() as unknown as z.ZodType<Record<string, ServiceConfig>, unknown>,
			schedules: schedulesSchema(),
			mam: mamSchema().optional(),
			notify: notifySchema().optional(),
		})
			.superRefine((config, ctx) => checkMamSessions(config, ctx))
			.transform((config) => finishConfig(config)),
	);
}

type ParsedConfig = Omit<MediastackConfig, 'mam' | 'notify'> & { mam?: MamConfig; notify?: { channels: Record<string, unknown>; event_rules: EventRules } };

/** Checks that need more than one section: labels, and the Prowlarr each session feeds. */
function checkMamSessions(config: ParsedConfig, ctx: z.RefinementCtx): void {
	const sessions = config.mam?.sessions ?? [];
	const seenLabels = new Map<string, number>();
	const fedBy = new Map<string, string>();
	sessions.forEach((session, index) => {
		const at = (...rest: Array<string | number>) => ['mam', 'sessions', index, ...rest];
		const previous = seenLabels.get(session.label.toLowerCase());
		if (previous !== undefined) {
			ctx.addIssue({ code: 'custom', path: at('label'), message: `"${session.label}" is already the label of mam.sessions[${previous}]; labels must be unique` });
		} else {
			seenLabels.set(session.label.toLowerCase(), index);
		}
		const prowlarr = session.prowlarr;
		if (!prowlarr) return;
		const service = config.services[prowlarr.service];
		const known = Object.entries(config.services)
			.filter(([, entry]) => entry.type === 'prowlarr')
			.map(([name]) => name);
		if (!service) {
			ctx.addIssue({
				code: 'custom',
				path: at('prowlarr', 'service'),
				message: `names services.${prowlarr.service}, which is not configured. Fix: ${known.length ? `use one of: ${known.join(', ')}` : `add services.${prowlarr.service} with type: prowlarr, url and api_key`}`,
			});
			return;
		}
		if (service.type !== 'prowlarr') {
			ctx.addIssue({ code: 'custom', path: at('prowlarr', 'service'), message: `names services.${prowlarr.service}, a ${service.type} service; it must be a Prowlarr` });
			return;
		}
		if (!prowlarr.enabled) return;
		const other = fedBy.get(prowlarr.service);
		if (other !== undefined) {
			ctx.addIssue({
				code: 'custom',
				path: at('prowlarr', 'service'),
				message: `services.${prowlarr.service} is already fed by session "${other}": Prowlarr has one MyAnonamouse indexer, and two sessions would overwrite each other's cookie. Fix: set enabled: false on one of them`,
			});
		} else {
			fedBy.set(prowlarr.service, session.label);
		}
	});
}

/** Normalises what validation accepted: created times to UTC instants, the MAM schedule when MAM is used. */
function finishConfig(config: ParsedConfig): MediastackConfig {
	const out = { ...config } as MediastackConfig;
	if (config.mam) {
		out.mam = {
			...config.mam,
			sessions: config.mam.sessions.map((session) => {
				if (session.created === undefined) return session;
				return { ...session, created: parseLocalDateTime(session.created, config.timezone)?.toISOString() };
			}),
		};
		if (config.mam.sessions.length > 0 && !config.schedules.mam_session_check) {
			out.schedules = { ...config.schedules, mam_session_check: { ...DEFAULTS.schedules.mam_session_check } };
		}
	}
	if (config.notify) {
		const channels: Record<string, ChannelConfig> = {};
		for (const [name, channel] of Object.entries(config.notify.channels as Record<string, ChannelConfig>)) {
			// SMTP without a port: implicit TLS uses 465, everything else submission on 587.
			channels[name] = channel.type === 'smtp' && channel.port === undefined ? { ...channel, port: channel.secure ? DEFAULTS.notify.smtps_port : DEFAULTS.notify.smtp_port } : channel;
		}
		out.notify = { channels, event_rules: config.notify.event_rules };
	}
	return out;
}
