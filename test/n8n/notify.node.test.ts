import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PACKAGE_NAME, errorText, runWorkflow, singleNodeWorkflow, testCredential } from './harness';
import { verifyWebhookSignature } from '../../clients/notify/webhook';
import { AppriseApi } from '../../credentials/AppriseApi.credentials';
import { WebhookNotifyApi } from '../../credentials/WebhookNotifyApi.credentials';
import { Notify } from '../../nodes/Notify/Notify.node';
import { FakeAppriseApi, startFakeAppriseApi } from '../fakes/apprise-api';
import { randomMamCookie } from '../fakes/prowlarr';
import { LoopbackListener, readBody } from '../support/loopback';

const NODE = 'Notify';
const NOTIFY_NODE = { id: 'notify', name: NODE, type: `${PACKAGE_NAME}.notify` };

interface ReceivedHook {
	path: string;
	headers: IncomingHttpHeaders;
	raw: string;
	json: Record<string, unknown>;
}

/** A webhook receiver on loopback that records every POST and answers with `status`. */
class HookReceiver {
	readonly received: ReceivedHook[] = [];
	/** POSTs it could not take, e.g. a body that is not JSON; close() fails on any. */
	readonly crashes: string[] = [];
	status = 200;

	/** The path carries a token, as Discord's and Slack's webhook URLs do. */
	readonly path = `/hooks/${randomBytes(12).toString('hex')}`;

	private readonly listener = new LoopbackListener(
		'webhook receiver',
		async (request, response) => {
			const raw = await readBody(request);
			this.received.push({ path: request.url ?? '', headers: request.headers, raw, json: JSON.parse(raw || '{}') as Record<string, unknown> });
			response.writeHead(this.status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(this.status < 300 ? { ok: true } : { message: `receiver broke; see ${this.path}` }));
		},
		0,
		(_request, error) => this.crashes.push(String(error)),
	);

	get url(): string {
		return `${this.listener.url}${this.path}`;
	}

	start(): Promise<void> {
		return this.listener.start();
	}

	stop(): Promise<void> {
		return this.listener.stop();
	}

	async close(): Promise<void> {
		await this.stop();
		expect(this.crashes).toEqual([]);
	}
}

/** What the editor saves for a version 2 node once the user picked a credential of each kind. */
const WEBHOOK_V2: INodeParameters = { authentication: 'webhookNotifyApi', resource: 'notification', operation: 'send' };
const APPRISE_V2: INodeParameters = { authentication: 'appriseApi', resource: 'notification', operation: 'send' };

const EXPIRY_PARAMETERS: INodeParameters = {
	event: 'mam_session_expiry',
	label: 'main',
	mamId: '={{ $json.mamId }}',
	created: '2025-10-02T17:45:00Z',
	expires: '2025-12-31T17:45:00Z',
	daysRemaining: 6,
	prowlarrHost: '192.168.1.10:9696',
	timeZone: 'Europe/Berlin',
};

