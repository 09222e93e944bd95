import pino, { DestinationStream, Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { isSecretKeyName, scrubText, scrubValue } from './state/scrub';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type { Logger };

/**
 * Fixed redaction paths cost nothing per line; the `log` formatter below additionally masks
 * secret-named keys at any depth and every registered secret value, for objects whose shape
 * we do not know in advance (upstream error details, activity inputs).
 */
const SECRET_KEYS = ['api_key', 'apiKey', 'password', 'token', 'secret', 'cookie', 'mam_id', 'mamId', 'authorization'];
export const REDACT_PATHS = [
	...SECRET_KEYS,
	...SECRET_KEYS.map((key) => `*.${key}`),
	...SECRET_KEYS.map((key) => `*.*.${key}`),
	'headers.authorization',
	'headers.cookie',
	'headers["x-api-key"]',
	'headers["set-cookie"]',
	'req.headers.authorization',
	'req.headers.cookie',
	'req.headers["x-api-key"]',
	'config.headers',
	'err.config',
	'err.request',
	'err.response',
];

export interface LoggerOptions {
	/** Defaults to stderr, so a command's own output on stdout stays clean. */
	destination?: DestinationStream;
	name?: string;
	/** Readable lines (pino-pretty) on stderr instead of JSON; ignored with `destination`. */
	pretty?: boolean;
}

export type LogFormat = 'json' | 'pretty';
export const LOG_FORMAT_ENV = 'MEDIASTACK_LOG_FORMAT';

/**
 * Readable lines for a person at a terminal, JSON for everything else (journald, Docker, a
 * file, a pipe into pino-pretty or jq): pretty only when stderr is a TTY, unless
 * MEDIASTACK_LOG_FORMAT says `json` or `pretty`.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, stderrIsTty = Boolean(process.stderr.isTTY)): LogFormat {
	const chosen = env[LOG_FORMAT_ENV]?.trim().toLowerCase();
	if (chosen === 'json' || chosen === 'pretty') return chosen;
	if (chosen) throw new Error(`${LOG_FORMAT_ENV} is "${env[LOG_FORMAT_ENV]}". Fix: set it to json or pretty, or unset it (pretty on a terminal, JSON otherwise).`);
	return stderrIsTty ? 'pretty' : 'json';
}

/** Colours when stderr (not stdout, which pino-pretty would ask) is a terminal; NO_COLOR and FORCE_COLOR as usual. */
function colorsOnStderr(env: NodeJS.ProcessEnv = process.env): boolean {
	if ('NO_COLOR' in env) return false;
	if ('FORCE_COLOR' in env) return env.FORCE_COLOR !== '0';
	return Boolean(process.stderr.isTTY) && env.TERM !== 'dumb';
}

function prettyStderr(): DestinationStream {
	return pinoPretty({
		destination: 2,
		colorize: colorsOnStderr(),
		// Synchronous, like pino.destination(2): the last lines before an exit are not lost.
		sync: true,
		translateTime: 'SYS:HH:MM:ss.l',
		ignore: 'pid,hostname,name,component',
		messageFormat: '{if component}{component}: {end}{msg}',
		singleLine: true,
	});
}

export function createLogger(level: LogLevel = 'info', options: LoggerOptions = {}): Logger {
	return pino(
		{
			name: options.name ?? 'mediastack',
			level,
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			// The log formatter below already turned errors into safe summaries; pino's own error
			// serializer would copy every enumerable field (an HTTP library's request config included).
			serializers: { err: keepSummary, error: keepSummary },
			formatters: {
				log(object) {
					const out: Record<string, unknown> = {};
					for (const [key, value] of Object.entries(object)) {
						if (key === 'err' || key === 'error') out[key] = value instanceof Error ? scrubError(value) : scrubValue(value);
						else out[key] = isSecretKeyName(key) ? '[redacted]' : scrubValue(value);
					}
					return out;
				},
			},
			hooks: {
				logMethod(args, method) {
					// Message strings may quote an upstream error that echoed a key.
					const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args;
					return method.apply(this, scrubbed);
				},
			},
		},
		options.destination ?? (options.pretty ? prettyStderr() : pino.destination(2)),
	);
}

function keepSummary(value: unknown): unknown {
	return value instanceof Error ? scrubError(value) : value;
}

/** Keeps what helps debugging (type, message, stack, our own context) and drops HTTP library internals. */
function scrubError(error: Error): Record<string, unknown> {
	const summary = scrubValue(error) as Record<string, unknown>;
	return { type: error.name, ...summary, stack: error.stack ? scrubText(error.stack) : undefined };
}

/** A logger that drops everything, for tests and library use without a runner. */
export function silentLogger(): Logger {
	return pino({ level: 'silent' });
}
