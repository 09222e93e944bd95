import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	formatMamExpiryMessage,
	formatMamSessionInvalidMessage,
	formatMamSessionRecoveredMessage,
	formatProwlarrUpdateMessage,
} from '../../../clients/notify/format';
import type { DisplayDate, MamRefusalKind, ProwlarrUpdateMode, ProwlarrUpdateOutcome } from '../../../clients/notify/format';
import type { NotificationMessage, NotificationSeverity } from '../../../clients/notify/types';

/** The runner's own hint names its CLI; from n8n the cookie goes into the credential. */
const RENEW_HINT =
	'Create a new session on MyAnonamouse (Preferences → Security) and paste its mam_id into the MyAnonamouse credential in n8n (and into Prowlarr, unless a workflow passes it on).';

type Template = 'custom' | 'mam_session_expiry' | 'mam_session_invalid' | 'mam_session_recovered' | 'prowlarr_update';

const MAM_EVENTS: Template[] = ['mam_session_expiry', 'mam_session_invalid', 'mam_session_recovered', 'prowlarr_update'];
const WITH_PROWLARR_HOST: Template[] = ['mam_session_expiry', 'mam_session_invalid', 'prowlarr_update'];

const showFor = (...templates: Template[]) => ({ show: { event: templates } });

/** The message fields, the same for every channel; each send operation scopes them to its resource. */
export const messageProperties: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Custom', value: 'custom', description: 'Your own subject and text' },
			{ name: 'MAM Session Expiry', value: 'mam_session_expiry', description: 'A MAM session is close to its end (mam_session_expiry)' },
			{ name: 'MAM Session Invalid', value: 'mam_session_invalid', description: 'MAM refuses a session (mam_session_invalid)' },
			{ name: 'MAM Session Recovered', value: 'mam_session_recovered', description: 'MAM accepts a refused session again' },
			{ name: 'Prowlarr MAM ID Update', value: 'prowlarr_update', description: 'Prowlarr got a new MAM ID, or did not (prowlarr_auto_update / prowlarr_manual_update)' },
		],
		default: 'custom',
		description: 'Which standard mediastack message to send; the MAM ID only ever appears as its last 8 characters',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		description: 'One line: the title of the push, the subject of the mail',
		displayOptions: showFor('custom'),
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'The text of the message; may be empty',
		displayOptions: showFor('custom'),
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'options',
		options: [
			{ name: 'Info', value: 'info' },
			{ name: 'Warning', value: 'warning' },
			{ name: 'Error', value: 'error' },
		],
		default: 'info',
		description: 'How urgent the message is; receivers and Apprise targets may show or route it by this',
		displayOptions: showFor('custom'),
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: 'n8n_notification',
		description: 'The event the receiver sees (webhook "event" field and X-Mediastack-Event header)',
		displayOptions: showFor('custom'),
	},
	{
		displayName: 'Session Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'main',
		description: 'Which MAM session the message is about',
		displayOptions: showFor(...MAM_EVENTS),
	},
	{
		displayName: 'MAM ID',
		name: 'mamId',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The session\'s cookie, or the mamIdTail a MyAnonamouse node outputs; only "..." and its last 8 characters are ever sent',
		displayOptions: showFor(...MAM_EVENTS),
	},
	{
		displayName: 'Created',
		name: 'created',
		type: 'string',
		default: '',
		placeholder: '2025-10-02T19:45:00Z',
		description: 'When the session was created. An ISO date is shown in the time zone below; other text is shown as given.',
		displayOptions: showFor('mam_session_expiry'),
	},
	{
		displayName: 'Expires',
		name: 'expires',
		type: 'string',
		default: '',
		placeholder: '2025-12-31T19:45:00Z',
		description: 'When the session ends. An ISO date is shown in the time zone below; other text is shown as given.',
		displayOptions: showFor('mam_session_expiry'),
	},
	{
		displayName: 'Days Remaining',
		name: 'daysRemaining',
		type: 'number',
		default: 7,
		description: 'Whole days until the session ends; negative once it has ended',
		displayOptions: showFor('mam_session_expiry'),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: [
			{ name: 'Invalid Session', value: 'invalid_session', description: 'The cookie no longer belongs to a live session' },
			{ name: 'Wrong Session Type', value: 'wrong_session_type', description: 'The session is alive but refused from this network or for this use' },
		],
		default: 'invalid_session',
		description: 'Usually the "outcome" field the MyAnonamouse node outputs, mapped in with an expression',
		displayOptions: showFor('mam_session_invalid'),
	},
	{
		displayName: 'MAM Message',
		name: 'mamMessage',
		type: 'string',
		default: '',
		placeholder: 'Invalid session - ASN mismatch',
		description: 'What MAM said: usually the "message" field the MyAnonamouse node outputs, mapped in with an expression',
		displayOptions: showFor('mam_session_invalid'),
	},
	{
		displayName: 'Update Mode',
		name: 'updateMode',
		type: 'options',
		options: [
			{ name: 'Automatic (After a Rotation)', value: 'auto' },
			{ name: 'Manual', value: 'manual' },
		],
		default: 'auto',
		description: 'Whether the update followed a cookie rotation (prowlarr_auto_update) or was asked for by hand (prowlarr_manual_update)',
		displayOptions: showFor('prowlarr_update'),
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		options: [
			{ name: 'Updated', value: 'updated' },
			{ name: 'Unchanged', value: 'unchanged' },
			{ name: 'Failed', value: 'failed' },
		],
		default: 'updated',
		description: 'How the update went, e.g. from the Prowlarr node\'s output',
		displayOptions: showFor('prowlarr_update'),
	},
	{
		displayName: 'Indexer ID',
		name: 'indexerId',
		type: 'number',
		default: 0,
		description: 'The MyAnonamouse indexer\'s ID in Prowlarr; 0 to leave it out',
		displayOptions: showFor('prowlarr_update'),
	},
	{
		displayName: 'Error',
		name: 'error',
		type: 'string',
		default: '',
		description: 'Why the update failed, for the Failed outcome',
		displayOptions: showFor('prowlarr_update'),
	},
	{
		displayName: 'Prowlarr Host',
		name: 'prowlarrHost',
		type: 'string',
		default: '',
		placeholder: '192.168.1.10:9696',
		description: 'The Prowlarr the session feeds, shown in the message; empty to leave it out',
		displayOptions: showFor(...WITH_PROWLARR_HOST),
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Berlin',
		description: 'For showing ISO dates; empty for the workflow\'s time zone',
		displayOptions: showFor('mam_session_expiry'),
	},
];

