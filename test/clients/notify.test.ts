import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError, NetworkError, ServerError, TimeoutError } from '../../clients/core/errors';
import {
	APPRISE_API,
	AppriseApiNotifier,
	NotificationMessage,
	WEBHOOK,
	WebhookNotifier,
	formatDisplayDate,
	formatGenericMessage,
	formatMamExpiryMessage,
	formatMamSessionInvalidMessage,
	formatMamSessionRecoveredMessage,
	formatProwlarrUpdateMessage,
	sanitizeError,
	urlSecretParts,
	verifyWebhookSignature,
} from '../../clients/notify';
import { APPRISE_API_SPEC, FakeAppriseApi, startFakeAppriseApi } from '../fakes/apprise-api';
import { randomMamCookie } from '../fakes/prowlarr';
import { everythingShown, failureOf } from '../support/errors';
import { LoopbackListener } from '../support/loopback';
import { NodeTransport } from '../support/node-transport';
import { Receiver, startReceiver } from '../support/receiver';
import { specAvailable } from '../support/specs';

const MAM_ID = randomMamCookie();

const expiry = (): NotificationMessage =>
	formatMamExpiryMessage({
		label: 'DirectSession',
		mamId: MAM_ID,
		created: new Date('2025-10-02T18:45:00Z'),
		expires: new Date('2025-12-31T18:45:00Z'),
		daysRemaining: 7,
		prowlarrHost: '192.168.0.130:9696',
	}, { timeZone: 'Europe/London' });

