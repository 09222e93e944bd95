import { maskSecret, scrubSecrets } from '../core/redact';
import type { NotificationMessage, NotificationSeverity } from './types';

/**
 * The wording of every notification, shared by the runner and the n8n nodes. Subjects follow
 * MouseTrap's `[MouseTrap] <event> - <STATUS>` with our own prefix, so mail filters written for
 * it keep working after a prefix change. A MAM ID only ever appears as `...` + its last 8
 * characters, and any free text (an upstream error) is scrubbed of the full value.
 */

export const SUBJECT_PREFIX = '[mediastack]';

export const NOTIFY_EVENTS = {
	mamSessionExpiry: 'mam_session_expiry',
	mamSessionInvalid: 'mam_session_invalid',
	prowlarrAutoUpdate: 'prowlarr_auto_update',
	prowlarrManualUpdate: 'prowlarr_manual_update',
} as const;

/** A date as the user reads it: `2025-10-02 19:45` in the configured zone; strings pass through. */
export type DisplayDate = Date | string;

export interface FormatOptions {
	/** IANA zone for dates given as Date (default UTC). */
	timeZone?: string;
}

const STATUS_BY_SEVERITY: Record<NotificationSeverity, string> = { info: 'INFO', warning: 'WARNING', error: 'ALERT' };

export function subjectFor(event: string, status: string): string {
	return `${SUBJECT_PREFIX} ${event} - ${status}`;
}

/** `...` + the last 8 characters: the only form of a MAM ID a person ever sees. */
export function mamIdTail(mamId: string | undefined | null): string {
	return maskSecret(mamId);
}

