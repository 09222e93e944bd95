import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArrClient } from '../../clients/arr/client';
import { buildWebhookConnection, findWebhook, findWebhooksByUrl, registerWebhook, removeWebhook, removeWebhooks, webhookEvents, webhookUrl } from '../../clients/arr/webhook';
import { ClientError, ConfigError } from '../../clients/core/errors';
import { PROWLARR, ProwlarrClient } from '../../clients/prowlarr';
import { RADARR, RadarrClient } from '../../clients/radarr';
import { SONARR, SonarrClient } from '../../clients/sonarr';
import type { WebhookDelivery } from '../fakes/arr-common';
import type { FakeConnections } from '../fakes/arr-common';
import { startFakeProwlarr } from '../fakes/prowlarr';
import { startFakeRadarr } from '../fakes/radarr';
import { startFakeSonarr } from '../fakes/sonarr';
import { failureOf } from '../support/errors';
import { NodeTransport } from '../support/node-transport';
import { Receiver, ReceivedRequest, startReceiver } from '../support/receiver';

/** What the webhook tests need of each app's fake. */
interface WebhookFake {
	url: string;
	apiKey: string;
	connections: FakeConnections;
	webhookDeliveries: WebhookDelivery[];
	emitWebhook(eventType: string, overrides?: Record<string, unknown>): Promise<WebhookDelivery[]>;
	close(): Promise<void>;
}

interface App {
	name: string;
	start(): Promise<WebhookFake>;
	client(fake: WebhookFake): ArrClient;
	/** Every event flag the app's Webhook offers. */
	events: string[];
	prefix: string;
}

const APPS: App[] = [
	{
		name: 'Sonarr',
		start: () => startFakeSonarr() as Promise<WebhookFake>,
		client: (fake) => new SonarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: SONARR, apiKey: fake.apiKey }) }),
		events: ['onGrab', 'onDownload', 'onUpgrade', 'onImportComplete', 'onRename', 'onSeriesAdd', 'onSeriesDelete', 'onEpisodeFileDelete', 'onEpisodeFileDeleteForUpgrade', 'onHealthIssue', 'onHealthRestored', 'onApplicationUpdate', 'onManualInteractionRequired'],
		prefix: '/api/v3',
	},
	{
		name: 'Radarr',
		start: () => startFakeRadarr() as Promise<WebhookFake>,
		client: (fake) => new RadarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: RADARR, apiKey: fake.apiKey }) }),
		events: ['onGrab', 'onDownload', 'onUpgrade', 'onRename', 'onMovieAdded', 'onMovieDelete', 'onMovieFileDelete', 'onMovieFileDeleteForUpgrade', 'onHealthIssue', 'onHealthRestored', 'onApplicationUpdate', 'onManualInteractionRequired'],
		prefix: '/api/v3',
	},
	{
		name: 'Prowlarr',
		start: () => startFakeProwlarr() as unknown as Promise<WebhookFake>,
		client: (fake) => new ProwlarrClient({ baseUrl: fake.url, transport: new NodeTransport({ service: PROWLARR, apiKey: fake.apiKey }) }),
		events: ['onGrab', 'onHealthIssue', 'onHealthRestored', 'onApplicationUpdate'],
		prefix: '/api/v1',
	},
];

const USERNAME = 'n8n-trigger';
const PASSWORD = 'Zq4yL2c9-webhook-secret-7f3e';