/** Builds the message of one item with the shared formatters, so it reads as the runner's do. */
export function buildMessage(context: IExecuteFunctions, itemIndex: number): NotificationMessage {
	const template = context.getNodeParameter('event', itemIndex) as Template;
	const text = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const required = (name: string, label: string) => {
		const value = text(name);
		if (!value) throw new NodeOperationError(context.getNode(), `${label} is empty`, { itemIndex, description: `The ${template} message needs a ${label}.` });
		return value;
	};
	const optional = (name: string) => text(name) || undefined;

	switch (template) {
		case 'custom': {
			const subject = required('subject', 'Subject');
			return formatCustom(subject, text('body'), context.getNodeParameter('severity', itemIndex, 'info') as NotificationSeverity, text('eventName') || 'n8n_notification');
		}
		case 'mam_session_expiry': {
			const daysRemaining = Number(context.getNodeParameter('daysRemaining', itemIndex));
			if (!Number.isFinite(daysRemaining)) throw new NodeOperationError(context.getNode(), 'Days Remaining is not a number', { itemIndex });
			return formatMamExpiryMessage(
				{
					label: required('label', 'Session Label'),
					mamId: required('mamId', 'MAM ID'),
					created: displayDate(context.getNodeParameter('created', itemIndex, '')),
					expires: displayDate(context.getNodeParameter('expires', itemIndex, '')),
					daysRemaining: Math.trunc(daysRemaining),
					prowlarrHost: optional('prowlarrHost'),
					renewHint: RENEW_HINT,
				},
				{ timeZone: text('timeZone') || context.getTimezone() },
			);
		}
		case 'mam_session_invalid':
			return formatMamSessionInvalidMessage({
				label: required('label', 'Session Label'),
				mamId: required('mamId', 'MAM ID'),
				reason: refusal(text('reason')),
				mamMessage: optional('mamMessage'),
				prowlarrHost: optional('prowlarrHost'),
				renewHint: RENEW_HINT,
				// A workflow alerts whenever it runs into a refused session; only the runner latches.
				alertOnce: false,
			});
		case 'mam_session_recovered':
			return formatMamSessionRecoveredMessage({ label: required('label', 'Session Label'), mamId: required('mamId', 'MAM ID') });
		case 'prowlarr_update': {
			const indexerId = Number(context.getNodeParameter('indexerId', itemIndex, 0));
			return formatProwlarrUpdateMessage({
				label: required('label', 'Session Label'),
				mamId: required('mamId', 'MAM ID'),
				mode: (text('updateMode') || 'auto') as ProwlarrUpdateMode,
				outcome: (text('outcome') || 'updated') as ProwlarrUpdateOutcome,
				prowlarrHost: text('prowlarrHost') || 'Prowlarr',
				indexerId: Number.isInteger(indexerId) && indexerId > 0 ? indexerId : undefined,
				error: optional('error'),
			});
		}
		default:
			throw new NodeOperationError(context.getNode(), `Unknown message "${String(template)}"`, { itemIndex });
	}
}

/** What the item reports after sending: the message as sent (no secret is in it) and the channel's answer. */
export function sentSummary(message: NotificationMessage, channel: string, detail: string | undefined): IDataObject {
	return { sent: true, channel, detail: detail ?? null, event: message.event, severity: message.severity, subject: message.subject, body: message.body };
}

/** Custom messages keep the user's subject and body exactly as written. */
function formatCustom(subject: string, body: string, severity: NotificationSeverity, event: string): NotificationMessage {
	return { event, severity, subject, body };
}

/** Whatever an `{{ $json.outcome }}` brings: the node's outcomes map onto the two kinds of refusal. */
function refusal(value: string): MamRefusalKind {
	return value === 'wrong_session_type' ? 'wrong_session_type' : 'invalid_session';
}

/**
 * ISO dates (or dates from expressions) become Dates, which the formatter shows in the chosen
 * zone as `2025-10-02 19:45`; any other text is shown as given.
 */
function displayDate(value: unknown): DisplayDate {
	if (value instanceof Date) return value;
	if (value && typeof value === 'object' && typeof (value as { toJSDate?: unknown }).toJSDate === 'function') {
		return (value as { toJSDate: () => Date }).toJSDate();
	}
	const text = String(value ?? '').trim();
	if (text === '') return 'unknown';
	if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
	return text;
}
