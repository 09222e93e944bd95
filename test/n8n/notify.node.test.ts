import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, IDataObject, INode, INodeParameters } from 'n8n-workflow';
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
		return await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { resource: 'webhook', operation: 'send', ...parameters }, options.extra), {
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
		return await runWorkflow(singleNodeWorkflow(NOTIFY_NODE, { resource: 'apprise', operation: 'send', ...parameters }), { credentials: { appriseApi: credential }, triggerItems });
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
		await expect(testCredential('appriseApi', credential)).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });

		expect(apprise.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['POST', '/notify', proxyToken],
			['GET', '/status', proxyToken],
		]);
	});
});

describe('Notify credentials', () => {
	const webhookTest = new Notify().methods.credentialTest.webhookNotifyApiTest;
	const testWebhook = async (data: ICredentialDataDecryptedObject) =>
		await webhookTest.call({} as ICredentialTestFunctions, { id: 'c1', name: 'Hook', type: 'webhookNotifyApi', data });

	it('masks the webhook URL and both secrets, and is tested by the node without posting', async () => {
		const credential = new WebhookNotifyApi();

		expect(credential.name).toBe('webhookNotifyApi');
		const masked = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		expect(masked).toEqual(['url', 'headerSecret', 'hmacSecret']);
		expect(new Notify().description.credentials?.find((entry) => entry.name === 'webhookNotifyApi')?.testedBy).toBe('webhookNotifyApiTest');
		await expect(testWebhook({ url: 'https://example.org/hooks/abc' })).resolves.toMatchObject({ status: 'OK' });
		await expect(testWebhook({ url: 'example.org/hooks' })).resolves.toMatchObject({ status: 'Error' });
		await expect(testWebhook({ url: 'https://example.org/hooks', hmacSecret: 'short' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/16 characters/) });
		await expect(testWebhook({ url: 'https://example.org/hooks', headerName: 'Bad Header' })).resolves.toMatchObject({ status: 'Error' });
	});

	it('adds the secret header only when both its name and value are set', async () => {
		const credential = new WebhookNotifyApi();

		await expect(credential.authenticate({ headerName: 'X-Token', headerSecret: 's3cret-value' }, { url: 'http://x', headers: { a: '1' } })).resolves.toEqual({
			url: 'http://x',
			headers: { a: '1', 'X-Token': 's3cret-value' },
		});
		await expect(credential.authenticate({ headerName: '', headerSecret: 'ignored' }, { url: 'http://x' })).resolves.toEqual({ url: 'http://x' });
	});

	it('tests the Apprise API credential with GET /status', () => {
		const credential = new AppriseApi();

		expect(credential.name).toBe('appriseApi');
		expect(credential.test.request).toMatchObject({ baseURL: '={{$credentials.url}}', url: '/status', method: 'GET' });
		expect(credential.properties.find((property) => property.name === 'notificationUrls')?.typeOptions?.password).toBe(true);
	});
});
