import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import Fastify, { FastifyBaseLogger, FastifyError, FastifyInstance, LogController } from 'fastify';
import { isMediastackError } from '../../../clients/core/errors';
import type { MediastackConfig } from '../config';
import type { Logger } from '../log';
import type { MamService } from '../mam/service';
import { dataFiles } from '../paths';
import { ListenSettings, apiListenSettings, listenFailure } from '../ports';
import type { EventLog } from '../state/events';
import { writeFileAtomic } from '../state/files';
import { registerSecret, scrubText } from '../state/scrub';
import type { StateStore } from '../state/store';
import { RouteContext, RouteModule } from './context';
import { routeModules } from './routes';

export interface ApiServerOptions {
	config: MediastackConfig;
	state: StateStore;
	events: EventLog;
	health: () => Promise<Record<string, unknown>>;
	logger: Logger;
	/** Extra areas besides routes/ (e.g. registered by the runner). */
	routes?: RouteModule[];
	mam?: MamService;
	/** How a listen error names api.host and api.port (they may come from --api-port or MEDIASTACK_API_PORT). */
	listenSettings?: ListenSettings;
}

export interface ApiServer {
	/** Where it listens, e.g. http://127.0.0.1:8420. */
	url: string;
	/** The bearer token every request needs. */
	token: string;
	close(): Promise<void>;
}

/** Where the generated token is kept in the state store. */
export const API_TOKEN_STATE_KEY = 'api.token';

/** The contents of <data_dir>/api.json: how `mediastack status` finds a running runner. No secrets. */
export interface ApiInfo {
	url: string;
	pid: number;
	started_at: string;
}

/**
 * The runner's HTTP API: loopback by default, a bearer token on every route, a per-IP rate
 * limit, JSON errors without secrets. Routes live in routes/, one file per area.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
	const { config, state, logger } = options;
	const token = await resolveToken(config, state);
	registerSecret(token);
	const files = dataFiles(config.data_dir);
	await writeFileAtomic(files.apiToken, `${token}\n`);

	const app = Fastify({
		loggerInstance: logger.child({ component: 'api' }) as FastifyBaseLogger,
		// Fastify's own per-request lines would repeat ours (below) without the secret scrubbing.
		logController: new LogController({ disableRequestLogging: true }),
		bodyLimit: 1024 * 1024,
		trustProxy: false,
	});

	// Its onRequest hook runs before the token check below, so requests with wrong tokens count too.
	await app.register(rateLimit, {
		global: true,
		max: config.api.rate_limit_per_minute,
		timeWindow: 60_000,
		errorResponseBuilder: (_request, context) => ({
			statusCode: 429,
			error: 'rate_limited',
			message: `Too many requests: the limit is ${context.max} per minute. Try again in ${context.after}.`,
		}),
	});

	const expectedDigest = digest(token);
	// preValidation, not onRequest: the rate limiter's route-level onRequest hook must run first.
	app.addHook('preValidation', async (request, reply) => {
		const presented = bearerToken(request.headers.authorization);
		if (presented === undefined || !timingSafeEqual(digest(presented), expectedDigest)) {
			reply.header('www-authenticate', 'Bearer realm="mediastack"');
			return reply.code(401).send({
				error: 'unauthorized',
				message: `${presented === undefined ? 'Missing bearer token' : 'Wrong bearer token'}. Fix: send "Authorization: Bearer <token>"; the token is in ${files.apiToken} (or api.token in the config).`,
			});
		}
		return undefined;
	});

	app.addHook('onResponse', async (request, reply) => {
		logger.debug({ component: 'api', method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'api request');
	});

	app.setNotFoundHandler((request, reply) => {
		void reply.code(404).send({ error: 'not_found', message: `There is no ${request.method} ${request.url.split('?')[0]}.` });
	});

	app.setErrorHandler((error: FastifyError, request, reply) => {
		const answer = errorAnswer(error);
		if (answer.status >= 500) request.log.error({ err: error }, 'api request failed');
		void reply.code(answer.status).send({ error: answer.error, message: scrubText(answer.message) });
	});

	const context: RouteContext = { config, state, events: options.events, health: options.health, logger, mam: options.mam };
	for (const register of [...routeModules, ...(options.routes ?? [])]) await register(app, context);

	try {
		await app.listen({ host: config.api.host, port: config.api.port });
	} catch (error) {
		await app.close();
		throw listenFailure('The API', config.api.host, config.api.port, error as NodeJS.ErrnoException, options.listenSettings ?? apiListenSettings());
	}
	const url = serverUrl(app);
	const info: ApiInfo = { url, pid: process.pid, started_at: new Date().toISOString() };
	await writeFileAtomic(files.apiInfo, `${JSON.stringify(info, null, '\t')}\n`);
	logger.info({ component: 'api', url }, 'API listening');

	return {
		url,
		token,
		async close() {
			await app.close();
			await removeOwnApiInfo(files.apiInfo);
		},
	};
}

async function resolveToken(config: MediastackConfig, state: StateStore): Promise<string> {
	if (config.api.token) return config.api.token;
	const stored = state.getSecret(API_TOKEN_STATE_KEY);
	if (stored) return stored;
	const generated = randomBytes(32).toString('base64url');
	await state.setSecret(API_TOKEN_STATE_KEY, generated);
	return generated;
}

function bearerToken(header: string | undefined): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

/** Comparing fixed-length digests keeps the comparison constant-time whatever was sent. */
function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}

function errorAnswer(error: FastifyError): { status: number; error: string; message: string } {
	if (isMediastackError(error)) {
		// An upstream service failed while answering our caller: a gateway problem, not ours.
		const status = error.kind === 'config' ? 500 : error.kind === 'timeout' ? 504 : 502;
		return { status, error: error.kind, message: error.message };
	}
	const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
	if (status === 429) return { status, error: 'rate_limited', message: error.message };
	if (status === 503 && error.code === 'unavailable') return { status, error: 'unavailable', message: error.message };
	if (status >= 500) return { status, error: 'internal', message: 'Internal error; the runner log has the details.' };
	const code = typeof error.code === 'string' && error.code ? error.code.toLowerCase().replace(/^fst_err_/, '') : 'bad_request';
	return { status, error: code, message: error.message };
}

function serverUrl(app: FastifyInstance): string {
	const address = app.server.address() as AddressInfo;
	let host = address.address;
	// A wildcard bind is reachable on loopback; that is the address local clients should use.
	if (host === '0.0.0.0') host = '127.0.0.1';
	if (host === '::') host = '::1';
	return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

async function removeOwnApiInfo(file: string): Promise<void> {
	try {
		const info = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<ApiInfo>;
		if (info.pid === process.pid) await fs.rm(file, { force: true });
	} catch {
		// Already gone or replaced: nothing to clean up.
	}
}

/** Reads <data_dir>/api.json, or undefined when no runner wrote one. */
export async function readApiInfo(dataDir: string): Promise<ApiInfo | undefined> {
	try {
		const parsed = JSON.parse(await fs.readFile(dataFiles(dataDir).apiInfo, 'utf8')) as Partial<ApiInfo>;
		return typeof parsed.url === 'string' ? (parsed as ApiInfo) : undefined;
	} catch {
		return undefined;
	}
}
