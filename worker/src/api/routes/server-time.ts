import type { RouteModule } from '../context';

/** GET /api/server_time: lets a caller check the clock and zone schedules run in. */
export const serverTimeRoutes: RouteModule = (app, context) => {
	app.get('/api/server_time', async () => {
		const now = new Date();
		return {
			server_time: now.toISOString(),
			timezone: context.config.timezone,
			local_time: localIsoTime(now, context.config.timezone),
		};
	});
};

/** `2024-05-01T14:03:07+02:00`: the wall-clock time in the zone, with its UTC offset. */
export function localIsoTime(date: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
		timeZoneName: 'longOffset',
	}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
	// longOffset reads "GMT+02:00", or just "GMT" for a zero offset.
	const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00';
	return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}
