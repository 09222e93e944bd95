/**
 * What every notification channel sends: one message, already worded for people. Formatting
 * happens once (format.ts), so an e-mail, a webhook and an Apprise push say the same thing,
 * and a secret masked there is masked everywhere.
 */
export type NotificationSeverity = 'info' | 'warning' | 'error';

export interface NotificationMessage {
	/** The event type the rules route on, e.g. `mam_session_expiry`. */
	event: string;
	severity: NotificationSeverity;
	/** One line: the e-mail subject, the push title. */
	subject: string;
	/** Plain text, lines separated by \n. */
	body: string;
	/** Machine-readable details for webhooks; never holds a secret. */
	data?: Record<string, unknown>;
	/**
	 * The same for every attempt at sending this one message (one workflow step), and different
	 * for any other message: receivers drop a repeat by it (webhooks get it as the
	 * `Idempotency-Key` header and in the body, e-mails as their Message-ID).
	 */
	idempotencyKey?: string;
}

/** What a channel reports after the message was accepted. */
export interface NotifyReceipt {
	/** `webhook`, `apprise-api`, `smtp`, `apprise-cli`. */
	channelType: string;
	/** HTTP status, SMTP reply, exit code: whatever the far end answered. */
	detail?: string;
}

/** A channel. `send` throws a typed MediastackError (secret-free) when the message was not accepted. */
export interface Notifier {
	readonly channelType: string;
	send(message: NotificationMessage): Promise<NotifyReceipt>;
}
