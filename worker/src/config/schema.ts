import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultDataDir, homeDir } from '../paths';

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

export interface ProwlarrServiceConfig {
	type: 'prowlarr';
	url: string;
	api_key: string;
	timeout_ms: number;
}

/** One member per supported service type; later services join the union. */
export type ServiceConfig = ProwlarrServiceConfig;
export type ServiceType = ServiceConfig['type'];

export const KNOWN_SERVICE_TYPES: readonly ServiceType[] = ['prowlarr'];

export interface SchedulesConfig {
	service_health: { enabled: boolean; cron: string };
}

export const LOG_LEVELS: readonly LogLevelName[] = ['debug', 'info', 'warn', 'error'];

export const DEFAULTS = {
	log_level: 'info' as LogLevelName,
	temporal: { address: '', namespace: 'default', task_queue: 'mediastack', embedded: { port: 7233, ui_port: 8233, ip: '127.0.0.1' } },
	api: { enabled: true, host: '127.0.0.1', port: 8420, rate_limit_per_minute: 100 },
	prowlarr: { timeout_ms: 15_000 },
	schedules: { service_health: { enabled: true, cron: '*/15 * * * *' } },
} as const;

/** Config keys whose values are credentials: they accept a `<key>_file` sibling and are never printed. */
export function isSecretConfigKey(key: string): boolean {
	return ['api_key', 'token', 'password', 'secret', 'cookie', 'mam_id', 'passphrase'].includes(key) || /_(token|password|secret|api_key)$/.test(key);
}

export interface SchemaContext {
	env: NodeJS.ProcessEnv;
	/** Folder that relative file paths in the config are resolved against. */
	baseDir: string;
}

// ---- Reusable field schemas -------------------------------------------------------------

/** Allowed keys per object input, so unknown keys can be answered with "did you mean". */
export const allowedKeysByInput = new WeakMap<object, string[]>();

function strict<Shape extends z.ZodRawShape>(shape: Shape) {
	const keys = Object.keys(shape);
	return z.strictObject(shape, {
		error: (issue) => {
			if (issue.code === 'unrecognized_keys' && issue.input && typeof issue.input === 'object') {
				allowedKeysByInput.set(issue.input as object, keys);
			}
			return undefined;
		},
	});
}

/** A section may be absent or written as an empty key (`api:` → null in YAML). */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
	return z.preprocess((value) => (value === null ? undefined : value), strict(shape).prefault({} as never));
}

function numberFrom(value: unknown): unknown {
	// Environment substitution yields strings; accept "8420" where a number belongs.
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value;
}

function booleanFrom(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const lowered = value.trim().toLowerCase();
	if (['true', 'yes', 'on', '1'].includes(lowered)) return true;
	if (['false', 'no', 'off', '0'].includes(lowered)) return false;
	return value;
}

const bool = () => z.preprocess(booleanFrom, z.boolean());

const integer = (min: number, max: number) => z.preprocess(numberFrom, z.number().int().min(min).max(max));

const port = () => integer(0, 65_535);

const nonEmpty = (what: string) => z.string().trim().min(1, { error: `must not be empty; ${what}` });

function httpUrl(serviceName: string, example: string) {
	return z
		.string({ error: (issue) => (issue.input === undefined ? `is required: the address of ${serviceName}, e.g. ${example}` : undefined) })
		.trim()
		.refine(
			(value) => {
				try {
					const parsed = new URL(value);
					return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
				} catch {
					return false;
				}
			},
			{ error: `must be an http:// or https:// URL including host and port, e.g. ${example}` },
		);
}

function secret(required: string) {
	return z.string({ error: (issue) => (issue.input === undefined ? `is required. Fix: ${required}` : undefined) }).min(1, { error: `must not be empty. Fix: ${required}` });
}

function existingFile(ctx: SchemaContext, what: string) {
	return z
		.string()
		.trim()
		.min(1)
		.transform((value) => resolve(ctx.baseDir, expandHome(value, ctx.env)))
		.refine((file) => existsSync(file), { error: `file not found; give the path of ${what}` });
}

export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
	if (path === '~') return homeDir(env);
	if (path.startsWith('~/')) return join(homeDir(env), path.slice(2));
	return path;
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

function prowlarrSchema() {
	return strict({
		type: z.literal('prowlarr'),
		url: httpUrl('Prowlarr', 'http://prowlarr:9696'),
		api_key: secret('copy the API key from Prowlarr → Settings → General → Security (or point api_key_file at a file holding it)'),
		timeout_ms: integer(100, 600_000).default(DEFAULTS.prowlarr.timeout_ms),
	});
}

function serviceSchema() {
	const knownTypes = KNOWN_SERVICE_TYPES.join(', ');
	return z.discriminatedUnion('type', [prowlarrSchema()], {
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

function schedulesSchema() {
	return section({
		service_health: section({
			enabled: bool().default(DEFAULTS.schedules.service_health.enabled),
			cron: z
				.string()
				.refine(isPlausibleCron, { error: 'is not a cron expression; use five fields "minute hour day month weekday", e.g. "*/15 * * * *"' })
				.default(DEFAULTS.schedules.service_health.cron),
		}),
	});
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
			services: servicesSchema(),
			schedules: schedulesSchema(),
		}),
	);
}
