/**
 * The template workflows/arr-download-upgrade-notify.json in process: its nodes hold up against
 * the package's descriptions, and for each app the template's own trigger node is activated
 * through the trigger harness against the app's fake (which registers a Webhook connection),
 * the fake posts a first download and an upgrade, the rest of the template runs with what the
 * trigger emitted, and the webhook receiver gets one readable message per event. n8n's Set and
 * Sticky Note nodes are the stand-ins of template-kit.ts.
 */
import type { INode } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ArrNotification } from '../../clients/arr/types';
import type { WebhookPayload } from '../../clients/notify/webhook';
import { PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, runWorkflow } from './harness';
import { BASE_NODES, expectImportable, loadTemplate, problemsOf, setNode, stickyNote } from './template-kit';
import type { ActiveTrigger } from './trigger-harness';
import { activateTrigger } from './trigger-harness';
import type { WebhookDelivery } from '../fakes/arr-common';
import { startFakeRadarr } from '../fakes/radarr';
import { startFakeSonarr } from '../fakes/sonarr';
import type { Receiver } from '../support/receiver';
import { startReceiver } from '../support/receiver';

const TEMPLATE_FILE = 'arr-download-upgrade-notify.json';
const template = loadTemplate(TEMPLATE_FILE);
const SONARR_TRIGGER = 'Sonarr imported an episode';
const RADARR_TRIGGER = 'Radarr imported a movie';