export function formatDisplayDate(date: DisplayDate, timeZone = 'UTC'): string {
	if (typeof date === 'string') return date;
	if (Number.isNaN(date.getTime())) return 'unknown';
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((candidate) => candidate.type === type)?.value ?? '??';
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

function isoOrText(date: DisplayDate): string {
	return typeof date === 'string' ? date : Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString();
}

function lines(...items: Array<string | undefined | false>): string {
	return items.filter((item): item is string => typeof item === 'string').join('\n');
}

function daysText(days: number): string {
	if (days < 0) return `expired ${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ago`;
	return `${days} day${days === 1 ? '' : 's'}`;
}

export interface MamExpiryDetails {
	/** The session's label in the config. */
	label: string;
	mamId: string;
	created: DisplayDate;
	expires: DisplayDate;
	daysRemaining: number;
	/** host:port of the Prowlarr the session feeds, when it feeds one. */
	prowlarrHost?: string;
	/** How to put a new session in place; default: the runner's `mediastack mam set-id`. */
	renewHint?: string;
}

/** What the runner's users do with a new session; other senders (the n8n node) say their own. */
function runnerRenewHint(label: string): string {
	return `Create a new session on MyAnonamouse (Preferences → Security) and set it with\n\`mediastack mam set-id ${label} NEW_MAM_ID --created now\`; Prowlarr is updated for you.`;
}

/** The warning sent when a session is within its notify-before-expiry days. */
export function formatMamExpiryMessage(details: MamExpiryDetails, options: FormatOptions = {}): NotificationMessage {
	const created = formatDisplayDate(details.created, options.timeZone);
	const expires = formatDisplayDate(details.expires, options.timeZone);
	const event = NOTIFY_EVENTS.mamSessionExpiry;
	return {
		event,
		severity: 'warning',
		subject: subjectFor(event, 'WARNING'),
		body: lines(
			details.daysRemaining < 0 ? 'MAM session expired!' : 'MAM session expiring soon!',
			'',
			`Session: ${details.label}`,
			`MAM ID ending in ${mamIdTail(details.mamId)}`,
			`Created: ${created}`,
			`Expires: ${expires}`,
			`Days remaining: ${daysText(details.daysRemaining)}`,
			'',
			details.renewHint ?? runnerRenewHint(details.label),
			details.prowlarrHost === undefined ? undefined : `Prowlarr: ${details.prowlarrHost}`,
		),
		data: {
			label: details.label,
			mam_id_tail: mamIdTail(details.mamId),
			created: isoOrText(details.created),
			expires: isoOrText(details.expires),
			days_remaining: details.daysRemaining,
			prowlarr_host: details.prowlarrHost ?? null,
		},
	};
}

/** What MAM said about a session that it refused. */
export type MamRefusalKind = 'invalid_session' | 'wrong_session_type';

export interface MamSessionInvalidDetails {
	label: string;
	mamId: string;
	reason: MamRefusalKind;
	/** MAM's own words, e.g. "Invalid session - ASN mismatch". */
	mamMessage?: string;
	prowlarrHost?: string;
	/** How to put a new session in place; default: the runner's `mediastack mam set-id`. */
	renewHint?: string;
	/** Whether the sender latches the alert until MAM accepts the session again (the runner does; default true). */
	alertOnce?: boolean;
	/**
	 * MAM refused the cookie right after a call with it was interrupted while MAM was answering
	 * (when that call started): the new cookie went out in the lost answer.
	 */
	interruptedAt?: DisplayDate;
	/** IANA zone for `interruptedAt` given as a Date (default UTC). */
	timeZone?: string;
}

/** The alert sent once when MAM starts refusing a session (latched by the caller). */
export function formatMamSessionInvalidMessage(details: MamSessionInvalidDetails): NotificationMessage {
	const event = NOTIFY_EVENTS.mamSessionInvalid;
	const said = details.mamMessage ? scrubSecrets(details.mamMessage, [details.mamId]) : undefined;
	const renew = details.renewHint ?? `Create a new session on MyAnonamouse (Preferences → Security) and set it with \`mediastack mam set-id ${details.label} NEW_MAM_ID --created now\`.`;
	const interrupted = details.reason === 'invalid_session' && details.interruptedAt !== undefined;
	const fix =
		details.reason === 'wrong_session_type'
			? 'The session is alive but MAM refuses it from this network or for this use: add this IP/ASN to the session, or create an IP- or ASN-locked session with "Allow Session to set Dynamic Seedbox".'
			: interrupted
				? `A cookie rotation was interrupted while MAM was answering (the call started ${formatDisplayDate(details.interruptedAt!, details.timeZone)}): MAM sent a new cookie in that answer, which never arrived, and no longer accepts the saved one. The session cannot be recovered. ${renew}`
				: `The cookie no longer belongs to a live session. ${renew}`;
	return {
		event,
		severity: 'error',
		subject: subjectFor(event, 'ALERT'),
		body: lines(
			interrupted ? 'MAM refused the session after an interrupted rotation!' : 'MAM refused the session!',
			'',
			`Session: ${details.label}`,
			`MAM ID ending in ${mamIdTail(details.mamId)}`,
			said === undefined ? undefined : `MAM said: ${said}`,
			'',
			fix,
			details.alertOnce === false ? undefined : 'You will not be alerted again until MAM accepts the session.',
			details.prowlarrHost === undefined ? undefined : `Prowlarr: ${details.prowlarrHost}`,
		),
		data: {
			label: details.label,
			mam_id_tail: mamIdTail(details.mamId),
			reason: details.reason,
			mam_message: said ?? null,
			interrupted_at: interrupted ? isoOrText(details.interruptedAt!) : null,
			prowlarr_host: details.prowlarrHost ?? null,
		},
	};
}

/** Sent when a session MAM refused is accepted again: the alert is cleared. */
export function formatMamSessionRecoveredMessage(details: { label: string; mamId: string }): NotificationMessage {
	const event = NOTIFY_EVENTS.mamSessionInvalid;
	return {
		event,
		severity: 'info',
		subject: subjectFor(event, 'RESOLVED'),
		body: lines('MAM accepts the session again.', '', `Session: ${details.label}`, `MAM ID ending in ${mamIdTail(details.mamId)}`),
		data: { label: details.label, mam_id_tail: mamIdTail(details.mamId), resolved: true },
	};
}

export type ProwlarrUpdateMode = 'auto' | 'manual';
export type ProwlarrUpdateOutcome = 'updated' | 'unchanged' | 'failed';
/** Where an update failed: the call to MAM for a new cookie, reading the saved one, or Prowlarr itself. */
export type ProwlarrUpdateStage = 'mam' | 'cookie' | 'prowlarr';

export interface ProwlarrUpdateDetails {
	label: string;
	mode: ProwlarrUpdateMode;
	outcome: ProwlarrUpdateOutcome;
	/** The cookie now in Prowlarr (or that failed to get there). */
	mamId: string;
	prowlarrHost: string;
	indexerId?: number;
	indexerName?: string;
	/** Why it failed (already secret-free; scrubbed of the MAM ID again here). */
	error?: string;
	/** For a failure: which step failed (default prowlarr). */
	stage?: ProwlarrUpdateStage;
}

const FAILED_HEADLINE: Record<ProwlarrUpdateStage, string> = {
	mam: 'MyAnonamouse did not accept the keepalive, so there is no new MAM ID; Prowlarr was not changed.',
	cookie: 'There is no saved MAM ID to give Prowlarr; Prowlarr was not changed.',
	prowlarr: 'Prowlarr could not be updated with the MAM ID.',
};

const UPDATE_STATUS: Record<ProwlarrUpdateOutcome, string> = { updated: 'SUCCESS', unchanged: 'SKIPPED', failed: 'FAILED' };

/** `prowlarr_auto_update` (after a rotation) or `prowlarr_manual_update` (set-id, rotate --force). */
export function formatProwlarrUpdateMessage(details: ProwlarrUpdateDetails): NotificationMessage {
	const event = details.mode === 'auto' ? NOTIFY_EVENTS.prowlarrAutoUpdate : NOTIFY_EVENTS.prowlarrManualUpdate;
	const indexer = details.indexerId === undefined ? undefined : `Indexer: ${details.indexerName ?? 'MyAnonamouse'} (id ${details.indexerId})`;
	const headline: Record<ProwlarrUpdateOutcome, string> = {
		updated: 'Prowlarr now uses the new MAM ID.',
		unchanged: 'Prowlarr already had this MAM ID; nothing was changed.',
		failed: FAILED_HEADLINE[details.stage ?? 'prowlarr'],
	};
	return {
		event,
		severity: details.outcome === 'failed' ? 'error' : 'info',
		subject: subjectFor(event, UPDATE_STATUS[details.outcome]),
		body: lines(
			headline[details.outcome],
			'',
			`Session: ${details.label}`,
			`MAM ID ending in ${mamIdTail(details.mamId)}`,
			indexer,
			`Prowlarr: ${details.prowlarrHost}`,
			details.error === undefined ? undefined : `Error: ${scrubSecrets(details.error, [details.mamId])}`,
		),
		data: {
			label: details.label,
			mode: details.mode,
			outcome: details.outcome,
			mam_id_tail: mamIdTail(details.mamId),
			prowlarr_host: details.prowlarrHost,
			indexer_id: details.indexerId ?? null,
			stage: details.outcome === 'failed' ? (details.stage ?? 'prowlarr') : null,
			error: details.error === undefined ? null : scrubSecrets(details.error, [details.mamId]),
		},
	};
}

export interface GenericMessageDetails {
	event: string;
	severity: NotificationSeverity;
	/** The headline; the subject is built from the event and severity. */
	title: string;
	/** Extra lines under the headline, e.g. `Session: x`. */
	lines?: string[];
	data?: Record<string, unknown>;
	/** Status word for the subject (default INFO / WARNING / ALERT by severity). */
	status?: string;
	/** Values to mask wherever they appear in the text. */
	secrets?: Array<string | undefined>;
}

/** Any other event (`notify test`, service health...), worded the same way. */
export function formatGenericMessage(details: GenericMessageDetails): NotificationMessage {
	const secrets = details.secrets ?? [];
	const extra = (details.lines ?? []).map((line) => scrubSecrets(line, secrets));
	return {
		event: details.event,
		severity: details.severity,
		subject: subjectFor(details.event, details.status ?? STATUS_BY_SEVERITY[details.severity]),
		body: lines(scrubSecrets(details.title, secrets), ...(extra.length ? ['', ...extra] : [])),
		data: details.data,
	};
}