describe('message formatting', () => {
	it('words the expiry warning like MouseTrap, with only the last 8 characters of the MAM ID', () => {
		const message = expiry();
		expect(message.subject).toBe('[mediastack] mam_session_expiry - WARNING');
		expect(message.event).toBe('mam_session_expiry');
		expect(message.severity).toBe('warning');
		const lines = message.body.split('\n');
		expect(lines).toContain('Session: DirectSession');
		expect(lines).toContain(`MAM ID ending in ...${MAM_ID.slice(-8)}`);
		expect(lines).toContain('Created: 2025-10-02 19:45');
		expect(lines).toContain('Expires: 2025-12-31 18:45');
		expect(lines).toContain('Days remaining: 7 days');
		expect(lines).toContain('Prowlarr: 192.168.0.130:9696');
		const everything = JSON.stringify(message);
		expect(everything).not.toContain(MAM_ID);
		expect(everything).not.toContain(MAM_ID.slice(0, 20));
		expect(message.data).toMatchObject({ label: 'DirectSession', mam_id_tail: `...${MAM_ID.slice(-8)}`, days_remaining: 7, created: '2025-10-02T18:45:00.000Z' });
	});

	it('says "expired" once the days run out and "1 day" in the singular', () => {
		const base = { label: 'x', mamId: MAM_ID, created: '2025-01-01 10:00', expires: '2025-04-01 10:00', prowlarrHost: 'p:9696' };
		expect(formatMamExpiryMessage({ ...base, daysRemaining: 1 }).body).toContain('Days remaining: 1 day\n');
		expect(formatMamExpiryMessage({ ...base, daysRemaining: -2 }).body).toContain('Days remaining: expired 2 days ago');
	});

	it('formats dates in the configured time zone', () => {
		const date = new Date('2026-07-01T06:30:00Z');
		expect(formatDisplayDate(date)).toBe('2026-07-01 06:30');
		expect(formatDisplayDate(date, 'America/Chicago')).toBe('2026-07-01 01:30');
		expect(formatDisplayDate(date, 'Asia/Kolkata')).toBe('2026-07-01 12:00');
	});

	it('alerts on an invalid session, telling a dead cookie from a session refused for the network', () => {
		const dead = formatMamSessionInvalidMessage({ label: 'main', mamId: MAM_ID, reason: 'invalid_session', mamMessage: `Invalid session ${MAM_ID}` });
		expect(dead).toMatchObject({ event: 'mam_session_invalid', severity: 'error', subject: '[mediastack] mam_session_invalid - ALERT' });
		expect(dead.body).toContain('Create a new session');
		expect(JSON.stringify(dead)).not.toContain(MAM_ID);
		const mismatch = formatMamSessionInvalidMessage({ label: 'main', mamId: MAM_ID, reason: 'wrong_session_type', mamMessage: 'Invalid session - ASN mismatch' });
		expect(mismatch.body).toContain('MAM said: Invalid session - ASN mismatch');
		expect(mismatch.body).toContain('IP/ASN');
		const recovered = formatMamSessionRecoveredMessage({ label: 'main', mamId: MAM_ID });
		expect(recovered).toMatchObject({ event: 'mam_session_invalid', severity: 'info', subject: '[mediastack] mam_session_invalid - RESOLVED' });
	});

	it('reports Prowlarr updates under the auto or manual event, with a status word', () => {
		const auto = formatProwlarrUpdateMessage({ label: 'main', mode: 'auto', outcome: 'updated', mamId: MAM_ID, prowlarrHost: 'prowlarr:9696', indexerId: 42 });
		expect(auto).toMatchObject({ event: 'prowlarr_auto_update', severity: 'info', subject: '[mediastack] prowlarr_auto_update - SUCCESS' });
		expect(auto.body).toContain('Indexer: MyAnonamouse (id 42)');
		const manual = formatProwlarrUpdateMessage({ label: 'main', mode: 'manual', outcome: 'unchanged', mamId: MAM_ID, prowlarrHost: 'prowlarr:9696' });
		expect(manual.subject).toBe('[mediastack] prowlarr_manual_update - SKIPPED');
		const failed = formatProwlarrUpdateMessage({ label: 'main', mode: 'auto', outcome: 'failed', mamId: MAM_ID, prowlarrHost: 'prowlarr:9696', error: `PUT refused mamId=${MAM_ID}` });
		expect(failed).toMatchObject({ severity: 'error', subject: '[mediastack] prowlarr_auto_update - FAILED', data: { stage: 'prowlarr' } });
		expect(failed.body.split('\n')[0]).toBe('Prowlarr could not be updated with the MAM ID.');
		expect(JSON.stringify([auto, manual, failed])).not.toContain(MAM_ID);
	});

	it('says which step of a failed update failed: MyAnonamouse, the saved cookie, or Prowlarr', () => {
		const failedAt = (stage: 'mam' | 'cookie' | 'prowlarr') => formatProwlarrUpdateMessage({ label: 'main', mode: 'auto', outcome: 'failed', stage, mamId: MAM_ID, prowlarrHost: 'prowlarr:9696', error: 'x' });
		expect(failedAt('mam').body.split('\n')[0]).toBe('MyAnonamouse did not accept the keepalive, so there is no new MAM ID; Prowlarr was not changed.');
		expect(failedAt('mam').data).toMatchObject({ stage: 'mam' });
		expect(failedAt('cookie').body.split('\n')[0]).toBe('There is no saved MAM ID to give Prowlarr; Prowlarr was not changed.');
		expect(failedAt('prowlarr').body.split('\n')[0]).toBe('Prowlarr could not be updated with the MAM ID.');
	});

	it('tells a cookie lost in an interrupted rotation apart from a dead session', () => {
		const lost = formatMamSessionInvalidMessage({ label: 'main', mamId: MAM_ID, reason: 'invalid_session', mamMessage: 'Invalid session', interruptedAt: new Date('2026-03-10T07:59:58Z'), timeZone: 'Europe/Berlin' });
		expect(lost.subject).toBe('[mediastack] mam_session_invalid - ALERT');
		expect(lost.body.split('\n')[0]).toBe('MAM refused the session after an interrupted rotation!');
		expect(lost.body).toContain('A cookie rotation was interrupted while MAM was answering (the call started 2026-03-10 08:59)');
		expect(lost.body).toContain('`mediastack mam set-id main NEW_MAM_ID --created now`');
		expect(lost.data).toMatchObject({ interrupted_at: '2026-03-10T07:59:58.000Z' });
		// Only a dead-cookie refusal is explained by a lost answer.
		const refused = formatMamSessionInvalidMessage({ label: 'main', mamId: MAM_ID, reason: 'wrong_session_type', interruptedAt: new Date() });
		expect(refused.body).not.toContain('interrupted');
		expect(refused.data).toMatchObject({ interrupted_at: null });
	});

	it('words any other event the same way and masks the secrets it is given', () => {
		const message = formatGenericMessage({ event: 'notify_test', severity: 'info', title: 'Test from mediastack', lines: [`token ${MAM_ID}`], secrets: [MAM_ID] });
		expect(message.subject).toBe('[mediastack] notify_test - INFO');
		expect(message.body.startsWith('Test from mediastack\n\ntoken ...')).toBe(true);
		expect(message.body).not.toContain(MAM_ID);
		expect(formatGenericMessage({ event: 'x', severity: 'error', title: 't' }).subject).toBe('[mediastack] x - ALERT');
	});
});