describe('Notify node: webhook', () => {
	let receiver: HookReceiver;
	const hmacSecret = randomBytes(24).toString('hex');

	beforeEach(async () => {
		receiver = new HookReceiver();
		await receiver.start();
	});

	afterEach(async () => {
		await receiver.close();
	});

	async function send(parameters: INodeParameters, options: { credential?: ICredentialDataDecryptedObject; triggerItems?: IDataObject[]; extra?: Partial<INode> } = {}) {
		return await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { ...WEBHOOK_V2, ...parameters }, options.extra), {
			credentials: { webhookNotifyApi: options.credential ?? { url: receiver.url } },
			triggerItems: options.triggerItems,
		});
	}

	it('posts a custom message as JSON and reports what the receiver answered', async () => {
		const result = await send({ event: 'custom', subject: 'Backup done', body: 'All 3 volumes copied.', severity: 'info', eventName: 'backup_finished' });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toEqual({
			sent: true,
			channel: 'webhook',
			detail: 'HTTP 200',
			event: 'backup_finished',
			severity: 'info',
			subject: 'Backup done',
			body: 'All 3 volumes copied.',
		});
		const [hook] = receiver.received;
		expect(hook.path).toBe(receiver.path);
		expect(hook.headers['content-type']).toMatch(/^application\/json/);
		expect(hook.headers['x-mediastack-event']).toBe('backup_finished');
		expect(hook.json).toMatchObject({ source: 'mediastack', event: 'backup_finished', severity: 'info', subject: 'Backup done', body: 'All 3 volumes copied.' });
		expect(hook.headers['x-mediastack-timestamp']).toBe(String(hook.json.timestamp));
		expect(hook.headers['x-mediastack-signature']).toBeUndefined();
	});

	it('signs the raw body with the credential\'s HMAC secret, which is never sent', async () => {
		await send({ event: 'custom', subject: 'Signed' }, { credential: { url: receiver.url, hmacSecret } });

		const [hook] = receiver.received;
		expect(verifyWebhookSignature(hook.raw, String(hook.headers['x-mediastack-signature']), hmacSecret)).toBe(true);
		expect(verifyWebhookSignature(hook.raw, String(hook.headers['x-mediastack-signature']), `${hmacSecret}x`)).toBe(false);
		expect(JSON.stringify(hook.headers) + hook.raw).not.toContain(hmacSecret);
	});

	it('sends the credential\'s secret header and the node\'s extra headers, which cannot replace the signature', async () => {
		const token = `Bearer ${randomBytes(16).toString('hex')}`;

		await send(
			{
				event: 'custom',
				subject: 'Headers',
				extraHeaders: { header: [{ name: 'X-Source', value: 'n8n' }, { name: 'X-Mediastack-Signature', value: 'forged' }] },
			},
			{ credential: { url: receiver.url, headerName: 'Authorization', headerSecret: token, hmacSecret } },
		);

		const [hook] = receiver.received;
		expect(hook.headers.authorization).toBe(token);
		expect(hook.headers['x-source']).toBe('n8n');
		expect(verifyWebhookSignature(hook.raw, String(hook.headers['x-mediastack-signature']), hmacSecret)).toBe(true);
	});

	it('formats the MAM session expiry warning, with the MAM ID only as its last 8 characters', async () => {
		const mamId = randomMamCookie();

		const result = await send(EXPIRY_PARAMETERS, { triggerItems: [{ mamId }] });

		const [hook] = receiver.received;
		expect(hook.json.event).toBe('mam_session_expiry');
		expect(hook.json.severity).toBe('warning');
		expect(hook.json.subject).toBe('[mediastack] mam_session_expiry - WARNING');
		const body = String(hook.json.body);
		expect(body).toContain('Session: main');
		expect(body).toContain(`MAM ID ending in ...${mamId.slice(-8)}`);
		// Shown in the chosen zone: 17:45 UTC is 19:45 in Berlin (CEST) and 18:45 (CET) on New Year's Eve.
		expect(body).toContain('Created: 2025-10-02 19:45');
		expect(body).toContain('Expires: 2025-12-31 18:45');
		expect(body).toContain('Days remaining: 6 days');
		expect(body).toContain('Prowlarr: 192.168.1.10:9696');
		// The fix names the n8n credential, not the runner's CLI.
		expect(body).toContain('paste its mam_id into the MyAnonamouse credential in n8n');
		expect(body).not.toContain('mediastack mam set-id');
		expect(hook.json.data).toMatchObject({ label: 'main', mam_id_tail: `...${mamId.slice(-8)}`, days_remaining: 6, prowlarr_host: '192.168.1.10:9696' });
		expect(hook.raw).not.toContain(mamId);
		expect(JSON.stringify(result.outputByNode[NODE])).not.toContain(mamId);
		expect(result.outputByNode[NODE][0].json.subject).toBe('[mediastack] mam_session_expiry - WARNING');
	});

	it('formats the session-invalid alert and the Prowlarr update the same way', async () => {
		const mamId = randomMamCookie();

		const common = { label: 'main', mamId: '={{ $json.mamId }}', prowlarrHost: 'prowlarr:9696' };
		const invalidRun = await send({ ...common, event: 'mam_session_invalid', reason: '={{ $json.outcome }}', mamMessage: 'Invalid session - ASN mismatch' }, { triggerItems: [{ mamId, outcome: 'wrong_session_type' }] });
		const updateRun = await send({ ...common, event: 'prowlarr_update', updateMode: 'auto', outcome: 'updated', indexerId: 42 }, { triggerItems: [{ mamId }] });

		expect([invalidRun.status, updateRun.status]).toEqual(['success', 'success']);
		const [invalid, update] = receiver.received.map((hook) => hook.json);
		expect(invalid).toMatchObject({ event: 'mam_session_invalid', severity: 'error', subject: '[mediastack] mam_session_invalid - ALERT' });
		expect(String(invalid.body)).toContain('MAM said: Invalid session - ASN mismatch');
		expect(String(invalid.body)).toMatch(/alive but MAM refuses it from this network/);
		// A workflow alerts on every run that finds the session refused; only the runner latches.
		expect(String(invalid.body)).not.toContain('You will not be alerted again');
		expect(update).toMatchObject({ event: 'prowlarr_auto_update', subject: '[mediastack] prowlarr_auto_update - SUCCESS' });
		expect(String(update.body)).toContain('(id 42)');
		expect(receiver.received.map((hook) => hook.raw).join('')).not.toContain(mamId);
	});

	it('refuses an expiry message without a MAM ID before posting', async () => {
		const result = await send(EXPIRY_PARAMETERS, { triggerItems: [{ mamId: '' }] });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('MAM ID is empty');
		expect(receiver.received).toHaveLength(0);
	});

	it('fails with a NodeApiError when the receiver answers 500, without showing the URL\'s token path', async () => {
		receiver.status = 500;

		const result = await send({ event: 'custom', subject: 'Broken' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^Webhook failed with HTTP 500/);
		expect(errorText(result.error)).not.toContain(receiver.path.slice(-24));
	});

	it('says the receiver is not reachable, naming neither the token path nor the HMAC secret', async () => {
		const url = receiver.url;
		await receiver.stop();

		const result = await send({ event: 'custom', subject: 'Nobody there' }, { credential: { url, hmacSecret } });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^Webhook is not reachable/);
		const text = errorText(result.error);
		expect(text).not.toContain(receiver.path.slice(-24));
		expect(text).not.toContain(hmacSecret);
	});

	it('continues after a failed item with Continue On Fail, sending the others', async () => {
		const result = await send({ event: 'custom', subject: '={{ $json.subject }}' }, { triggerItems: [{ subject: 'one' }, { subject: '' }, { subject: 'three' }], extra: { onError: 'continueRegularOutput' } });

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.json.sent ?? item.json.error)).toEqual([true, 'Subject is empty', true]);
		expect(receiver.received.map((hook) => hook.json.subject)).toEqual(['one', 'three']);
	});
});