function nodeNamed(name: string): INode {
	const node = template.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${TEMPLATE_FILE} has no node "${name}"`);
	return node;
}

describe(`template ${TEMPLATE_FILE}`, () => {
	it('is an importable workflow: id, unique node ids and names, connections between existing nodes', () => {
		expectImportable(template);
		expect(template.name).toBe('Sonarr/Radarr download or upgrade → notify');
		expect(template.active).toBe(false);
	});

	it('wires each app\'s trigger through its own Describe node into the one Notify node', () => {
		const next = (name: string) => (template.connections[name]?.main ?? []).flat().map((target) => target?.node);
		expect(next(SONARR_TRIGGER)).toEqual(['Describe the episode']);
		expect(next(RADARR_TRIGGER)).toEqual(['Describe the movie']);
		expect(next('Describe the episode')).toEqual(['Notify']);
		expect(next('Describe the movie')).toEqual(['Notify']);
	});

	it('uses our nodes by their community-package names, and of n8n\'s own only Set and Sticky Note: no code node', () => {
		const types = template.nodes.map((node) => node.type);
		expect([...new Set(types.filter((type) => !type.startsWith(`${PACKAGE_NAME}.`)))].sort()).toEqual(['n8n-nodes-base.set', 'n8n-nodes-base.stickyNote']);
		for (const node of template.nodes.filter((candidate) => candidate.type.startsWith('n8n-nodes-base.'))) expect(BASE_NODES[node.type], node.name).toBe(node.typeVersion);
		expect(nodeNamed(SONARR_TRIGGER).type).toBe(`${PACKAGE_NAME}.sonarrTrigger`);
		expect(nodeNamed(RADARR_TRIGGER).type).toBe(`${PACKAGE_NAME}.radarrTrigger`);
		expect(nodeNamed('Notify')).toMatchObject({ type: `${PACKAGE_NAME}.notify`, typeVersion: 2 });
	});

	it('gives every node of ours valid parameters and credentials, the triggers download + upgrade and a webhook id each', () => {
		const ours = template.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
		expect(ours).toHaveLength(3);
		expect(ours.flatMap(problemsOf)).toEqual([]);
		for (const name of [SONARR_TRIGGER, RADARR_TRIGGER]) {
			const trigger = nodeNamed(name);
			expect(trigger.parameters).toEqual({ events: ['download', 'upgrade'] });
			expect(trigger.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
		expect(nodeNamed(SONARR_TRIGGER).webhookId).not.toBe(nodeNamed(RADARR_TRIGGER).webhookId);
	});

	it('refers to credentials by type names that exist, as placeholders with an id and a name', () => {
		const known = new Set(PACKAGE_CREDENTIAL_TYPES.map((type) => type.name));
		const used = template.nodes.flatMap((node) => Object.entries(node.credentials ?? {}));
		expect(used.map(([type]) => type).sort()).toEqual(['radarrApi', 'sonarrApi', 'webhookNotifyApi']);
		for (const [type, reference] of used) {
			expect(known.has(type), type).toBe(true);
			expect(reference).toMatchObject({ id: expect.stringMatching(/^mdstk/), name: expect.any(String) });
		}
	});

	it('explains the setup in its sticky notes: credentials, reachability, WEBHOOK_URL, the Test button, the Basic auth', () => {
		const notes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote').map((node) => String(node.parameters.content)).join('\n');
		for (const words of ['n8n-nodes-mediastack', 'Sonarr API', 'Radarr API', 'Webhook Notification API', 'Apprise API', 'WEBHOOK_URL', 'Settings → Connect', '**Test**', 'Basic auth', '401']) {
			expect(notes, words).toContain(words);
		}
	});
});

/** The Notify webhook message as the receiver got it. */
function messagesOf(receiver: Receiver): WebhookPayload[] {
	return receiver.received.map((request) => JSON.parse(request.rawBody) as WebhookPayload);
}

interface AppCase {
	app: 'Sonarr' | 'Radarr';
	triggerName: string;
	start: () => Promise<{
		url: string;
		apiKey: string;
		readonly connections: { notifications: ArrNotification[] };
		webhookPayload(eventType: 'Download'): Record<string, unknown>;
		emitWebhook(eventType: 'Download' | 'Grab', overrides?: Record<string, unknown>): Promise<WebhookDelivery[]>;
		close(): Promise<void>;
	}>;
	/** What an upgrade adds to the app's Download payload: the file it replaced. */
	upgrade: (download: Record<string, unknown>) => Record<string, unknown>;
	download: { subject: string; body: string };
	upgraded: { subject: string; body: string };
}

const CASES: AppCase[] = [
	{
		app: 'Sonarr',
		triggerName: SONARR_TRIGGER,
		start: () => startFakeSonarr(),
		upgrade: (download) => ({ isUpgrade: true, deletedFiles: [{ ...(download.episodeFile as object), id: 9001, quality: 'WEBDL-1080p', releaseGroup: 'NTb' }] }),
		download: {
			subject: 'Downloaded: Severance S02E05 – Episode 5',
			body: [
				'Severance S02E05 – Episode 5',
				'Quality: WEBDL-2160p',
				'Release group: FLUX',
				'Upgrade: no',
				'Download client: qBittorrent',
				'Release: Severance.S02E05.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX',
				'From: Sonarr',
			].join('\n'),
		},
		upgraded: {
			subject: 'Upgraded: Severance S02E05 – Episode 5',
			body: [
				'Severance S02E05 – Episode 5',
				'Quality: WEBDL-2160p',
				'Release group: FLUX',
				'Upgrade: yes, replaces WEBDL-1080p',
				'Download client: qBittorrent',
				'Release: Severance.S02E05.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX',
				'From: Sonarr',
			].join('\n'),
		},
	},
	{
		app: 'Radarr',
		triggerName: RADARR_TRIGGER,
		// Dune: Part Two with its file, so the Download events are about it.
		start: () => startFakeRadarr({ movies: [{ tmdbId: 693134, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', added: '2024-06-01T18:45:00Z', hasFile: true }] }),
		upgrade: (download) => ({ isUpgrade: true, deletedFiles: [{ ...(download.movieFile as object), id: 9001, quality: 'WEBDL-1080p', releaseGroup: 'FLUX' }] }),
		download: {
			subject: 'Downloaded: Dune: Part Two (2024)',
			body: [
				'Dune: Part Two (2024)',
				'Quality: Bluray-2160p',
				'Release group: FraMeSToR',
				'Upgrade: no',
				'Download client: qBittorrent',
				'Release: Dune.Part.Two.2024.2160p.BluRay.x264-FraMeSToR',
				'From: Radarr',
			].join('\n'),
		},
		upgraded: {
			subject: 'Upgraded: Dune: Part Two (2024)',
			body: [
				'Dune: Part Two (2024)',
				'Quality: Bluray-2160p',
				'Release group: FraMeSToR',
				'Upgrade: yes, replaces WEBDL-1080p',
				'Download client: qBittorrent',
				'Release: Dune.Part.Two.2024.2160p.BluRay.x264-FraMeSToR',
				'From: Radarr',
			].join('\n'),
		},
	},
];

describe.each(CASES)(`template ${TEMPLATE_FILE} with the fake $app`, (appCase) => {
	const { app, triggerName } = appCase;
	const triggerNode = nodeNamed(triggerName);
	const credentialType = `${app.toLowerCase()}Api`;
	let fake: Awaited<ReturnType<AppCase['start']>>;
	let receiver: Receiver;
	let trigger: ActiveTrigger | undefined;

	beforeEach(async () => {
		fake = await appCase.start();
		receiver = await startReceiver();
	});

	afterEach(async () => {
		await trigger?.deactivate();
		trigger = undefined;
		await receiver.close();
		await fake.close();
	});

	/** The template's trigger node, activated as n8n activates it. */
	async function activate(): Promise<ActiveTrigger> {
		trigger = await activateTrigger({
			nodeName: triggerNode.type.slice(`${PACKAGE_NAME}.`.length),
			parameters: triggerNode.parameters,
			credentials: { [credentialType]: { url: fake.url, apiKey: fake.apiKey } },
			workflowName: template.name,
			node: { id: triggerNode.id, name: triggerNode.name, webhookId: triggerNode.webhookId },
		});
		return trigger;
	}

	/** The rest of the template, started from what the trigger emitted for one call. */
	async function runFrom(active: ActiveTrigger, call: number) {
		return await runWorkflow(template, {
			startNode: triggerName,
			triggerItems: active.runs[call],
			credentials: { webhookNotifyApi: { url: `${receiver.url}/hooks/media` } },
			nodeTypes: { 'n8n-nodes-base.set': setNode, 'n8n-nodes-base.stickyNote': stickyNote },
		});
	}

	it(`registers one Webhook connection in ${app} for imports and upgrades only, at the trigger's production URL`, async () => {
		const active = await activate();
		expect(fake.connections.notifications).toHaveLength(1);
		const [connection] = fake.connections.notifications;
		expect(connection).toMatchObject({ implementation: 'Webhook', onDownload: true, onUpgrade: true, onGrab: false, onRename: false, onHealthIssue: false });
		expect(connection.name).toBe(`n8n: ${template.name} / ${triggerName} (${String(triggerNode.webhookId).slice(0, 8)})`);
		expect(connection.fields.find((field) => field.name === 'url')?.value).toBe(active.webhookUrl);
		expect(active.webhookUrl).toMatch(new RegExp(`/webhook/${String(triggerNode.webhookId)}/webhook$`));
		// A grab is not posted at all.
		expect(await fake.emitWebhook('Grab')).toEqual([]);
	});

	it('sends one readable message for a first download, then one for an upgrade', async () => {
		const active = await activate();

		const download = await fake.emitWebhook('Download');
		expect(download.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.runs).toHaveLength(1);
		expect(active.runs[0]).toEqual([expect.objectContaining({ event: 'download', eventType: 'Download', isUpgrade: false })]);
		const first = await runFrom(active, 0);
		expect(first.status).toBe('success');
		expect(first.executionOrder).toEqual([triggerName, app === 'Sonarr' ? 'Describe the episode' : 'Describe the movie', 'Notify']);

		const upgrade = await fake.emitWebhook('Download', appCase.upgrade(fake.webhookPayload('Download')));
		expect(upgrade.map((delivery) => delivery.status)).toEqual([200]);
		expect(active.runs[1]).toEqual([expect.objectContaining({ event: 'upgrade', eventType: 'Download', isUpgrade: true })]);
		const second = await runFrom(active, 1);
		expect(second.status).toBe('success');

		const messages = messagesOf(receiver);
		expect(messages.map(({ event, severity, subject, body }) => ({ event, severity, subject, body }))).toEqual([
			{ event: `${app.toLowerCase()}_download`, severity: 'info', ...appCase.download },
			{ event: `${app.toLowerCase()}_upgrade`, severity: 'info', ...appCase.upgraded },
		]);
		expect(receiver.received.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /hooks/media', 'POST /hooks/media']);
		// The app's API key reaches neither the workflow's items nor the messages.
		expect(JSON.stringify([active.runs, messages, active.staticData])).not.toContain(fake.apiKey);
	});

	it('removes the connection when the workflow is deactivated', async () => {
		const active = await activate();
		await active.deactivate();
		trigger = undefined;
		expect(fake.connections.notifications).toEqual([]);
		expect(await fake.emitWebhook('Download')).toEqual([]);
	});
});