describe('secret handling helpers', () => {
	it('lists the credential parts of Apprise and webhook URLs', () => {
		const parts = urlSecretParts('tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321?format=markdown');
		expect(parts).toContain('123456789');
		expect(parts.some((part) => part.includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'))).toBe(true);
		const mail = urlSecretParts('mailtos://alice:s3cr3t-pass@mail.example.org?to=bob@example.org');
		expect(mail).toContain('s3cr3t-pass');
	});

	it('leaves ordinary words of a URL readable: only token-like parts count as secrets', () => {
		const parts = urlSecretParts('https://n8n.example.org/webhook/notify/3f2a9c1e-77b0-4d7e-9a51-0c6f5e2d8b14?channel=alerts&key=k3y-0f-42');
		expect(parts).toContain('3f2a9c1e-77b0-4d7e-9a51-0c6f5e2d8b14');
		expect(parts).toContain('k3y-0f-42');
		for (const word of ['webhook', 'notify', 'alerts', 'n8n.example.org']) expect(parts).not.toContain(word);
	});

	it('rebuilds a typed error without secrets and without its cause', () => {
		const original = new NetworkError('Webhook is not reachable at http://hooks.local/hook/SECRETPATH123 (refused)', { service: 'Webhook', url: 'http://hooks.local/hook/SECRETPATH123', cause: new Error('SECRETPATH123') });
		const clean = sanitizeError(original, ['SECRETPATH123'], { service: 'Webhook', url: 'http://hooks.local/***' });
		expect(clean).toBeInstanceOf(NetworkError);
		expect(clean.retryable).toBe(true);
		expect(everythingShown(clean)).not.toContain('SECRETPATH123');
		expect((clean as { cause?: unknown }).cause).toBeUndefined();
	});
});

describe('WebhookNotifier against a local HTTP receiver', () => {
	let receiver: Receiver;
	const secret = 'whsec_' + randomMamCookie().slice(0, 40);
	const hookPath = '/hooks/mediastack/' + randomMamCookie().slice(0, 32);

	afterEach(async () => {
		await receiver?.close();
	});

	it('POSTs the message as JSON with custom headers and an HMAC-SHA256 signature over the raw body', async () => {
		receiver = await startReceiver({ answer: () => ({ status: 204, body: '' }) });
		const notifier = new WebhookNotifier({
			transport: new NodeTransport({ service: WEBHOOK }),
			url: `http://127.0.0.1:${receiver.port}${hookPath}`,
			headers: { Authorization: 'Bearer receiver-token-123456' },
			hmacSecret: secret,
			now: () => new Date('2026-03-01T08:00:00Z'),
		});
		const receipt = await notifier.send(expiry());
		expect(receipt).toEqual({ channelType: 'webhook', detail: 'HTTP 204' });
		expect(receiver.received).toHaveLength(1);
		const [hit] = receiver.received;
		expect(hit.method).toBe('POST');
		expect(hit.path).toBe(hookPath);
		expect(hit.headers['content-type']).toBe('application/json');
		expect(hit.headers.authorization).toBe('Bearer receiver-token-123456');
		expect(hit.headers['x-mediastack-event']).toBe('mam_session_expiry');
		expect(hit.headers['x-mediastack-timestamp']).toBe(String(Date.parse('2026-03-01T08:00:00Z') / 1000));
		// The receiver's own check, with nothing but node:crypto and the shared secret.
		const expected = 'sha256=' + createHmac('sha256', secret).update(hit.rawBody).digest('hex');
		expect(hit.headers['x-mediastack-signature']).toBe(expected);
		expect(verifyWebhookSignature(hit.rawBody, String(hit.headers['x-mediastack-signature']), secret)).toBe(true);
		expect(verifyWebhookSignature(hit.rawBody.replace('WARNING', 'INFO'), String(hit.headers['x-mediastack-signature']), secret)).toBe(false);
		expect(verifyWebhookSignature(hit.rawBody, String(hit.headers['x-mediastack-signature']), secret + 'x')).toBe(false);
		const payload = JSON.parse(hit.rawBody);
		expect(payload).toMatchObject({ source: 'mediastack', event: 'mam_session_expiry', severity: 'warning', subject: '[mediastack] mam_session_expiry - WARNING', timestamp: 1772352000 });
		expect(payload.body).toContain(`...${MAM_ID.slice(-8)}`);
		// Neither the HMAC secret nor the full cookie travels.
		const wire = JSON.stringify(hit.headers) + hit.rawBody;
		expect(wire).not.toContain(secret);
		expect(wire).not.toContain(MAM_ID);
	});

	it('gives the receiver the message\'s idempotency key as Idempotency-Key and in the signed body, and neither without one', async () => {
		receiver = await startReceiver({ answer: () => ({ status: 200, body: '' }) });
		const notifier = new WebhookNotifier({ transport: new NodeTransport({ service: WEBHOOK }), url: `http://127.0.0.1:${receiver.port}${hookPath}`, hmacSecret: secret });
		const key = 'mam-rotation-main-x1/4f3c2b1a-run/notify/prowlarr_auto_update';
		await notifier.send({ ...expiry(), idempotencyKey: key });
		await notifier.send({ ...expiry(), idempotencyKey: key });
		await notifier.send(expiry());
		const [first, second, plain] = receiver.received;
		expect(first.headers['idempotency-key']).toBe(key);
		expect(second.headers['idempotency-key']).toBe(key);
		expect(JSON.parse(first.rawBody).idempotency_key).toBe(key);
		expect(verifyWebhookSignature(first.rawBody, String(first.headers['x-mediastack-signature']), secret)).toBe(true);
		expect(plain.headers['idempotency-key']).toBeUndefined();
		expect(JSON.parse(plain.rawBody)).not.toHaveProperty('idempotency_key');
	});

	it('sends no signature header without a secret, and custom headers cannot replace ours', async () => {
		receiver = await startReceiver({ answer: () => ({ status: 200, body: '' }) });
		const notifier = new WebhookNotifier({
			transport: new NodeTransport({ service: WEBHOOK }),
			url: `http://127.0.0.1:${receiver.port}/plain`,
			headers: { 'Content-Type': 'text/plain', 'X-Custom': 'yes' },
		});
		await notifier.send(expiry());
		const [hit] = receiver.received;
		expect(hit.headers['x-mediastack-signature']).toBeUndefined();
		expect(hit.headers['content-type']).toBe('application/json');
		expect(hit.headers['x-custom']).toBe('yes');
	});

	it('turns a refusal into AuthError that shows neither the path, the headers nor the secret', async () => {
		receiver = await startReceiver({ answer: (hit) => ({ status: 401, body: `bad token for ${hit.path} ${String(hit.headers.authorization)}` }) });
		const notifier = new WebhookNotifier({
			transport: new NodeTransport({ service: WEBHOOK }),
			url: `http://127.0.0.1:${receiver.port}${hookPath}`,
			headers: { Authorization: 'Bearer receiver-token-123456' },
			hmacSecret: secret,
		});
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(AuthError);
		expect(error.status).toBe(401);
		const shown = everythingShown(error);
		expect(shown).toContain(`127.0.0.1:${receiver.port}`);
		expect(shown).not.toContain(hookPath.split('/').pop());
		expect(shown).not.toContain('receiver-token-123456');
		expect(shown).not.toContain(secret);
	});

	it('turns a 5xx into a retryable ServerError', async () => {
		receiver = await startReceiver({ answer: () => ({ status: 503, body: 'maintenance' }) });
		const notifier = new WebhookNotifier({ transport: new NodeTransport({ service: WEBHOOK }), url: `http://127.0.0.1:${receiver.port}${hookPath}` });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(ServerError);
		expect(error.retryable).toBe(true);
		expect(everythingShown(error)).not.toContain(hookPath.split('/').pop());
	});

	it('reports a receiver that is down as NetworkError without the path', async () => {
		receiver = await startReceiver({ answer: () => ({ status: 204, body: '' }) });
		const url = `http://127.0.0.1:${receiver.port}${hookPath}`;
		await receiver.close();
		const notifier = new WebhookNotifier({ transport: new NodeTransport({ service: WEBHOOK }), url });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toContain(`http://127.0.0.1:${receiver.port}/*** (connection refused)`);
		expect(error.fix).toBe(WEBHOOK.reachFix);
		expect(everythingShown(error)).not.toContain(hookPath.split('/').pop());
	});

	it('times out on a receiver that never answers', async () => {
		const silent = new LoopbackListener('silent receiver', () => new Promise<void>(() => undefined));
		await silent.start();
		try {
			const notifier = new WebhookNotifier({ transport: new NodeTransport({ service: WEBHOOK }), url: `${silent.url}${hookPath}`, timeoutMs: 150 });
			const error = await failureOf(notifier.send(expiry()));
			expect(error).toBeInstanceOf(TimeoutError);
			expect(everythingShown(error)).not.toContain(hookPath.split('/').pop());
		} finally {
			// Drops the connection that is still waiting for an answer.
			await silent.stop();
		}
	});

	it('rejects a bad configuration up front', () => {
		const transport = new NodeTransport({ service: WEBHOOK });
		expect(() => new WebhookNotifier({ transport, url: 'not a url' })).toThrow(ConfigError);
		expect(() => new WebhookNotifier({ transport, url: 'ftp://example.org/x' })).toThrow(ConfigError);
		expect(() => new WebhookNotifier({ transport, url: 'https://example.org/x', hmacSecret: 'short' })).toThrow(ConfigError);
	});
});

describe('AppriseApiNotifier against the fake Apprise API', () => {
	let apprise: FakeAppriseApi;
	const telegram = 'tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321';
	const mail = 'mailtos://alice:s3cr3t-pass@mail.example.org?to=bob@example.org';

	beforeEach(async () => {
		apprise = await startFakeAppriseApi();
	});

	afterEach(async () => {
		// close() fails the test if any request broke apprise-api's published API.
		await apprise.close();
	});

	const transport = () => new NodeTransport({ service: APPRISE_API });

	it('sends statelessly: POST /notify with the URLs, title, body and type', async () => {
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: [telegram, mail] });
		const receipt = await notifier.send(expiry());
		expect(receipt).toEqual({ channelType: 'apprise-api', detail: 'HTTP 200' });
		expect(apprise.notifications).toEqual([
			{ key: undefined, urls: [telegram, mail], title: '[mediastack] mam_session_expiry - WARNING', body: expiry().body, type: 'warning', format: 'text', tag: undefined, contentType: 'application/json' },
		]);
		expect(apprise.requests[0].operation).toBe('POST /notify');
	});

	it('sends through a stored configuration: POST /notify/{key}, filtered by tag', async () => {
		apprise.store('mediastack', [
			{ url: telegram, tags: ['alerts'] },
			{ url: mail, tags: ['digest'] },
		]);
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, key: 'mediastack', tag: 'alerts' });
		await notifier.send(formatMamSessionInvalidMessage({ label: 'main', mamId: MAM_ID, reason: 'invalid_session' }));
		expect(apprise.notifications).toHaveLength(1);
		expect(apprise.notifications[0]).toMatchObject({ key: 'mediastack', urls: [telegram], type: 'failure', tag: 'alerts' });
		expect(apprise.requests[0].operation).toBe('POST /notify/{key}');
		expect(apprise.requests[0].body).not.toHaveProperty('urls');
	});

	it('treats 204 (nothing stored under the key) as a configuration error that hides the key', async () => {
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, key: 'missing-key-42' });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.status).toBe(204);
		expect(everythingShown(error)).not.toContain('missing-key-42');
	});

	it('treats 204 (no valid URL) as a configuration error', async () => {
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: ['not-an-apprise-url'] });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(ConfigError);
		expect(apprise.notifications).toHaveLength(0);
	});

	it('treats 424 (a target failed) as a retryable error that shows none of the URLs', async () => {
		apprise.failingUrls.add('tgram://');
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: [telegram, mail] });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(ServerError);
		expect(error.status).toBe(424);
		expect(error.retryable).toBe(true);
		const shown = everythingShown(error);
		for (const secret of ['AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 's3cr3t-pass', '123456789']) expect(shown).not.toContain(secret);
		// The working target still got it.
		expect(apprise.notifications[0].urls).toEqual([mail]);
	});

	it('reports a server that is down as NetworkError', async () => {
		await apprise.stop();
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: [telegram] });
		const error = await failureOf(notifier.send(expiry()));
		expect(error).toBeInstanceOf(NetworkError);
		expect(everythingShown(error)).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
	});

	it('keeps a URL base (apprise behind a reverse proxy path) and sends the proxy headers', async () => {
		const notifier = new AppriseApiNotifier({ transport: transport(), baseUrl: `${apprise.url}/`, urls: [mail], headers: { 'X-Proxy-Token': 'proxy-secret-value' } });
		await notifier.send(expiry());
		expect(apprise.requests[0].path).toBe('/notify');
		expect(apprise.requests[0].headers['x-proxy-token']).toBe('proxy-secret-value');
	});

	it('rejects a bad configuration up front', () => {
		expect(() => new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url })).toThrow(ConfigError);
		expect(() => new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: [mail], key: 'k' })).toThrow(ConfigError);
		expect(() => new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, key: 'bad key!' })).toThrow(ConfigError);
		expect(() => new AppriseApiNotifier({ transport: transport(), baseUrl: apprise.url, urls: [mail], tag: 'x' })).toThrow(ConfigError);
		expect(() => new AppriseApiNotifier({ transport: transport(), baseUrl: 'apprise:8000', urls: [mail] })).toThrow(ConfigError);
	});
});