describe('Notify node: Apprise API', () => {
	let apprise: FakeAppriseApi;
	const telegram = `tgram://${randomBytes(8).toString('hex')}:${randomBytes(16).toString('hex')}/123456789`;
	const discord = `discord://4174216298/${randomBytes(20).toString('hex')}`;

	beforeEach(async () => {
		apprise = await startFakeAppriseApi();
	});

	afterEach(async () => {
		// close() fails the test when any request broke the apprise-api spec.
		await apprise.close();
	});

	async function send(parameters: INodeParameters, credential: ICredentialDataDecryptedObject = { url: apprise.url, notificationUrls: `${telegram}, ${discord}` }, triggerItems?: IDataObject[]) {
		return await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { ...APPRISE_V2, ...parameters }), { credentials: { appriseApi: credential }, triggerItems });
	}

	it('sends statelessly to the credential\'s URLs with Apprise\'s warning type for an expiry', async () => {
		const mamId = randomMamCookie();

		const result = await send(EXPIRY_PARAMETERS, undefined, [{ mamId }]);

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ sent: true, channel: 'apprise-api', event: 'mam_session_expiry' });
		const [delivered] = apprise.notifications;
		expect(delivered).toMatchObject({ key: undefined, urls: [telegram, discord], title: '[mediastack] mam_session_expiry - WARNING', type: 'warning', format: 'text' });
		expect(delivered.body).toContain(`MAM ID ending in ...${mamId.slice(-8)}`);
		expect(delivered.body).not.toContain(mamId);
		const [request] = apprise.requests.filter((candidate) => candidate.path === '/notify');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
	});

	it('sends to a stored configuration by key and tag, in the chosen format', async () => {
		apprise.store('mediastack', [
			{ url: telegram, tags: ['admins'] },
			{ url: discord, tags: ['family'] },
		]);

		await send({ target: 'key', key: 'mediastack', tag: 'admins', format: 'markdown', event: 'custom', subject: 'Hi', body: '**bold**', severity: 'error' }, { url: apprise.url });

		expect(apprise.notifications).toEqual([
			expect.objectContaining({ key: 'mediastack', urls: [telegram], title: 'Hi', body: '**bold**', type: 'failure', format: 'markdown', tag: 'admins' }),
		]);
	});

	it('fails when a target fails (HTTP 424), never showing the targets\' tokens', async () => {
		apprise.failingUrls.add('tgram://');

		const result = await send({ event: 'custom', subject: 'Half' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/could not deliver to one or more targets \(HTTP 424\)/);
		const text = errorText(result.error);
		for (const secret of [telegram, discord, telegram.split('/')[2], discord.split('/')[3]]) expect(text).not.toContain(secret);
	});

	it('explains a key with nothing stored under it', async () => {
		const result = await send({ target: 'key', key: 'missing', event: 'custom', subject: 'x' }, { url: apprise.url });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/notified nobody \(HTTP 204\): nothing is stored under the channel's key/);
	});

	it('asks for Notification URLs before sending statelessly without any', async () => {
		const result = await send({ event: 'custom', subject: 'x' }, { url: apprise.url, notificationUrls: '' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/no Notification URLs/);
		expect(result.error?.description).toMatch(/Configuration Key/);
		expect(apprise.requests).toHaveLength(0);
	});

	it('sends the credential\'s proxy header with every request and its connection test', async () => {
		const proxyToken = `Basic ${Buffer.from(`admin:${randomBytes(8).toString('hex')}`).toString('base64')}`;
		const credential = { url: apprise.url, notificationUrls: telegram, headerName: 'Authorization', headerSecret: proxyToken };

		await send({ event: 'custom', subject: 'via proxy' }, credential);
		await expect(testCredential('appriseApi', credential)).resolves.toEqual({ status: 'OK', message: 'Connected to the Apprise API server; it reports itself healthy.' });

		expect(apprise.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['POST', '/notify', proxyToken],
			['GET', '/status', proxyToken],
		]);
	});
});