describe(`template ${TEMPLATE_FILE}: the Sonarr message for other imports`, () => {
	let receiver: Receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
	});

	afterEach(async () => {
		await receiver.close();
	});

	it('lists every episode of a season pack, and says when a file was imported by hand', async () => {
		const sonarr = await startFakeSonarr();
		try {
			const payload = sonarr.webhookPayload('Download');
			const [episode] = payload.episodes as Array<Record<string, unknown>>;
			const item = {
				event: 'download',
				...payload,
				episodes: [1, 2, 3].map((episodeNumber) => ({ ...episode, id: episodeNumber, seasonNumber: 2, episodeNumber, title: `Episode ${episodeNumber}` })),
				release: undefined,
				downloadClient: null,
				downloadClientType: null,
				downloadId: null,
			};
			const result = await runWorkflow(template, {
				startNode: SONARR_TRIGGER,
				triggerItems: [item],
				credentials: { webhookNotifyApi: { url: `${receiver.url}/hooks/media` } },
				nodeTypes: { 'n8n-nodes-base.set': setNode, 'n8n-nodes-base.stickyNote': stickyNote },
			});
			expect(result.status).toBe('success');
			const [message] = messagesOf(receiver);
			expect(message.subject).toBe('Downloaded: Severance S02E01, S02E02, S02E03');
			expect(message.body.split('\n')).toEqual([
				'Severance S02E01, S02E02, S02E03',
				'Quality: WEBDL-2160p',
				'Release group: FLUX',
				'Upgrade: no',
				'Download client: none (imported by hand)',
				`Release: ${String((payload.episodeFile as { sceneName: string }).sceneName)}`,
				'From: Sonarr',
			]);
		} finally {
			await sonarr.close();
		}
	});
});
