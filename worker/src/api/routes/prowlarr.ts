import type { WorkflowOutcome } from '../../mam/service';
import type { MamRotationResult } from '../../workflows/types';
import type { RouteModule } from '../context';
import { bodyOf, optionalBoolean, optionalString, requireMam, requiredString, sessionLabel } from './support';

/**
 * MouseTrap's Prowlarr routes, with the same requests and the same `success`/`message` in the
 * answers (plus `ok`, `workflow_id` and the rotation's result):
 * - POST /api/prowlarr/test {label?}
 * - POST /api/prowlarr/update_mam_id {label, force}
 * - POST /api/prowlarr/test_expiry_notification {label}
 */
export const prowlarrRoutes: RouteModule = (app, context) => {
	app.post('/api/prowlarr/test', async (request) => {
		const mam = requireMam(context);
		const label = optionalString(bodyOf(request.body), 'label');
		return mam.testProwlarr(label === undefined ? undefined : sessionLabel(mam, label));
	});

	app.post('/api/prowlarr/update_mam_id', async (request, reply) => {
		const mam = requireMam(context);
		const body = bodyOf(request.body);
		const label = sessionLabel(mam, requiredString(body, 'label', 'the MAM session to update Prowlarr for'));
		const outcome = await mam.updateProwlarr(label, optionalBoolean(body, 'force'));
		const answer = rotationAnswer(outcome);
		return reply.code(answer.status).send({ ...answer.body, source: outcome.source });
	});

	app.post('/api/prowlarr/test_expiry_notification', async (request, reply) => {
		const mam = requireMam(context);
		const label = sessionLabel(mam, requiredString(bodyOf(request.body), 'label', 'the MAM session whose expiry warning to send'));
		const result = await mam.testExpiryNotification(label);
		if (!result) {
			return reply.code(400).send({
				ok: false,
				success: false,
				error: 'bad_request',
				message: `The MAM session "${label}" has no created date, so it has no expiry. Fix: set mam.sessions[].created, or \`mediastack mam set-id ${label} MAM_ID --created now\` when you create a new session.`,
			});
		}
		const delivered = result.deliveries.filter((delivery) => delivery.ok).length;
		const message =
			result.deliveries.length === 0
				? `No notification channel takes mam_session_expiry (notify.event_rules); nothing was sent for session '${label}'`
				: `Test notification sent for session '${label}' to ${delivered} of ${result.deliveries.length} channel(s)`;
		const ok = result.deliveries.length > 0 && delivered === result.deliveries.length;
		return { ok, success: ok, message, ...result, details: { created: result.created, expires: result.expires, days_remaining: result.days_remaining } };
	});
};

/** 200 when the rotation finished, 202 while it still runs (Prowlarr down: it retries), 502 when it failed (with the stage that failed). */
export function rotationAnswer(outcome: WorkflowOutcome<MamRotationResult>): { status: number; body: Record<string, unknown> } {
	const base = { workflow_id: outcome.workflowId, done: outcome.done };
	if (!outcome.done) {
		return {
			status: 202,
			body: { ...base, ok: true, success: true, message: 'The update is running (Prowlarr may be down; it is retried until it is back). Follow it with GET /api/events or in the Temporal Web UI.', result: null },
		};
	}
	if (outcome.error) {
		// `stage`: mam (MyAnonamouse did not accept the keepalive; Prowlarr was not changed), cookie, or prowlarr.
		const { type, message, stage, fix } = outcome.error;
		return { status: 502, body: { ...base, ok: false, success: false, error: type, stage: stage ?? null, message, fix: fix ?? null, result: null } };
	}
	const result = outcome.result!;
	const prowlarr = result.prowlarr;
	const message =
		prowlarr.outcome === 'updated'
			? 'Prowlarr indexer updated successfully'
			: prowlarr.outcome === 'unchanged'
				? 'Prowlarr already holds this MAM ID; nothing was changed'
				: 'The MAM ID was saved; the session feeds no Prowlarr';
	return {
		status: 200,
		body: { ...base, ok: true, success: true, message, indexer_id: prowlarr.indexerId ?? null, mam_id: result.mamIdTail, version: result.version, result },
	};
}