describe('Notify node: the channel is the credential the user picked (version 2)', () => {
	let receiver: HookReceiver;
	let apprise: FakeAppriseApi;
	const telegram = `tgram://${randomBytes(8).toString('hex')}:${randomBytes(16).toString('hex')}/123456789`;

	beforeEach(async () => {
		receiver = new HookReceiver();
		await receiver.start();
		apprise = await startFakeAppriseApi();
	});

	afterEach(async () => {
		await receiver.close();
		await apprise.close();
	});

	const both = () => ({ webhookNotifyApi: { url: receiver.url }, appriseApi: { url: apprise.url, notificationUrls: telegram } });

	it.each([
		['appriseApi', 'apprise-api'],
		['webhookNotifyApi', 'webhook'],
	])('sends by %s, and only by it, when credentials of both kinds exist', async (authentication, channel) => {
		const result = await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { authentication, resource: 'notification', operation: 'send', event: 'custom', subject: 'Which way?' }), { credentials: both() });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ sent: true, channel });
		expect(receiver.received.length).toBe(channel === 'webhook' ? 1 : 0);
		expect(apprise.notifications.length).toBe(channel === 'apprise-api' ? 1 : 0);
	});

	it('makes the Channel the editor\'s authentication choice: each credential hangs on its own channel value, none on the action', () => {
		const v2 = new Notify().getNodeType(2).description;
		const channel = v2.properties.find((property) => property.name === 'authentication');
		const values = ((channel?.options ?? []) as Array<{ value: string }>).map((option) => option.value).sort();
		expect(values).toEqual(['appriseApi', 'webhookNotifyApi']);
		for (const credential of v2.credentials ?? []) {
			// n8n's editor takes every field a credential's displayOptions name for the node's
			// authentication choice, hides it and sets it from the credential picked.
			expect(Object.keys(credential.displayOptions?.show ?? {}), credential.name).toEqual(['authentication']);
			expect(credential.displayOptions?.show?.authentication, credential.name).toEqual([credential.name]);
		}
		const actions = v2.properties.filter((property) => property.name === 'operation').flatMap((property) => (property.options ?? []) as Array<{ action?: string }>);
		expect(actions.map((option) => option.action)).toEqual(['Send a notification']);
	});

	it('adds new nodes at version 2 and keeps version 1 for saved workflows', () => {
		const notify = new Notify();
		expect(notify.description.defaultVersion).toBe(2);
		expect(Object.keys(notify.nodeVersions).sort()).toEqual(['1', '2']);
		expect(notify.getNodeType(1).description.version).toBe(1);
		expect(notify.getNodeType().description.version).toBe(2);
	});
});

