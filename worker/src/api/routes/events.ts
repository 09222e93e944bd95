import { BadRequestError, RouteModule } from '../context';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** GET /api/events?subject=&type=&limit=&since=: newest first. `type` may repeat or be comma-separated. */
export const eventRoutes: RouteModule = (app, context) => {
	app.get('/api/events', async (request) => {
		const query = request.query as Record<string, string | string[] | undefined>;
		const subject = single(query.subject, 'subject');
		const types = [query.type ?? []]
			.flat()
			.flatMap((value) => value.split(','))
			.map((value) => value.trim())
			.filter(Boolean);
		const limitText = single(query.limit, 'limit');
		const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
		if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestError(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
		}
		const sinceText = single(query.since, 'since');
		const since = sinceText === undefined ? undefined : new Date(sinceText);
		if (since && Number.isNaN(since.getTime())) throw new BadRequestError('since must be an ISO 8601 time, e.g. 2024-05-01T00:00:00Z.');
		const events = await context.events.query({ subject, type: types.length ? types : undefined, since, limit });
		return { events };
	});
};

function single(value: string | string[] | undefined, name: string): string | undefined {
	if (Array.isArray(value)) {
		if (value.length > 1) throw new BadRequestError(`${name} may be given only once.`);
		return value[0];
	}
	return value === '' ? undefined : value;
}
