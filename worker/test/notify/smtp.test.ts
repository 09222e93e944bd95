import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConfigError, NetworkError } from '../../../clients/core/errors';
import { formatMamExpiryMessage } from '../../../clients/notify/format';
import { randomMamCookie } from '../../../test/fakes/prowlarr';
import { everythingShown, failureOf } from '../../../test/support/errors';
import { SmtpSinkPeer, freePort, startSmtpSink } from '../../../test/peers';
import { SmtpNotifier } from '../../src/notify';

/** SmtpNotifier against a real SMTP server (aiosmtpd from Debian) that requires AUTH. */
let sink: SmtpSinkPeer;
const MAM_ID = randomMamCookie();

const message = () =>
	formatMamExpiryMessage({
		label: 'DirectSession',
		mamId: MAM_ID,
		created: new Date('2026-01-02T08:00:00Z'),
		expires: new Date('2026-04-02T08:00:00Z'),
		daysRemaining: 6,
		prowlarrHost: '10.0.0.5:9696',
	});



/** The message part after the headers, with quoted-printable soft breaks undone. */
function bodyOf(raw: string): string {
	const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
	return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

beforeAll(async () => {
	sink = await startSmtpSink({ requireAuth: true });
});

afterAll(async () => {
	await sink?.stop();
});

describe('SmtpNotifier against a real SMTP server', () => {
	it('delivers the expiry warning with the masked MAM ID, authenticated, to every recipient', async () => {
		const notifier = new SmtpNotifier({
			host: sink.host,
			port: sink.port,
			username: sink.username,
			password: sink.password,
			from: 'mediastack@example.org',
			to: ['reader@example.org', 'backup@example.org'],
		});
		try {
			const receipt = await notifier.send(message());
			expect(receipt.channelType).toBe('smtp');
			expect(receipt.detail).toMatch(/^250/);
		} finally {
			notifier.close();
		}
		const [mail] = await sink.waitForMessages(1);
		expect(mail.authenticatedAs).toBe(sink.username);
		expect(mail.mailFrom).toBe('mediastack@example.org');
		expect(mail.rcptTos).toEqual(['reader@example.org', 'backup@example.org']);
		expect(mail.data).toContain('Subject: [mediastack] mam_session_expiry - WARNING');
		expect(mail.data).toContain('X-Mediastack-Event: mam_session_expiry');
		const body = bodyOf(mail.data);
		expect(body).toContain('Session: DirectSession');
		expect(body).toContain(`MAM ID ending in ...${MAM_ID.slice(-8)}`);
		expect(body).toContain('Days remaining: 6 days');
		expect(body).toContain('Prowlarr: 10.0.0.5:9696');
		// Neither the cookie (in any cut) nor the SMTP password is in the mail.
		expect(mail.data).not.toContain(MAM_ID.slice(0, 24));
		expect(mail.data).not.toContain(MAM_ID);
		expect(mail.data).not.toContain(sink.password);
	});

	it('reports a wrong password as AuthError that does not contain it', async () => {
		const wrong = 'Wrong-' + sink.password;
		const notifier = new SmtpNotifier({ host: sink.host, port: sink.port, username: sink.username, password: wrong, from: 'a@example.org', to: ['b@example.org'] });
		try {
			const error = await failureOf(notifier.send(message()));
			expect(error).toBeInstanceOf(AuthError);
			expect(error.retryable).toBe(false);
			const shown = everythingShown(error);
			expect(shown).not.toContain(wrong);
			expect(shown).not.toContain(Buffer.from(wrong).toString('base64'));
		} finally {
			notifier.close();
		}
	});

	it('reports a server that wants a login (530) as AuthError', async () => {
		const notifier = new SmtpNotifier({ host: sink.host, port: sink.port, from: 'a@example.org', to: ['b@example.org'] });
		try {
			const error = await failureOf(notifier.send(message()));
			expect(error).toBeInstanceOf(AuthError);
			expect(error.message).toContain('530');
		} finally {
			notifier.close();
		}
	});

	it('reports a closed port as a retryable NetworkError', async () => {
		const port = await freePort();
		const notifier = new SmtpNotifier({ host: '127.0.0.1', port, username: 'u', password: 'some-password-1', from: 'a@example.org', to: ['b@example.org'] });
		try {
			const error = await failureOf(notifier.send(message()));
			expect(error).toBeInstanceOf(NetworkError);
			expect(error.retryable).toBe(true);
			expect(error.message).toContain(`127.0.0.1:${port}`);
			expect(everythingShown(error)).not.toContain('some-password-1');
		} finally {
			notifier.close();
		}
	});

	it('refuses to send without TLS when STARTTLS is required and the server offers none', async () => {
		const before = (await sink.messages()).length;
		const notifier = new SmtpNotifier({ host: sink.host, port: sink.port, starttls: 'required', username: sink.username, password: sink.password, from: 'a@example.org', to: ['b@example.org'] });
		try {
			const error = await failureOf(notifier.send(message()));
			expect(error).toBeInstanceOf(ConfigError);
			expect(everythingShown(error)).not.toContain(sink.password);
		} finally {
			notifier.close();
		}
		expect(await sink.messages()).toHaveLength(before);
	});

	it('rejects an incomplete configuration up front', () => {
		const base = { host: 'smtp.example.org', port: 587, from: 'a@example.org', to: ['b@example.org'] };
		expect(() => new SmtpNotifier({ ...base, to: [] })).toThrow(ConfigError);
		expect(() => new SmtpNotifier({ ...base, port: 70_000 })).toThrow(ConfigError);
		expect(() => new SmtpNotifier({ ...base, username: 'only-user' })).toThrow(ConfigError);
	});
});