function basic(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function payloadOf(request: ReceivedRequest): Record<string, unknown> {
	return JSON.parse(request.rawBody) as Record<string, unknown>;
}

describe.each(APPS)('webhook connections in $name', (app) => {
	let fake: WebhookFake;
	let receiver: Receiver;
	let answer: number;

	beforeEach(async () => {
		answer = 200;
		fake = await app.start();
		receiver = await startReceiver({ answer: () => answer });
	});

	afterEach(async () => {
		await receiver.close();
		await fake.close();
	});

	const register = (options: Partial<Parameters<typeof registerWebhook>[1]> = {}) =>
		registerWebhook(app.client(fake), { name: 'n8n trigger', url: `${receiver.url}/webhook/abc`, username: USERNAME, password: PASSWORD, ...options });

	it('reads the events the app’s Webhook offers from its template', async () => {
		const template = await app.client(fake).notificationTemplate('Webhook');
		expect(webhookEvents(template)).toEqual(app.events);
	});

	it('registers a connection from the app’s template with exactly the chosen events, after the app’s test call', async () => {
		const saved = await register({ events: ['onGrab', 'onHealthIssue'], includeHealthWarnings: true });
		expect(saved.id).toEqual(expect.any(Number));
		const post = fake.connections.notifications[0];
		expect(post).toMatchObject({ name: 'n8n trigger', implementation: 'Webhook', configContract: 'WebhookSettings', onGrab: true, onHealthIssue: true, includeHealthWarnings: true, tags: [] });
		for (const event of app.events.filter((candidate) => !['onGrab', 'onHealthIssue'].includes(candidate))) expect(post[event]).toBe(false);
		expect(Object.fromEntries(post.fields.map((field) => [field.name, field.value]))).toMatchObject({ url: `${receiver.url}/webhook/abc`, method: 1, username: USERNAME, password: PASSWORD });
		// Like the apps: saving without forceSave posts a Test event first, with the credentials.
		expect(receiver.received).toHaveLength(1);
		expect(payloadOf(receiver.received[0])).toMatchObject({ eventType: 'Test', instanceName: app.name });
		expect(receiver.received[0].headers.authorization).toBe(basic(USERNAME, PASSWORD));
		expect(String(receiver.received[0].headers['user-agent'])).toMatch(new RegExp(`^${app.name}/`));
	});

	it('turns on every event the app offers when none is chosen, and skips the test call with forceSave', async () => {
		const saved = await register({ forceSave: true });
		for (const event of app.events) expect(saved[event]).toBe(true);
		expect(receiver.received).toHaveLength(0);
	});

	it('refuses an event the app does not offer, listing those it does, without saving anything', async () => {
		const error = await failureOf(register({ events: ['onGrab', 'onBookRetag'] }));
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.message).toBe(`${app.name} offers no webhook event "onBookRetag"; it offers: ${app.events.join(', ')}.`);
		expect(fake.connections.notifications).toEqual([]);
	});

	it('passes on the app’s refusal when the receiver fails the test call, and saves nothing', async () => {
		answer = 503;
		const error = await failureOf(register());
		expect(error).toBeInstanceOf(ClientError);
		expect(error.message).toContain('Unable to post to webhook');
		expect(fake.connections.notifications).toEqual([]);
		await expect(register({ forceSave: true })).resolves.toMatchObject({ name: 'n8n trigger' });
	});

	it('refuses a second connection with the same name, as the apps keep names unique', async () => {
		await register({ forceSave: true });
		const error = await failureOf(register({ url: `${receiver.url}/webhook/other`, forceSave: true }));
		expect(error).toBeInstanceOf(ClientError);
		expect(error.message).toContain('Should be unique');
	});

	it('replaces a connection left behind for the same URL instead of adding a second one', async () => {
		const stale = await register({ forceSave: true });
		const fresh = await register({ name: 'n8n trigger (again)', forceSave: true });
		expect(fresh.id).not.toBe(stale.id);
		expect(fake.connections.notifications.map((notification) => notification.id)).toEqual([fresh.id]);
		expect((await findWebhooksByUrl(app.client(fake), `${receiver.url}/webhook/abc`)).map(webhookUrl)).toEqual([`${receiver.url}/webhook/abc`]);
	});

	it('goes through the trigger’s whole cycle: register, the app posts an event, check, remove, gone', async () => {
		const client = app.client(fake);
		const saved = await register({ events: ['onGrab'], forceSave: true });
		const deliveries = await fake.emitWebhook('Grab');
		expect(deliveries).toEqual([expect.objectContaining({ notificationId: saved.id, status: 200, method: 'POST' })]);
		const [grab] = receiver.received;
		expect(grab.method).toBe('POST');
		expect(grab.path).toBe('/webhook/abc');
		expect(grab.headers['content-type']).toBe('application/json');
		expect(grab.headers.authorization).toBe(basic(USERNAME, PASSWORD));
		expect(payloadOf(grab)).toMatchObject({ eventType: 'Grab', instanceName: app.name, release: expect.objectContaining({ releaseTitle: expect.any(String) }) });
		expect(await findWebhook(client, saved.id!)).toMatchObject({ id: saved.id });
		await expect(removeWebhook(client, saved.id!)).resolves.toBe(true);
		expect(await findWebhook(client, saved.id!)).toBeUndefined();
		await expect(removeWebhook(client, saved.id!)).resolves.toBe(false);
		expect(await fake.emitWebhook('Grab')).toEqual([]);
		expect(receiver.received).toHaveLength(1);
	});

	it('removes connections by id or by the URL they post to, and leaves the others alone', async () => {
		const client = app.client(fake);
		const byId = await register({ name: 'kept id', url: `${receiver.url}/webhook/one`, forceSave: true });
		await register({ name: 'lost id', url: `${receiver.url}/webhook/two`, forceSave: true });
		const other = await register({ name: 'someone else', url: `${receiver.url}/webhook/three`, forceSave: true });
		await expect(removeWebhooks(client, { id: byId.id, url: `${receiver.url}/webhook/two` })).resolves.toBe(2);
		expect(fake.connections.notifications.map((notification) => notification.id)).toEqual([other.id]);
		await expect(removeWebhooks(client, { id: byId.id, url: `${receiver.url}/webhook/two` })).resolves.toBe(0);
		await expect(removeWebhooks(client, {})).resolves.toBe(0);
		expect(fake.connections.notifications).toHaveLength(1);
	});

	it('notices a connection the user deleted in the app', async () => {
		const saved = await register({ forceSave: true });
		fake.connections.notifications.splice(0);
		expect(await findWebhook(app.client(fake), saved.id!)).toBeUndefined();
	});

	it('posts only the events a connection takes: health warnings need includeHealthWarnings', async () => {
		await register({ events: ['onHealthIssue'], forceSave: true });
		expect(await fake.emitWebhook('Grab')).toEqual([]);
		expect(await fake.emitWebhook('Health')).toEqual([]);
		expect(await fake.emitWebhook('Health', { level: 'error' })).toHaveLength(1);
		expect(payloadOf(receiver.received[0])).toMatchObject({ eventType: 'Health', level: 'error', type: expect.any(String), wikiUrl: expect.stringContaining('wiki.servarr.com') });
	});

	it('posts with PUT when the connection says so, and records a receiver that fails', async () => {
		await register({ method: 'PUT', forceSave: true });
		answer = 500;
		const [delivery] = await fake.emitWebhook('ApplicationUpdate');
		expect(delivery).toMatchObject({ method: 'PUT', status: 500 });
		expect(payloadOf(receiver.received[0])).toMatchObject({ eventType: 'ApplicationUpdate', previousVersion: expect.any(String), newVersion: expect.any(String) });
	});
});