describe('the fake Apprise API itself', () => {
	// Without the spec the fake still answers, but has nothing to check requests against.
	it.skipIf(!specAvailable(APPRISE_API_SPEC))('flags a request that breaks the published API', async () => {
		const apprise = await startFakeAppriseApi({ allowViolations: true });
		try {
			const response = await fetch(`${apprise.url}/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'no body field' }) });
			expect(response.status).toBe(400);
			expect(apprise.server.violations.map((v) => v.kind)).toEqual(['body']);
			expect(apprise.notifications).toHaveLength(0);
		} finally {
			await apprise.close();
		}
	});

	it('stores a configuration with POST /add/{key} (form) and serves it back', async () => {
		const apprise = await startFakeAppriseApi();
		try {
			const added = await fetch(`${apprise.url}/add/home`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ urls: 'json://127.0.0.1:1/a, pover://user@token' }).toString() });
			expect(added.status).toBe(200);
			const listed = await fetch(`${apprise.url}/json/urls/home?privacy=1`);
			expect(await listed.json()).toMatchObject({ urls: [{ url: 'JSON://****' }, { url: 'POVER://****' }] });
			const sent = await fetch(`${apprise.url}/notify/home`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ body: 'hello' }).toString() });
			expect(sent.status).toBe(200);
			expect(apprise.notifications[0]).toMatchObject({ key: 'home', body: 'hello', contentType: 'application/x-www-form-urlencoded' });
		} finally {
			await apprise.close();
		}
	});
});
