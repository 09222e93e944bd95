import type { RouteModule } from '../context';

/** GET /api/health: the runner's own summary; 503 when it reports `ok: false` so monitors notice. */
export const healthRoutes: RouteModule = (app, context) => {
	app.get('/api/health', async (_request, reply) => {
		const health = await context.health();
		return reply.code(health.ok === false ? 503 : 200).send(health);
	});
};
