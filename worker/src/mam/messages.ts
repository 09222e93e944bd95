import {
	NOTIFY_EVENTS,
	formatMamExpiryMessage,
	formatMamSessionInvalidMessage,
	formatMamSessionRecoveredMessage,
	formatProwlarrUpdateMessage,
} from '../../../clients/notify/format';
import type { NotificationMessage } from '../../../clients/notify/types';
import type { MamNotice } from '../workflows/types';

export type { MamNotice };

export interface MessageContext {
	/** The newest cookie; only its last 8 characters reach the message. */
	mamId: string;
	/** host:port of the Prowlarr the session feeds. */
	prowlarrHost?: string;
	timeZone: string;
}

export function buildMamMessage(notice: MamNotice, context: MessageContext): NotificationMessage {
	switch (notice.kind) {
		case 'expiry':
			return formatMamExpiryMessage(
				{
					label: notice.label,
					mamId: context.mamId,
					created: new Date(notice.created),
					expires: new Date(notice.expires),
					daysRemaining: notice.daysRemaining,
					prowlarrHost: context.prowlarrHost,
				},
				{ timeZone: context.timeZone },
			);
		case 'invalid':
			return formatMamSessionInvalidMessage({
				label: notice.label,
				mamId: context.mamId,
				reason: notice.reason,
				mamMessage: notice.mamMessage,
				prowlarrHost: context.prowlarrHost,
				interruptedAt: notice.interruptedAt === undefined ? undefined : new Date(notice.interruptedAt),
				timeZone: context.timeZone,
				renewHint: `Create a new session on MyAnonamouse (Preferences → Security) and set it with\n\`mediastack mam set-id ${notice.label} NEW_MAM_ID --created now\` (or POST /api/mam/sessions/${notice.label}/mam_id); Prowlarr is updated for you.`,
			});
		case 'recovered':
			return formatMamSessionRecoveredMessage({ label: notice.label, mamId: context.mamId });
		case 'prowlarr_update':
			return formatProwlarrUpdateMessage({
				label: notice.label,
				mode: notice.mode,
				outcome: notice.outcome,
				mamId: context.mamId,
				prowlarrHost: context.prowlarrHost ?? '(none)',
				indexerId: notice.indexerId,
				indexerName: notice.indexerName,
				error: notice.error,
				stage: notice.stage,
			});
	}
}

/** The event type a notice is routed by (`notify.event_rules`). */
export function noticeEvent(notice: MamNotice): string {
	switch (notice.kind) {
		case 'expiry':
			return NOTIFY_EVENTS.mamSessionExpiry;
		case 'invalid':
		case 'recovered':
			return NOTIFY_EVENTS.mamSessionInvalid;
		case 'prowlarr_update':
			return notice.mode === 'auto' ? NOTIFY_EVENTS.prowlarrAutoUpdate : NOTIFY_EVENTS.prowlarrManualUpdate;
	}
}
