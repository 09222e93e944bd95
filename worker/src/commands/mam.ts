import { localIsoTime } from '../api/routes/server-time';
import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput } from './output';
import { RunnerAnswer, callRunner } from './runner-api';
import type { MamSaw } from '../workflows/types';

/**
 * `mediastack mam ...`: MAM sessions, through the running runner's API (the runner owns the
 * state file with the cookies). Only masked cookies (`...` + last 8 characters) are printed.
 *
 * Exit codes of `mam check` and `mam rotate`: 0 when MAM accepted every session (and the
 * rotation finished or still runs), 2 when MAM refused a session (a dead cookie, or a session
 * not allowed from here: it needs a new cookie or a change on MAM), 1 for every other failure
 * (MAM unreachable or answering an HTML page, Prowlarr failing, the runner not running).
 */
export const EXIT_MAM_REFUSED = 2;

/** MAM outcomes that mean it refused the session, as opposed to giving no usable answer. */
const REFUSALS = new Set(['invalid_session', 'wrong_session_type']);
const REFUSAL_ERRORS = new Set(['InvalidSession', 'SessionRefused']);

export interface SetIdOptions extends ConfigOptions {
	created?: string;
	/** Where `-` as the MAM ID is read from (default: stdin). */
	stdin?: NodeJS.ReadableStream;
}

export async function mamSetIdCommand(label: string, mamId: string, options: SetIdOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	// `-` keeps the cookie off the command line, where `ps` would show it to every user.
	const value = mamId === '-' ? (await readAll(options.stdin ?? process.stdin)).trim() : mamId;
	if (!value) throw new CommandFailure('No MAM ID given. Fix: pass it as the second argument, or `-` and the ID on standard input.');
	const answer = await callRunner(config, 'POST', `/api/mam/sessions/${encodeURIComponent(label)}/mam_id`, { mam_id: value, created: options.created }, 90_000);
	failOnError(answer);
	const body = answer.body;
	output.out(
		body.changed
			? `Saved the new MAM ID ${String(body.mam_id)} for session ${label} (version ${String(body.version)}).`
			: body.workflow_id
				? `Session ${label} already has the MAM ID ${String(body.mam_id)}; Prowlarr was not confirmed to hold it, so it is pushed again.`
				: `Session ${label} already has the MAM ID ${String(body.mam_id)}; nothing to push.`,
	);
	if (body.created) output.out(`  Created: ${localIsoTime(new Date(String(body.created)), config.timezone)}`);
	if (body.workflow_id) printRotation(label, answer, output);
}

export interface RotateOptions extends ConfigOptions {
	force?: boolean;
}

export async function mamRotateCommand(label: string, options: RotateOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const answer = await callRunner(config, 'POST', '/api/prowlarr/update_mam_id', { label, force: options.force === true }, 90_000);
	if (answer.status !== 502) failOnError(answer);
	output.out(`Rotation of session ${label} (${String(answer.body.source)}):`);
	printRotation(label, answer, output);
}

export async function mamCheckCommand(label: string | undefined, options: ConfigOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const answer = await callRunner(config, 'POST', '/api/mam/check', label ? { label } : {}, 180_000);
	failOnError(answer);
	const body = answer.body;
	if (!body.done) {
		output.out(`The check is still running (workflow ${String(body.workflow_id)}); see \`mediastack events --type mam_keepalive\`.`);
		return;
	}
	const sessions = (body.sessions as Array<Record<string, unknown>>) ?? [];
	if (sessions.length === 0) output.out('No MAM sessions are configured (mam.sessions).');
	for (const session of sessions) output.out(formatCheck(session));
	for (const rotation of (body.rotations as Array<{ label: string; workflowId: string }>) ?? []) {
		output.out(`  ${rotation.label}: pushing the new MAM ID to Prowlarr (workflow ${rotation.workflowId})`);
	}
	if (sessions.some((session) => REFUSALS.has(String(session.outcome)))) throw new CommandFailure('', EXIT_MAM_REFUSED);
	if (sessions.some((session) => !session.alive)) throw new CommandFailure('', 1);
}

export async function mamSessionsCommand(options: ConfigOptions & { json?: boolean }, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const answer = await callRunner(config, 'GET', '/api/mam/sessions');
	failOnError(answer);
	const sessions = (answer.body.sessions as Array<Record<string, unknown>>) ?? [];
	if (options.json) {
		output.out(JSON.stringify(sessions, null, 2));
		return;
	}
	if (sessions.length === 0) output.out('No MAM sessions are configured (mam.sessions).');
	for (const session of sessions) {
		const prowlarr = session.prowlarr as { service?: string; enabled: boolean; in_sync: boolean } | null;
		const expiry = session.days_remaining === undefined ? 'no created date' : `expires ${String(session.expires).slice(0, 10)} (${String(session.days_remaining)} days)`;
		const feeds = prowlarr ? `${prowlarr.enabled ? '' : 'disabled: '}${prowlarr.service} ${prowlarr.in_sync ? '(in sync)' : '(not yet updated)'}` : 'no Prowlarr';
		const check = session.last_check as ({ outcome?: string } & Partial<MamSaw>) | undefined;
		const saw = check?.ip ? `  ${mamSawText(check as MamSaw)}` : '';
		const route = session.proxy ? `  via ${String(session.proxy)}` : '';
		output.out(`${String(session.label)}  MAM ID ${String(session.mam_id)} v${String(session.version ?? '?')}  ${expiry}  Prowlarr: ${feeds}  last check: ${check?.outcome ?? 'never'}${saw}${route}${session.invalid ? '  REFUSED by MAM' : ''}`);
	}
}