describe('Notify node: version 1 workflows keep running as saved', () => {
	let receiver: HookReceiver;
	let apprise: FakeAppriseApi;
	const telegram = `tgram://${randomBytes(8).toString('hex')}:${randomBytes(16).toString('hex')}/123456789`;

	beforeEach(async () => {
		receiver = new HookReceiver();
		await receiver.start();
		apprise = await startFakeAppriseApi();
	});

	afterEach(async () => {
		await receiver.close();
		await apprise.close();
	});

	it('sends a v1 webhook node (resource "webhook") by webhook', async () => {
		const mamId = randomMamCookie();
		const result = await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { resource: 'webhook', operation: 'send', ...EXPIRY_PARAMETERS }, { typeVersion: 1 }), {
			credentials: { webhookNotifyApi: { url: receiver.url } },
			triggerItems: [{ mamId }],
		});

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ sent: true, channel: 'webhook', event: 'mam_session_expiry' });
		expect(receiver.received.map((hook) => hook.json.subject)).toEqual(['[mediastack] mam_session_expiry - WARNING']);
	});

	it('sends a v1 Apprise node (resource "apprise") through the Apprise API', async () => {
		const result = await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { resource: 'apprise', operation: 'send', event: 'custom', subject: 'Still here' }, { typeVersion: 1 }), {
			credentials: { appriseApi: { url: apprise.url, notificationUrls: telegram } },
		});

		expect(result.status).toBe('success');
		expect(apprise.notifications).toEqual([expect.objectContaining({ urls: [telegram], title: 'Still here' })]);
	});
});

