import { BadRequestError, RouteModule } from '../context';
import { rotationAnswer } from './prowlarr';
import { bodyOf, optionalString, parseCreated, requireMam, requiredString, sessionLabel } from './support';

/**
 * MAM sessions:
 * - GET /api/mam/sessions: every configured session, cookies as `...` + last 8 characters;
 * - POST /api/mam/sessions/:label/mam_id {mam_id, created?}: saves a pasted cookie first
 *   (encrypted), then, only if it changed, pushes it to Prowlarr;
 * - POST /api/mam/check {label?, labels?}: runs the session check now and answers its summary.
 */
export const mamRoutes: RouteModule = (app, context) => {
	app.get('/api/mam/sessions', async () => ({ sessions: requireMam(context).listSessions() }));

	app.post('/api/mam/sessions/:label/mam_id', async (request, reply) => {
		const mam = requireMam(context);
		const label = sessionLabel(mam, (request.params as { label: string }).label);
		const body = bodyOf(request.body);
		const mamId = requiredString(body, 'mam_id', 'the mam_id of the new session, from MAM → Preferences → Security');
		const created = parseCreated(optionalString(body, 'created'), context.config.timezone);
		const saved = await mam.setMamId(label, mamId, created);
		const answer = {
			ok: true,
			success: true,
			label,
			changed: saved.changed,
			version: saved.version,
			mam_id: saved.mamIdTail,
			created: saved.created ?? null,
			message: saved.changed
				? 'MAM ID saved'
				: saved.rotation
					? 'MAM ID unchanged (the runner already holds it), but Prowlarr was not confirmed to hold it'
					: 'MAM ID unchanged (the runner already holds it); nothing to push',
		};
		if (!saved.rotation) return answer;
		const rotation = rotationAnswer(saved.rotation);
		// The cookie is saved either way; the status tells how the Prowlarr update went.
		return reply.code(rotation.status).send({ ...rotation.body, ...answer, ok: rotation.body.ok, success: rotation.body.ok, message: `${answer.message}; ${String(rotation.body.message)}` });
	});

	app.post('/api/mam/check', async (request, reply) => {
		const mam = requireMam(context);
		const body = bodyOf(request.body);
		const single = optionalString(body, 'label');
		const many = body.labels;
		if (many !== undefined && (!Array.isArray(many) || many.some((item) => typeof item !== 'string'))) throw new BadRequestError('labels must be a list of session labels.');
		const labels = [...(single ? [single] : []), ...((many as string[] | undefined) ?? [])].map((label) => sessionLabel(mam, label));
		const outcome = await mam.check(labels);
		if (!outcome.done) return reply.code(202).send({ ok: true, workflow_id: outcome.workflowId, done: false, message: 'The check is still running; its events will follow.' });
		if (outcome.error) return reply.code(500).send({ ok: false, workflow_id: outcome.workflowId, done: true, error: outcome.error.type, message: outcome.error.message });
		const result = outcome.result!;
		return {
			ok: result.sessions.every((session) => session.alive),
			workflow_id: outcome.workflowId,
			done: true,
			checked_at: result.checkedAt,
			sessions: result.sessions,
			rotations: result.rotations,
		};
	});
};
