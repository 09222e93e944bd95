import { parseLocalDateTime } from '../../config/schema';
import type { MamService } from '../../mam/service';
import { BadRequestError, NotFoundRouteError, RouteContext, UnavailableError } from '../context';

/** Small readers for JSON request bodies: each names the field and what it should be. */

export function bodyOf(body: unknown): Record<string, unknown> {
	if (body === undefined || body === null || body === '') return {};
	if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The request body must be a JSON object.');
	return body as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') throw new BadRequestError(`${field} must be a string.`);
	return value.trim() || undefined;
}

export function requiredString(body: Record<string, unknown>, field: string, what: string): string {
	const value = optionalString(body, field);
	if (value === undefined) throw new BadRequestError(`${field} is required: ${what}.`);
	return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean {
	const value = body[field];
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1) return true;
	if (value === 'false' || value === 0) return false;
	throw new BadRequestError(`${field} must be true or false.`);
}

export function requireMam(context: RouteContext): MamService {
	if (!context.mam) throw new UnavailableError('MyAnonamouse support is not running in this API (it runs inside `mediastack start`).');
	return context.mam;
}

/** A configured session's label, or 404 naming the configured ones. */
export function sessionLabel(mam: MamService, label: string): string {
	if (!mam.hasSession(label)) {
		const known = mam.engine.sessions.map((session) => session.label);
		throw new NotFoundRouteError(`There is no MAM session labelled "${label}" (configured: ${known.join(', ') || 'none'}).`);
	}
	return label;
}

/** `now` (server time) or an ISO date/time, read in the configured time zone when it has no offset. */
export function parseCreated(value: string | undefined, timeZone: string): Date | undefined {
	if (value === undefined) return undefined;
	if (value.toLowerCase() === 'now') return new Date();
	const parsed = parseLocalDateTime(value, timeZone);
	if (!parsed) throw new BadRequestError(`created must be "now" or an ISO date or date and time such as 2025-10-02T19:45 (read in ${timeZone} unless it ends in Z or an offset).`);
	return parsed;
}