describe('Notify credentials', () => {
	let receiver: HookReceiver;

	beforeEach(async () => {
		receiver = new HookReceiver();
		await receiver.start();
	});

	afterEach(async () => {
		await receiver.close();
	});

	it('masks the webhook URL and both secrets, and is tested by the node', () => {
		const credential = new WebhookNotifyApi();

		expect(credential.name).toBe('webhookNotifyApi');
		const masked = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		expect(masked).toEqual(['url', 'headerSecret', 'hmacSecret']);
		for (const version of [1, 2]) {
			expect(new Notify().getNodeType(version).description.credentials?.find((entry) => entry.name === 'webhookNotifyApi')?.testedBy).toBe('webhookNotifyApiTest');
		}
	});

	it('tests the webhook by POSTing a message marked as a test, signed, and passes on the receiver\'s 2xx', async () => {
		const hmacSecret = randomBytes(24).toString('hex');
		const token = `Bearer ${randomBytes(16).toString('hex')}`;

		const answer = await testCredential('webhookNotifyApi', { url: receiver.url, headerName: 'Authorization', headerSecret: token, hmacSecret });

		expect(answer).toEqual({
			status: 'OK',
			message: 'The webhook receiver accepted a test message (HTTP 200): a POST with event "mediastack_test" (also in the X-Mediastack-Event header), signed with the HMAC secret. Check that it arrived where you expect.',
		});
		const [hook] = receiver.received;
		expect(hook.path).toBe(receiver.path);
		expect(hook.headers.authorization).toBe(token);
		expect(hook.headers['x-mediastack-event']).toBe('mediastack_test');
		expect(hook.json).toMatchObject({ source: 'mediastack', event: 'mediastack_test', severity: 'info', subject: '[mediastack] Test message from n8n', data: { test: true } });
		expect(String(hook.json.body)).toMatch(/no action is needed/);
		expect(verifyWebhookSignature(hook.raw, String(hook.headers['x-mediastack-signature']), hmacSecret)).toBe(true);
	});

	it('fails the webhook test when the receiver refuses it, with the node\'s message and without the URL\'s token path', async () => {
		receiver.status = 401;
		const refused = await testCredential('webhookNotifyApi', { url: receiver.url });
		expect(refused.status).toBe('Error');
		expect(refused.message).toBe(`Webhook refused the credentials (HTTP 401 on POST /***): receiver broke; see /hooks/...${receiver.path.slice(-8)}. Fix: check the headers (token) the webhook receiver expects.`);
		expect(refused.message).not.toContain(receiver.path.slice(-24));

		receiver.status = 500;
		const broken = await testCredential('webhookNotifyApi', { url: receiver.url });
		expect(broken.status).toBe('Error');
		expect(broken.message).toMatch(/^Webhook failed with HTTP 500/);
	});

	it('fails the webhook test on a login page that takes the POST with 200, but passes a receiver answering "ok" as text', async () => {
		const page = new LoopbackListener('login page', async (_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<!doctype html><html><head><title>Sign in</title></head><body>Login</body></html>');
		});
		const slackLike = new LoopbackListener('slack-like receiver', async (_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('ok');
		});
		await page.start();
		await slackLike.start();
		try {
			await expect(testCredential('webhookNotifyApi', { url: `${page.url}/hooks/x` })).resolves.toEqual({
				status: 'Error',
				message: 'The webhook URL answered the test message with an HTML page ("Sign in"), not as a webhook receiver: usually a login page or a reverse proxy in front of it. Fix: give the receiver\'s own webhook URL.',
			});
			await expect(testCredential('webhookNotifyApi', { url: `${slackLike.url}/services/T0/B0/x` })).resolves.toMatchObject({ status: 'OK' });
		} finally {
			await page.stop();
			await slackLike.stop();
		}
	});

	it('explains an unreachable receiver, a malformed URL, a short HMAC secret and a bad header name instead of bare codes', async () => {
		const url = receiver.url;
		await receiver.stop();
		try {
			const down = await testCredential('webhookNotifyApi', { url });
			expect(down.status).toBe('Error');
			expect(down.message).toMatch(/^Webhook is not reachable at http:\/\/127\.0\.0\.1:\d+\/\*\*\* \(connection refused\)\. Fix: check the webhook URL and that its receiver is running\.$/);
		} finally {
			await receiver.start();
		}
		await expect(testCredential('webhookNotifyApi', { url: 'example.org/hooks' })).resolves.toEqual({
			status: 'Error',
			message: 'The webhook URL is not a valid URL. Fix: give the full address, e.g. https://example.org/hooks/mediastack.',
		});
		await expect(testCredential('webhookNotifyApi', { url: receiver.url, hmacSecret: 'short' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/16 characters/) });
		await expect(testCredential('webhookNotifyApi', { url: receiver.url, headerName: 'Bad Header' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/not a valid header name/) });
		expect(receiver.received).toEqual([]);
	});

	it('adds the secret header only when both its name and value are set', async () => {
		const credential = new WebhookNotifyApi();

		await expect(credential.authenticate({ headerName: 'X-Token', headerSecret: 's3cret-value' }, { url: 'http://x', headers: { a: '1' } })).resolves.toEqual({
			url: 'http://x',
			headers: { a: '1', 'X-Token': 's3cret-value' },
		});
		await expect(credential.authenticate({ headerName: '', headerSecret: 'ignored' }, { url: 'http://x' })).resolves.toEqual({ url: 'http://x' });
	});

	describe('Apprise API', () => {
		let apprise: FakeAppriseApi;

		beforeEach(async () => {
			apprise = await startFakeAppriseApi();
		});

		afterEach(async () => {
			await apprise.close();
		});

		it('is tested by the Notify node\'s own client, not by a request that passes on any 200', () => {
			const credential = new AppriseApi();

			expect(credential.name).toBe('appriseApi');
			expect('test' in credential).toBe(false);
			expect(new Notify().getNodeType(2).description.credentials?.find((entry) => entry.name === 'appriseApi')?.testedBy).toBe('appriseApiTest');
			expect(credential.properties.find((property) => property.name === 'notificationUrls')?.typeOptions?.password).toBe(true);
		});

		it('passes against an Apprise API server, asking GET /status for JSON', async () => {
			await expect(testCredential('appriseApi', { url: apprise.url })).resolves.toEqual({ status: 'OK', message: 'Connected to the Apprise API server; it reports itself healthy.' });
			const [request] = apprise.requests;
			expect([request.method, request.path, request.headers.accept]).toEqual(['GET', '/status', 'application/json']);
		});

		it('fails on a login page and on another service\'s JSON, naming what answered', async () => {
			apprise.server.fault({ kind: 'html' });
			const page = await testCredential('appriseApi', { url: apprise.url });
			apprise.server.clearFaults();
			expect(page.status).toBe('Error');
			expect(page.message).toMatch(/^Apprise API answered GET \/status with an HTML page \("Sign in"\) where JSON was expected/);

			apprise.server.fault({ kind: 'status', status: 200, body: { appName: 'Sonarr', version: '4.0.10.2544' } });
			const other = await testCredential('appriseApi', { url: apprise.url });
			apprise.server.clearFaults();
			expect(other).toEqual({
				status: 'Error',
				message: 'The address answers GET /status, but not as an Apprise API server: its answer has no Apprise status. Fix: point the URL at the Apprise API server itself (e.g. http://apprise:8000), including its URL base if one is set.',
			});
		});

		it('explains an unreachable server and a URL without a scheme instead of bare codes', async () => {
			await expect(testCredential('appriseApi', { url: 'http://127.0.0.1:1' })).resolves.toEqual({
				status: 'Error',
				message: 'Apprise API is not reachable at http://127.0.0.1:1/status (connection refused). Fix: check the Apprise API URL and that the apprise-api server is running.',
			});
			await expect(testCredential('appriseApi', { url: 'apprise:8000' })).resolves.toMatchObject({
				status: 'Error',
				message: expect.stringMatching(/^The Apprise API URL "apprise:8000" is not an http:\/\/ or https:\/\/ address with a host\./),
			});
		});
	});
});