describe.each(APPS.filter((app) => app.name !== 'Prowlarr'))('webhook events of $name', (app) => {
	let fake: WebhookFake;
	let receiver: Receiver;

	beforeEach(async () => {
		fake = await app.start();
		receiver = await startReceiver();
		await registerWebhook(app.client(fake), { name: 'n8n', url: `${receiver.url}/hook`, events: ['onDownload'], forceSave: true });
	});

	afterEach(async () => {
		await receiver.close();
		await fake.close();
	});

	it('sends a download to onDownload and an upgrade only to onUpgrade', async () => {
		expect(await fake.emitWebhook('Download')).toHaveLength(1);
		expect(await fake.emitWebhook('Download', { isUpgrade: true })).toEqual([]);
		const download = payloadOf(receiver.received[0]);
		expect(download).toMatchObject({ eventType: 'Download', isUpgrade: false, downloadClient: 'qBittorrent' });
		expect(download[app.name === 'Sonarr' ? 'episodeFile' : 'movieFile']).toMatchObject({ relativePath: expect.any(String), quality: expect.any(String) });
	});
});

describe('buildWebhookConnection', () => {
	const template = {
		name: null as unknown as string,
		implementation: 'Webhook',
		configContract: 'WebhookSettings',
		fields: [{ name: 'url', value: null }, { name: 'method', value: 1 }, { name: 'username', value: null }, { name: 'password', value: null }, { name: 'headers', value: [] }],
		onGrab: false,
		supportsOnGrab: true,
		onRename: false,
		supportsOnRename: false,
		presets: [],
	};

	it('fills in the template without its presets and keeps the fields it does not know', () => {
		const connection = buildWebhookConnection(template, { name: ' hook ', url: ' http://n8n:5678/webhook/x ' });
		expect(connection).toEqual({
			name: 'hook',
			implementation: 'Webhook',
			configContract: 'WebhookSettings',
			tags: [],
			fields: [
				{ name: 'url', value: 'http://n8n:5678/webhook/x' },
				{ name: 'method', value: 1 },
				{ name: 'username', value: '' },
				{ name: 'password', value: '' },
				{ name: 'headers', value: [] },
			],
			onGrab: true,
			onRename: false,
			supportsOnGrab: true,
			supportsOnRename: false,
		});
	});

	it('turns off the events it was not asked for, even those a template has on', () => {
		const connection = buildWebhookConnection({ ...template, onGrab: true, onRename: true, supportsOnRename: true }, { name: 'x', url: 'http://n8n', events: ['onRename'] });
		expect(connection).toMatchObject({ onGrab: false, onRename: true });
		expect(() => buildWebhookConnection(template, { name: 'x', url: 'http://n8n', events: [] })).toThrow('needs at least one event; it offers: onGrab');
	});

	it('refuses what the app would refuse: no name, no http URL, another template', () => {
		expect(() => buildWebhookConnection(template, { name: ' ', url: 'http://n8n' })).toThrow(ConfigError);
		expect(() => buildWebhookConnection(template, { name: 'x', url: 'n8n:5678/webhook' })).toThrow('must be an http:// or https:// address');
		expect(() => buildWebhookConnection({ ...template, implementation: 'Discord' }, { name: 'x', url: 'http://n8n' })).toThrow('needs the "Webhook" template');
		expect(() => buildWebhookConnection(template, { name: 'x', url: 'http://n8n', events: ['onRename'] })).toThrow('it offers: onGrab');
	});
});
