import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import {
	AuthError,
	ClientError,
	ConfigError,
	MediastackError,
	NetworkError,
	ProtocolError,
	ServerError,
	ServiceInfo,
	TimeoutError,
} from '../../../clients/core/errors';
import { scrubAll } from '../../../clients/notify/secrets';
import type { NotificationMessage, Notifier, NotifyReceipt } from '../../../clients/notify/types';
import { DEFAULT_NOTIFY_TIMEOUT_MS, SmtpStartTls } from './types';

export const SMTP: ServiceInfo = {
	name: 'SMTP',
	authFix: 'check the SMTP username and password (many providers want an app password).',
	reachFix: 'check the SMTP host and port, and that this machine may connect to it.',
};

export interface SmtpNotifierOptions {
	host: string;
	port: number;
	/** Implicit TLS (port 465). Default: port === 465. */
	secure?: boolean;
	/** Default `opportunistic`. */
	starttls?: SmtpStartTls;
	username?: string;
	password?: string;
	from: string;
	to: string[];
	/** Default true. */
	tlsVerify?: boolean;
	timeoutMs?: number;
}

/** nodemailer's error fields that we read. */
interface NodemailerError {
	message?: string;
	code?: string;
	responseCode?: number;
	command?: string;
}

/**
 * Plain-text e-mail through an SMTP server with nodemailer. One connection per message (no
 * pool): notifications are rare, and a fresh connection never reuses a socket the server has
 * long closed. Errors are typed and never carry the password or nodemailer's own error object.
 */
export class SmtpNotifier implements Notifier {
	readonly channelType = 'smtp';
	private readonly options: SmtpNotifierOptions;
	private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;
	private readonly secrets: string[];
	private readonly where: string;

	constructor(options: SmtpNotifierOptions) {
		if (!options.host) throw new ConfigError('The SMTP channel has no host.', { service: SMTP.name });
		if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65_535) {
			throw new ConfigError(`The SMTP port ${options.port} is not a port number (1-65535).`, { service: SMTP.name });
		}
		if (!options.from) throw new ConfigError('The SMTP channel has no `from` address.', { service: SMTP.name });
		if (!options.to.length) throw new ConfigError('The SMTP channel has no `to` address.', { service: SMTP.name });
		if ((options.username === undefined) !== (options.password === undefined)) {
			throw new ConfigError('The SMTP channel needs both `username` and `password`, or neither.', { service: SMTP.name });
		}
		this.options = options;
		this.where = `${options.host}:${options.port}`;
		const secure = options.secure ?? options.port === 465;
		const starttls = options.starttls ?? 'opportunistic';
		const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
		this.transporter = nodemailer.createTransport({
			host: options.host,
			port: options.port,
			secure,
			requireTLS: !secure && starttls === 'required',
			ignoreTLS: !secure && starttls === 'never',
			auth: options.username === undefined ? undefined : { user: options.username, pass: options.password },
			tls: { rejectUnauthorized: options.tlsVerify ?? true },
			connectionTimeout: timeoutMs,
			greetingTimeout: timeoutMs,
			socketTimeout: timeoutMs,
			dnsTimeout: timeoutMs,
			// nodemailer logs nothing unless given a logger; keep it that way (AUTH lines hold the password).
			logger: false,
			debug: false,
		});
		this.secrets = smtpSecrets(options.username, options.password);
	}

	async send(message: NotificationMessage): Promise<NotifyReceipt> {
		let info: SMTPTransport.SentMessageInfo;
		try {
			info = await this.transporter.sendMail({
				from: this.options.from,
				to: this.options.to,
				subject: message.subject,
				text: message.body,
				// A repeat of one message gets the same Message-ID, which mail stores and clients use to drop duplicates.
				messageId: message.idempotencyKey === undefined ? undefined : messageIdFor(message.idempotencyKey, this.options.from),
				headers: { 'X-Mediastack-Event': message.event },
			});
		} catch (error) {
			throw this.toTypedError(error as NodemailerError);
		}
		const rejected = info.rejected?.length ?? 0;
		const reply = (info.response ?? '').split(/\r?\n/)[0].slice(0, 120);
		return { channelType: this.channelType, detail: scrubAll(rejected ? `${reply} (${rejected} recipient(s) refused)` : reply, this.secrets) };
	}

	close(): void {
		this.transporter.close();
	}

	private toTypedError(error: NodemailerError): MediastackError {
		const said = scrubAll(String(error.message ?? error), this.secrets).slice(0, 300);
		const context = { service: SMTP.name, method: error.command, url: `smtp://${this.where}` };
		const code = error.code ?? '';
		const reply = error.responseCode;
		// 530/535: the server wants (valid) credentials before it takes mail.
		if (code === 'EAUTH' || code === 'ENOAUTH' || reply === 530 || reply === 535) {
			return new AuthError(`The SMTP server ${this.where} refused the login: ${said}. Fix: ${SMTP.authFix}`, { ...context, fix: SMTP.authFix });
		}
		if (/STARTTLS/i.test(said) || code === 'ETLS') {
			const fix = 'the server offers no usable STARTTLS: use `secure: true` (port 465), or `starttls: opportunistic` for a relay without TLS.';
			return new ConfigError(`The SMTP server ${this.where} could not switch to TLS: ${said}. Fix: ${fix}`, { ...context, fix });
		}
		if (code === 'ETIMEDOUT' || /timeout/i.test(said)) {
			return new TimeoutError(`The SMTP server ${this.where} did not answer in time: ${said}. Fix: ${SMTP.reachFix}`, { ...context, fix: SMTP.reachFix });
		}
		if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') {
			return new NetworkError(`The SMTP server ${this.where} is not reachable: ${said}. Fix: ${SMTP.reachFix}`, { ...context, fix: SMTP.reachFix });
		}
		if (code === 'EPROTOCOL') return new ProtocolError(`The SMTP server ${this.where} answered out of protocol: ${said}. Check the port and the secure setting.`, context);
		// SMTP replies: 4xx is "try again later", 5xx is a refusal that repeating will not change.
		if (reply !== undefined && reply >= 400 && reply < 500) {
			return new ServerError(`The SMTP server ${this.where} deferred the message (${reply}): ${said}.`, { ...context, status: reply });
		}
		if (code === 'EENVELOPE' || code === 'EMESSAGE' || (reply !== undefined && reply >= 500)) {
			return new ClientError(`The SMTP server ${this.where} refused the message: ${said}. Check the from/to addresses and what the server allows.`, { ...context, status: reply });
		}
		return new ServerError(`Sending through the SMTP server ${this.where} failed: ${said}.`, context);
	}
}

/**
 * `<hash@domain>`: the idempotency key hashed (it may name a session, and Message-IDs are
 * shown and forwarded), at the domain of the sender address as RFC 5322 recommends.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
	const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'mediastack.invalid';
	return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}.mediastack@${domain}>`;
}

/** The password, and the encodings in which it crosses the wire during AUTH. */
function smtpSecrets(username: string | undefined, password: string | undefined): string[] {
	if (!password) return [];
	const secrets = [password, Buffer.from(password).toString('base64')];
	if (username !== undefined) secrets.push(Buffer.from(`\u0000${username}\u0000${password}`).toString('base64'));
	return secrets.filter((secret) => secret.length >= 4);
}
