import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';

import { readMail } from './mail';

/** The raw message nodemailer (what n8n's Send Email node uses) would put on the wire. */
async function composed(subject: string, text: string): Promise<string> {
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
	const info = await transport.sendMail({ from: 'mediastack@example.org', to: 'you@example.org', subject, text });
	return (info.message as Buffer).toString('utf8');
}

describe('readMail', () => {
	const cookie = randomBytes(96).toString('base64url');

	it('joins quoted-printable soft line breaks, so a long value cannot hide from a search', async () => {
		const text = `Session → main\nMAM ID ${cookie}\nDone.`;
		const raw = await composed('[mediastack] test - INFO', text);
		expect(raw).toMatch(/Content-Transfer-Encoding: quoted-printable/i);
		expect(raw.includes(cookie)).toBe(false);
		const read = readMail(raw);
		expect(read.text).toBe(text);
		expect(read.text.includes(cookie)).toBe(true);
		expect(read.subject).toBe('[mediastack] test - INFO');
		expect(read.headers.to).toBe('you@example.org');
	});

	it('decodes base64 bodies and encoded-word subjects', async () => {
		const text = 'Сессия истекает → 7 дней\nСессия: main';
		const subject = '[mediastack] Сессия истекает – WARNING';
		const raw = await composed(subject, text);
		expect(raw).toMatch(/Content-Transfer-Encoding: base64/i);
		expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
		const read = readMail(raw);
		expect(read.text).toBe(text);
		expect(read.subject).toBe(subject);
	});

	it('reads a plain 7bit mail as it is', async () => {
		const raw = await composed('plain', 'Prowlarr now uses the new MAM ID.\n\nSession: main');
		expect(readMail(raw).text).toBe('Prowlarr now uses the new MAM ID.\n\nSession: main');
	});

	it('refuses what it cannot read rather than guessing', () => {
		expect(() => readMail('Subject: x\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b--\r\n')).toThrow(/text\/plain/);
		expect(() => readMail('Subject: x')).toThrow(/blank line/);
	});
});