export async function notifyTestCommand(label: string, options: ConfigOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const answer = await callRunner(config, 'POST', '/api/prowlarr/test_expiry_notification', { label }, 90_000);
	failOnError(answer);
	const body = answer.body;
	output.out(`Expiry warning for session ${label}: created ${String(body.created)}, expires ${String(body.expires)}, ${String(body.days_remaining)} days remaining.`);
	const deliveries = (body.deliveries as Array<{ channel: string; channelType: string; ok: boolean; durationMs: number; detail?: string; error?: string }>) ?? [];
	if (deliveries.length === 0) {
		throw new CommandFailure('No notification channel takes mam_session_expiry: add one to notify.event_rules (or a `default` rule).');
	}
	for (const delivery of deliveries) {
		output.out(`  ${delivery.channel} (${delivery.channelType}): ${delivery.ok ? `sent in ${delivery.durationMs} ms${delivery.detail ? ` (${delivery.detail})` : ''}` : `FAILED: ${delivery.error ?? 'unknown error'}`}`);
	}
	if (deliveries.some((delivery) => !delivery.ok)) throw new CommandFailure('', 1);
}

function printRotation(label: string, answer: RunnerAnswer, output: CommandOutput): void {
	const body = answer.body;
	if (!body.done) {
		output.out(`  Prowlarr: update running (workflow ${String(body.workflow_id)}); Prowlarr may be down, it is retried until it is back.`);
		return;
	}
	if (body.ok === false) {
		const where = `(workflow ${String(body.workflow_id)})`;
		// The workflow's message starts with the session label, already named by the command.
		const message = String(body.message).replace(new RegExp(`^${escapeRegExp(label)}: `), '');
		if (body.stage === 'mam') {
			const code = REFUSAL_ERRORS.has(String(body.error)) ? EXIT_MAM_REFUSED : 1;
			throw new CommandFailure(`MyAnonamouse did not accept the keepalive ${where}; Prowlarr was not changed. ${message}`, code);
		}
		if (body.stage === 'cookie') throw new CommandFailure(`No saved MAM ID to push to Prowlarr ${where}: ${message}`);
		throw new CommandFailure(`Prowlarr update failed ${where}: ${message}`);
	}
	const result = body.result as { prowlarr?: { outcome: string; indexerId?: number; service?: string }; mamIdTail?: string; version?: number } | null;
	const prowlarr = result?.prowlarr;
	if (!prowlarr || prowlarr.outcome === 'disabled') {
		output.out('  Prowlarr: none (the session feeds no Prowlarr).');
		return;
	}
	const what = prowlarr.outcome === 'updated' ? 'updated' : 'already held it';
	output.out(`  Prowlarr ${prowlarr.service}: ${what}; indexer ${String(prowlarr.indexerId)} holds MAM ID ${String(result?.mamIdTail)} (version ${String(result?.version)}).`);
}

/** Where MAM saw the call come from: a home address here means the proxy or VPN was bypassed. */
function mamSawText(saw: MamSaw): string {
	const network = [saw.asn === undefined ? undefined : `AS${String(saw.asn).replace(/^AS/i, '')}`, saw.as].filter(Boolean).join(' ');
	return `MAM saw ${saw.ip}${network ? ` (${network})` : ''}`;
}

function formatCheck(session: Record<string, unknown>): string {
	const parts = [`${String(session.label)}: ${String(session.outcome)}`];
	if (session.rotated) parts.push(`new MAM ID ${String(session.mamIdTail)}`);
	const saw = session.mamSaw as MamSaw | undefined;
	if (saw?.ip) parts.push(mamSawText(saw));
	if (session.daysRemaining !== undefined) parts.push(`${String(session.daysRemaining)} days left`);
	if (session.expiryWarning) parts.push(`expiry warning ${String(session.expiryWarning).replace('_', ' ')}`);
	if (session.invalidAlert) parts.push(`alert ${String(session.invalidAlert).replace('_', ' ')}`);
	if (session.recovered) parts.push('accepted again (alert cleared)');
	if (session.alive) return parts.join(', ');
	// What MAM's answer means and the fix (its own words quoted), or why no answer came, on a line of its own.
	const why = session.problem ?? session.message;
	return why ? `${parts.join(', ')}\n  ${String(why)}` : parts.join(', ');
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function failOnError(answer: RunnerAnswer): void {
	if (answer.status >= 400 && answer.status !== 502) throw new CommandFailure(String(answer.body.message ?? `The runner answered HTTP ${answer.status}.`));
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => (text += chunk));
		stream.on('end', () => resolve(text));
		stream.on('error', reject);
	});
}
