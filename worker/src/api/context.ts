import type { FastifyInstance } from 'fastify';
import type { MediastackConfig } from '../config';
import type { Logger } from '../log';
import type { MamService } from '../mam/service';
import type { EventLog } from '../state/events';
import type { StateStore } from '../state/store';

/** What every route module gets: the runner's shared objects, no globals. */
export interface RouteContext {
	config: MediastackConfig;
	state: StateStore;
	events: EventLog;
	/** The runner's health summary (Temporal, services, schedules). */
	health: () => Promise<Record<string, unknown>>;
	logger: Logger;
	/** MyAnonamouse sessions; absent when the API runs without a runner (tests). */
	mam?: MamService;
}

/** One file per area in routes/ exports one of these; routes/index.ts lists them. */
export type RouteModule = (app: FastifyInstance, context: RouteContext) => void | Promise<void>;

/** An error a route throws to answer with its status and code (see server.ts's error handler). */
abstract class RouteError extends Error {
	abstract readonly statusCode: number;
	abstract readonly code: string;
	constructor(message: string) {
		super(message);
		this.name = new.target.name;
	}
}

/** A client mistake in a request (bad query parameter): answered 400 with this message. */
export class BadRequestError extends RouteError {
	readonly statusCode = 400;
	readonly code = 'bad_request';
}

/** A named thing the request refers to does not exist (a MAM session label): answered 404. */
export class NotFoundRouteError extends RouteError {
	readonly statusCode = 404;
	readonly code = 'not_found';
}

/** A part of the runner the route needs is not running: answered 503. */
export class UnavailableError extends RouteError {
	readonly statusCode = 503;
	readonly code = 'unavailable';
}
