/**
 * The template workflows/arr-download-upgrade-notify.json in a real n8n 2.41.1 on Node 24, with
 * the package installed as a community package (support/n8n.ts): credentials pointing at the
 * fake Sonarr and fake Radarr and at a loopback webhook receiver are imported with the CLI, the
 * template is imported unchanged, then `n8n start` serves it and the test works n8n's REST API as
 * the editor's Publish / Deactivate buttons do.
 *
 * The webhook triggers' whole cycle runs here as users get it: activating the workflow makes each
 * trigger register a Webhook connection in its app, at n8n's own production webhook URL
 * (N8N_WEBHOOK_URL, set by support/n8n.ts to n8n's loopback address); the fakes post a first
 * download and an upgrade there, as the apps do, with the connection's Basic auth; n8n runs the
 * workflow for each, and the receiver gets one message each. A forged call and the apps' Test
 * button start nothing. Deactivating removes both connections.
 *
 * n8n 2.41 publishes a workflow in the background (its publication service): the REST call
 * returns at once and each trigger registers, or fails, on its own, as the publication status
 * shows. Last, the same n8n restarted without that service (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=
 * false: the way every n8n 1.x activates) activates in the request and undoes all of a
 * workflow's triggers when one fails; a copy of the template with a wrong Radarr key shows both.
 *
 * Needs the n8n install that `node scripts/ensure-n8n.mjs` makes (`npm test` runs it through
 * scripts/bootstrap.mjs --for-tests); without it setup fails and says what to run.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ArrNotification } from '../../clients/arr/types';
import type { WebhookPayload } from '../../clients/notify/webhook';
import { fieldOf } from '../fakes/arr-common';
import type { FakeRadarr } from '../fakes/radarr';
import { startFakeRadarr } from '../fakes/radarr';
import type { FakeSonarr } from '../fakes/sonarr';
import { startFakeSonarr } from '../fakes/sonarr';
import { repoRoot } from '../support/specs';
import type { CommunityN8n, N8nServer, WorkflowTemplate } from './support/n8n';
import { addManualTrigger, addNodeByAction, canvasShows, closeAndSave, fillParameter, openEditor, optionNames, pickOption, whenPickerLoaded } from './support/editor';
import { credentialReference, loadTemplate, PACKAGE_NAME, PhaseLog, runFailure, setUpCommunityN8n } from './support/n8n';
import type { WebhookReceiver } from './support/webhook-receiver';
import { startWebhookReceiver } from './support/webhook-receiver';

const TEMPLATE_FILE = path.join(repoRoot, 'workflows', 'arr-download-upgrade-notify.json');
const HOOK_PATH = '/hooks/media';
const SONARR_TRIGGER = 'Sonarr imported an episode';
const RADARR_TRIGGER = 'Radarr imported a movie';
const WAIT_MS = 60_000;
/** A copy of the template whose Radarr credential has a wrong API key. */
const WRONG_RADARR_ID = 'e2eArrWrongRadar';
const WRONG_RADARR_CREDENTIAL = { id: 'e2eRadarrWrongKey', name: 'Radarr with a wrong key' };

/** Polls `probe` until it returns something other than undefined; fails with `what` and the last value seen. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = WAIT_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** What n8n 2.x's publication service reports for a workflow (GET /rest/workflows/:id/publication-status). */
interface PublicationStatus {
	status: 'in_progress' | 'published' | 'partial' | 'failed' | 'not_published';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** An execution as n8n's executions list shows it. */
interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished?: boolean;
}

/** The parts of a stored run this test reads. */
interface StoredRun {
	resultData: { runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message?: string } }>>; error?: { message?: string } };
}

describe(`${PACKAGE_NAME}: the Sonarr/Radarr download or upgrade → notify template in a real n8n`, () => {
	const phases = new PhaseLog();
	let n8n: CommunityN8n | undefined;
	let server: N8nServer | undefined;
	let sonarr: FakeSonarr | undefined;
	let radarr: FakeRadarr | undefined;
	let receiver: WebhookReceiver | undefined;
	let template: WorkflowTemplate;

	const peers = () => ({ n8n: n8n!, server: server!, sonarr: sonarr!, radarr: radarr!, receiver: receiver! });

	function triggerNode(name: string): { id: string; webhookId: string } {
		const node = template.nodes.find((candidate) => candidate.name === name) as { id?: string; webhookId?: string } | undefined;
		if (!node?.webhookId || !node.id) throw new Error(`the template's "${name}" has no id or webhookId`);
		return { id: node.id, webhookId: node.webhookId };
	}

	/** The production URL n8n serves the trigger's webhook at: `<WEBHOOK_URL>webhook/<webhookId>/<path>`. */
	function productionUrl(name: string): string {
		return `${peers().server.webhookBaseUrl}${triggerNode(name).webhookId}/webhook`;
	}

	async function executions(): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: template.id }));
		const page = await peers().server.rest<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`);
		return [...page.results].sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Waits until n8n lists `count` finished executions of the template. */
	async function finishedExecutions(count: number): Promise<ExecutionSummary[]> {
		return await until(`n8n lists ${count} finished executions`, async () => {
			const done = (await executions()).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			return done.length >= count ? done : undefined;
		});
	}

	/** Waits until the receiver has `count` messages; all of them, parsed. */
	async function messages(count: number): Promise<WebhookPayload[]> {
		const { receiver } = peers();
		await until(`the receiver gets ${count} messages`, () => (receiver.received.length >= count ? true : undefined));
		return receiver.received.map((request) => JSON.parse(request.rawBody) as WebhookPayload);
	}

	/** A stored run, decoded the way n8n's editor decodes it (n8n keeps run data as `flatted` text). */
	async function storedRun(id: string): Promise<StoredRun> {
		const execution = await peers().server.rest<{ data: string }>('GET', `/executions/${id}`);
		const flatted = createRequire(peers().n8n.install.n8nBin)('flatted') as { parse: (text: string) => unknown };
		return flatted.parse(execution.data) as StoredRun;
	}

	function webhookConnections(app: { connections: { notifications: ArrNotification[] } }): ArrNotification[] {
		return app.connections.notifications.filter((connection) => connection.implementation === 'Webhook');
	}

	/** The node of a workflow the editor saved, once the save carries what `ready` looks for. */
	async function savedNode(workflowId: string, type: string, ready: (parameters: Record<string, unknown>) => boolean) {
		return await until(`the editor saves workflow ${workflowId} with its ${type} node`, async () => {
			const workflow = await peers().server.rest<{ nodes?: Array<{ type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }> }>('GET', `/workflows/${workflowId}`).catch(() => undefined);
			const node = workflow?.nodes?.find((candidate) => candidate.type === type);
			return node && ready(node.parameters) ? node : undefined;
		});
	}

	/** Publishes a workflow the way the editor's Publish button does: its current version. */
	async function activate(workflowId: string): Promise<{ active: boolean }> {
		const saved = await peers().server.rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		return await peers().server.rest<{ active: boolean }>('POST', `/workflows/${workflowId}/activate`, { versionId: saved.versionId });
	}

	/** The publication status once n8n has worked through it. */
	async function settledPublication(workflowId: string): Promise<PublicationStatus> {
		return await until(`the publication of ${workflowId} settles`, async () => {
			const status = await peers().server.rest<PublicationStatus>('GET', `/workflows/${workflowId}/publication-status`);
			return status.status === 'in_progress' ? undefined : status;
		});
	}

	/** The Webhook connections of each app, once both hold `count` (n8n 2.x registers after its answer). */
	async function connectionsOnceThere(count: number): Promise<{ sonarr: ArrNotification[]; radarr: ArrNotification[] }> {
		return await until(`both apps hold ${count} Webhook connection(s)`, () => {
			const held = { sonarr: webhookConnections(peers().sonarr), radarr: webhookConnections(peers().radarr) };
			return held.sonarr.length === count && held.radarr.length === count ? held : undefined;
		});
	}

	beforeAll(async () => {
		template = await loadTemplate(TEMPLATE_FILE);
		n8n = await setUpCommunityN8n(phases);
		const started = await phases.time('start fake Sonarr + fake Radarr + webhook receiver', () =>
			Promise.allSettled([
				startFakeSonarr(),
				// Dune: Part Two with its file, so Radarr's imports are about it.
				startFakeRadarr({ movies: [{ tmdbId: 693134, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', added: '2024-06-01T18:45:00Z', hasFile: true }] }),
				startWebhookReceiver(HOOK_PATH),
			]),
		);
		// Whatever started is kept, so afterAll stops it even when another one failed.
		sonarr = started[0].status === 'fulfilled' ? started[0].value : undefined;
		radarr = started[1].status === 'fulfilled' ? started[1].value : undefined;
		receiver = started[2].status === 'fulfilled' ? started[2].value : undefined;
		const failed = started.find((result) => result.status === 'rejected');
		if (failed) throw failed.reason;

		await phases.time('n8n import:credentials, 4 credentials (first start: migrations)', () =>
			n8n!.importCredentials([
				{ ...credentialReference([template], 'sonarrApi'), type: 'sonarrApi', data: { url: sonarr!.url, apiKey: sonarr!.apiKey } },
				{ ...credentialReference([template], 'radarrApi'), type: 'radarrApi', data: { url: radarr!.url, apiKey: radarr!.apiKey } },
				{ ...credentialReference([template], 'webhookNotifyApi'), type: 'webhookNotifyApi', data: { url: receiver!.url } },
				{ ...WRONG_RADARR_CREDENTIAL, type: 'radarrApi', data: { url: radarr!.url, apiKey: 'f'.repeat(32) } },
			]),
		);
		const wrongRadarr = structuredClone(template);
		wrongRadarr.id = WRONG_RADARR_ID;
		wrongRadarr.name = `${template.name} (wrong Radarr key)`;
		for (const node of wrongRadarr.nodes) if (node.credentials?.radarrApi) node.credentials.radarrApi = WRONG_RADARR_CREDENTIAL;
		const wrongRadarrFile = path.join(n8n.tempDir, 'arr-download-upgrade-notify.wrong-radarr-key.json');
		await writeFile(wrongRadarrFile, JSON.stringify(wrongRadarr, null, '\t'));
		await phases.time('n8n import:workflow, the template and its copy', () => n8n!.importWorkflows([TEMPLATE_FILE, wrongRadarrFile]));
		server = await phases.time('n8n start + owner setup', () => n8n!.startServer());
	}, 600_000);

	afterAll(async () => {
		console.log(phases.report(`[n8n e2e, arr triggers] phases (n8n ${n8n?.install.n8nVersion ?? '?'} on Node ${n8n?.install.nodeVersion ?? '?'})`));
		await server?.stop();
		const closing = await Promise.allSettled([sonarr?.close(), radarr?.close(), receiver?.close()]);
		await n8n?.close();
		for (const result of closing) if (result.status === 'rejected') throw result.reason;
	}, 60_000);

	it('registers a Webhook connection in each app at n8n\'s production webhook URL when the workflow is activated', async () => {
		const { server, sonarr, radarr } = peers();
		expect(webhookConnections(sonarr)).toEqual([]);
		expect(webhookConnections(radarr)).toEqual([]);

		expect((await server.rest<{ active: boolean }>('GET', `/workflows/${template.id}`)).active).toBe(false);
		const activated = await phases.time('activate the workflow (REST)', () => activate(template.id));
		expect(activated.active).toBe(true);
		const held = await phases.time('both triggers registered (after the REST answer)', () => connectionsOnceThere(1));
		const publication = await settledPublication(template.id);
		expect(publication.status).toBe('published');
		expect(publication.triggers.map(({ nodeId, status, errorMessage }) => ({ nodeId, status, errorMessage })).sort((a, b) => a.nodeId.localeCompare(b.nodeId))).toEqual(
			[triggerNode(SONARR_TRIGGER).id, triggerNode(RADARR_TRIGGER).id].sort().map((nodeId) => ({ nodeId, status: 'activated', errorMessage: null })),
		);

		for (const [connections, triggerName] of [[held.sonarr, SONARR_TRIGGER], [held.radarr, RADARR_TRIGGER]] as const) {
			const [connection] = connections;
			expect(connection).toMatchObject({ onDownload: true, onUpgrade: true, onGrab: false, onRename: false, onHealthIssue: false, onApplicationUpdate: false });
			expect(connection.name).toBe(`n8n: ${template.name} / ${triggerName} (${triggerNode(triggerName).webhookId.slice(0, 8)})`);
			expect(fieldOf(connection, 'url')).toBe(productionUrl(triggerName));
			expect(fieldOf(connection, 'username')).toBe('n8n');
			expect(String(fieldOf(connection, 'password'))).toMatch(/^[0-9a-f]{64}$/);
		}
		// Registered with forceSave: the apps did not post their Test event to n8n, so nothing ran.
		expect(sonarr.connections.deliveries).toEqual([]);
		expect(radarr.connections.deliveries).toEqual([]);
		expect(await executions()).toEqual([]);
		expect(sonarr.violations).toEqual([]);
		expect(radarr.violations).toEqual([]);
	});

	it('refuses a forged call to the production URL and starts no execution', async () => {
		const forge = (authorization?: string) =>
			fetch(productionUrl(SONARR_TRIGGER), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
				body: JSON.stringify(peers().sonarr.webhookPayload('Download')),
			});
		const wrongPassword = await forge(`Basic ${Buffer.from(`n8n:${'0'.repeat(64)}`).toString('base64')}`);
		expect(wrongPassword.status).toBe(401);
		expect(await wrongPassword.json()).toEqual({ message: 'Not a call of the Sonarr this trigger registered with: wrong or missing credentials.' });
		const bare = await forge();
		expect(bare.status).toBe(401);
		// Radarr's registration does not open Sonarr's door either.
		const radarrPassword = String(fieldOf(webhookConnections(peers().radarr)[0], 'password'));
		expect((await forge(`Basic ${Buffer.from(`n8n:${radarrPassword}`).toString('base64')}`)).status).toBe(401);
		// Whatever n8n would start for them, it would have listed by now.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executions()).toEqual([]);
		expect(peers().receiver.received).toEqual([]);
	});

	it('answers the apps\' Test button without starting the workflow', async () => {
		const { sonarr, radarr } = peers();
		expect((await sonarr.emitWebhook('Test')).map((delivery) => delivery.status)).toEqual([200]);
		expect((await radarr.emitWebhook('Test')).map((delivery) => delivery.status)).toEqual([200]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executions()).toEqual([]);
	});

	it('runs the workflow for each download and upgrade the apps post, and the receiver gets one readable message each', async () => {
		const { sonarr, radarr } = peers();
		const posted = await phases.time('the fakes post 4 events; n8n runs 4 executions; 4 messages arrive', async () => {
			const deliveries = [
				...(await sonarr.emitWebhook('Download')),
				...(await sonarr.emitWebhook('Download', { isUpgrade: true, deletedFiles: [{ ...(sonarr.webhookPayload('Download').episodeFile as object), id: 9001, quality: 'WEBDL-1080p', releaseGroup: 'NTb' }] })),
				...(await radarr.emitWebhook('Download')),
				...(await radarr.emitWebhook('Download', { isUpgrade: true, deletedFiles: [{ ...(radarr.webhookPayload('Download').movieFile as object), id: 9001, quality: 'WEBDL-1080p', releaseGroup: 'FLUX' }] })),
			];
			await finishedExecutions(4);
			await messages(4);
			return deliveries;
		});
		// n8n answers as soon as it has the call (the triggers' response mode), with its own body.
		expect(posted.map((delivery) => [delivery.status, delivery.url])).toEqual([
			[200, productionUrl(SONARR_TRIGGER)],
			[200, productionUrl(SONARR_TRIGGER)],
			[200, productionUrl(RADARR_TRIGGER)],
			[200, productionUrl(RADARR_TRIGGER)],
		]);

		const listed = await executions();
		expect(listed.map((execution) => [execution.mode, execution.status])).toEqual(Array(4).fill(['webhook', 'success']));
		const received = (await messages(4)).map(({ event, severity, subject, body }) => ({ event, severity, subject, body: body.split('\n') }));
		// Each execution is its own, so the order the messages arrive in may differ from the posts'.
		expect(received).toEqual(
			expect.arrayContaining([
				{
					event: 'sonarr_download',
					severity: 'info',
					subject: 'Downloaded: Severance S02E05 – Episode 5',
					body: ['Severance S02E05 – Episode 5', 'Quality: WEBDL-2160p', 'Release group: FLUX', 'Upgrade: no', 'Download client: qBittorrent', 'Release: Severance.S02E05.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX', 'From: Sonarr'],
				},
				{
					event: 'sonarr_upgrade',
					severity: 'info',
					subject: 'Upgraded: Severance S02E05 – Episode 5',
					body: ['Severance S02E05 – Episode 5', 'Quality: WEBDL-2160p', 'Release group: FLUX', 'Upgrade: yes, replaces WEBDL-1080p', 'Download client: qBittorrent', 'Release: Severance.S02E05.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX', 'From: Sonarr'],
				},
				{
					event: 'radarr_download',
					severity: 'info',
					subject: 'Downloaded: Dune: Part Two (2024)',
					body: ['Dune: Part Two (2024)', 'Quality: Bluray-2160p', 'Release group: FraMeSToR', 'Upgrade: no', 'Download client: qBittorrent', 'Release: Dune.Part.Two.2024.2160p.BluRay.x264-FraMeSToR', 'From: Radarr'],
				},
				{
					event: 'radarr_upgrade',
					severity: 'info',
					subject: 'Upgraded: Dune: Part Two (2024)',
					body: ['Dune: Part Two (2024)', 'Quality: Bluray-2160p', 'Release group: FraMeSToR', 'Upgrade: yes, replaces WEBDL-1080p', 'Download client: qBittorrent', 'Release: Dune.Part.Two.2024.2160p.BluRay.x264-FraMeSToR', 'From: Radarr'],
				},
			]),
		);
		expect(received).toHaveLength(4);
		expect(peers().receiver.received.map((request) => `${request.method} ${request.path}`)).toEqual(Array(4).fill(`POST ${HOOK_PATH}`));

		// What n8n stored: each run went trigger → Describe → Notify, the trigger's item carrying the event.
		const runs = await Promise.all(listed.map((execution) => storedRun(execution.id)));
		const paths = runs.map((run) => Object.keys(run.resultData.runData));
		expect(paths).toEqual(
			expect.arrayContaining([
				[SONARR_TRIGGER, 'Describe the episode', 'Notify'],
				[RADARR_TRIGGER, 'Describe the movie', 'Notify'],
			]),
		);
		const emitted = runs.map((run) => {
			const [triggerName] = Object.keys(run.resultData.runData);
			const item = run.resultData.runData[triggerName][0].data?.main?.[0]?.[0]?.json ?? {};
			return `${triggerName}: ${String(item.event)} ${String(item.eventType)} isUpgrade=${String(item.isUpgrade)}`;
		});
		expect(emitted.sort()).toEqual([
			`${RADARR_TRIGGER}: download Download isUpgrade=false`,
			`${RADARR_TRIGGER}: upgrade Download isUpgrade=true`,
			`${SONARR_TRIGGER}: download Download isUpgrade=false`,
			`${SONARR_TRIGGER}: upgrade Download isUpgrade=true`,
		]);
		for (const run of runs) expect(run.resultData.runData.Notify[0].data?.main?.[0]?.[0]?.json).toMatchObject({ sent: true, channel: 'webhook' });
		// The apps' API keys are in n8n's credentials only: not in what the runs stored.
		const stored = JSON.stringify(runs);
		expect(stored).not.toContain(sonarr.apiKey);
		expect(stored).not.toContain(radarr.apiKey);
	});

	it('posts nothing for events the connections do not take', async () => {
		const { sonarr, radarr } = peers();
		expect(await sonarr.emitWebhook('Grab')).toEqual([]);
		expect(await radarr.emitWebhook('Rename')).toEqual([]);
		expect(await executions()).toHaveLength(4);
	});

	it('listens for a test event from the editor next to the active registration: a connection at n8n\'s test URL, whose call is taken', async () => {
		const { server, sonarr, receiver } = peers();
		const before = { executions: (await executions()).length, messages: receiver.received.length };
		// What the editor's "Listen for test event" on the Sonarr trigger sends.
		const listening = await server.rest<{ waitingForWebhook?: boolean }>('POST', `/workflows/${template.id}/run`, { triggerToStartFrom: { name: SONARR_TRIGGER } });
		expect(listening.waitingForWebhook).toBe(true);
		const [, test] = await until('Sonarr holds a second, test connection', () => (webhookConnections(sonarr).length === 2 ? webhookConnections(sonarr) : undefined));
		const testUrl = `${server.url}/webhook-test/${triggerNode(SONARR_TRIGGER).webhookId}/webhook`;
		expect(fieldOf(test, 'url')).toBe(testUrl);
		expect(test.name).toBe(`n8n: ${template.name} / ${SONARR_TRIGGER} (${triggerNode(SONARR_TRIGGER).webhookId.slice(0, 8)}, test)`);
		expect(test).toMatchObject({ onDownload: true, onUpgrade: true, onGrab: false });

		const deliveries = await sonarr.emitWebhook('Download');
		expect(deliveries.map((delivery) => [delivery.url, delivery.status])).toEqual([
			[productionUrl(SONARR_TRIGGER), 200],
			[testUrl, 200],
		]);
		// n8n stops listening after the one call it waited for, and removes the test connection.
		await until('the test connection is removed', () => (webhookConnections(sonarr).length === 1 ? true : undefined));
		expect(fieldOf(webhookConnections(sonarr)[0], 'url')).toBe(productionUrl(SONARR_TRIGGER));
		const runs = (await finishedExecutions(before.executions + 2)).slice(before.executions);
		expect(runs.map((execution) => [execution.mode, execution.status]).sort()).toEqual([
			['manual', 'success'],
			['webhook', 'success'],
		]);
		expect((await messages(before.messages + 2)).slice(before.messages).map((message) => message.event)).toEqual(['sonarr_download', 'sonarr_download']);
	});

	it('removes both connections when the workflow is deactivated, and n8n no longer serves the URL', async () => {
		const { server, sonarr, radarr } = peers();
		const deactivated = await phases.time('deactivate the workflow (REST)', () => server.rest<{ active: boolean }>('POST', `/workflows/${template.id}/deactivate`, {}));
		expect(deactivated.active).toBe(false);
		await phases.time('both connections removed (after the REST answer)', () => connectionsOnceThere(0));
		expect(await sonarr.emitWebhook('Download')).toEqual([]);
		const stale = await fetch(productionUrl(SONARR_TRIGGER), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(stale.status).toBe(404);
		expect(await executions()).toHaveLength(6);
		expect(sonarr.violations).toEqual([]);
		expect(radarr.violations).toEqual([]);
	});

	it('marks only the trigger whose app refuses the key as failed, with the app\'s error, and keeps the other one working', async () => {
		const { server, sonarr, radarr } = peers();
		expect((await activate(WRONG_RADARR_ID)).active).toBe(true);
		const publication = await phases.time('the copy with a wrong Radarr key: publication settles', () => settledPublication(WRONG_RADARR_ID));
		expect(publication.status).toBe('partial');
		const byNode = Object.fromEntries(publication.triggers.map((trigger) => [trigger.nodeId, trigger]));
		expect(byNode[triggerNode(SONARR_TRIGGER).id]).toMatchObject({ status: 'activated', errorMessage: null });
		expect(byNode[triggerNode(RADARR_TRIGGER).id]).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/^Radarr refused the credentials \(HTTP 401 on GET \/api\/v3\/notification\/schema\)\. Fix: /) });
		expect(JSON.stringify(publication)).not.toContain('f'.repeat(32));
		expect(webhookConnections(radarr)).toEqual([]);
		const [sonarrConnection] = await until('Sonarr holds the copy\'s connection', () => (webhookConnections(sonarr).length === 1 ? webhookConnections(sonarr) : undefined));
		expect(fieldOf(sonarrConnection, 'url')).toBe(productionUrl(SONARR_TRIGGER));

		await server.rest('POST', `/workflows/${WRONG_RADARR_ID}/deactivate`, {});
		await phases.time('the copy: its Sonarr connection removed after deactivation', () => until('the copy\'s Sonarr connection is removed', () => (webhookConnections(sonarr).length === 0 ? true : undefined)));
		expect(webhookConnections(radarr)).toEqual([]);
	});

	it('adds a show from the editor in Chromium: the pickers list what Sonarr has, and the saved workflow adds it with the choices made', async () => {
		const { n8n, server, sonarr } = peers();
		const editor = await phases.time('open the editor in Chromium', () => openEditor(server));
		try {
			const { page, workflowId } = await editor.newWorkflow();
			// What n8n's server answered the pickers, shown if one fails.
			page.on('response', (response) => {
				if (response.url().includes('/rest/dynamic-node-parameters/') && response.status() !== 200) void response.text().then((body) => console.log(`[n8n e2e] picker ${response.status()} ${response.url().split('?')[0]} ${response.request().postData()?.slice(0, 400)} -> ${body.slice(0, 600)}`), () => undefined);
			});
			await addManualTrigger(page);
			// The search lists Sonarr once (node and trigger merged); its actions open from there.
			await addNodeByAction(page, 'Sonarr', 'Add a series');

			// Each list comes from the fake Sonarr, through n8n's server and the node's loadOptions.
			const reopened = await whenPickerLoaded(page, 'qualityProfileId', 'Add a series');
			if (reopened) console.log(`[n8n e2e] the Sonarr pickers loaded after reopening the node ${reopened} time(s): n8n asked before it set the credential`);
			const profiles = [...sonarr.qualityProfiles].map((profile) => profile.name ?? '').sort((a, b) => a.localeCompare(b));
			expect(await phases.time('the Quality Profile picker loads', () => optionNames(page, 'qualityProfileId', 'HD-1080p'))).toEqual(['Default', ...profiles]);
			await pickOption(page, 'qualityProfileId', 'HD-1080p');
			const folders = sonarr.rootFolders.map((folder) => folder.path ?? '').sort((a, b) => a.localeCompare(b));
			expect(await optionNames(page, 'rootFolderPath', '/data/tv-4k')).toEqual(['Default', ...folders]);
			await pickOption(page, 'rootFolderPath', '/data/tv-4k');
			await fillParameter(page, 'tvdbId', '403245');
			await closeAndSave(page);
			expect(await canvasShows(page, 'Add: Series'), 'the canvas shows "Add: Series"').toBe(true);

			const node = await savedNode(workflowId, `${PACKAGE_NAME}.sonarr`, (parameters) => parameters.tvdbId !== undefined);
			const profileId = sonarr.qualityProfiles.find((profile) => profile.name === 'HD-1080p')?.id;
			// n8n leaves out a parameter at its default (resource: series).
			expect(node.parameters).toMatchObject({ operation: 'add', tvdbId: '403245', qualityProfileId: profileId, rootFolderPath: '/data/tv-4k' });
			expect(Object.keys(node.credentials ?? {})).toEqual(['sonarrApi']);

			const run = await phases.time('n8n execute: the editor-saved Sonarr workflow', () => n8n.execute(workflowId));
			expect(runFailure(run)).toBeUndefined();
			expect(sonarr.series.find((series) => series.tvdbId === 403245)).toMatchObject({ qualityProfileId: profileId, rootFolderPath: '/data/tv-4k' });
			expect(sonarr.violations).toEqual([]);
		} finally {
			await editor.close();
		}
	}, 300_000);

	describe('activated the way n8n 1.x does it (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false)', () => {
		beforeAll(async () => {
			await peers().server.stop();
			server = await phases.time('n8n start without the publication service', () => peers().n8n.startServer({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' }));
		}, 300_000);

		it('registers both triggers within the activation request, and removes them on deactivation', async () => {
			const { server, sonarr, radarr } = peers();
			expect((await activate(template.id)).active).toBe(true);
			// No waiting: this activation returns once every trigger registered.
			expect(webhookConnections(sonarr).map((connection) => fieldOf(connection, 'url'))).toEqual([productionUrl(SONARR_TRIGGER)]);
			expect(webhookConnections(radarr).map((connection) => fieldOf(connection, 'url'))).toEqual([productionUrl(RADARR_TRIGGER)]);
			expect((await sonarr.emitWebhook('Download')).map((delivery) => delivery.status)).toEqual([200]);
			await finishedExecutions(7);
			await server.rest('POST', `/workflows/${template.id}/deactivate`, {});
			expect(webhookConnections(sonarr)).toEqual([]);
			expect(webhookConnections(radarr)).toEqual([]);
		});

		it('refuses a workflow whose Radarr key is wrong, with Radarr\'s error, and leaves no Sonarr connection behind', async () => {
			const { sonarr, radarr } = peers();
			const sonarrBefore = sonarr.requests.length;
			const refused = await activate(WRONG_RADARR_ID).then(
				() => undefined,
				(error: unknown) => String(error),
			);
			expect(refused).toMatch(/answered 400: .*Radarr refused the credentials \(HTTP 401 on GET \/api\/v3\/notification\/schema\)/);
			expect(refused).not.toContain('f'.repeat(32));
			// The Sonarr trigger had registered before Radarr's failed; n8n then deletes every trigger of
			// the workflow from the stored workflow, whose static data never got that registration.
			expect(webhookConnections(sonarr)).toEqual([]);
			expect(webhookConnections(radarr)).toEqual([]);
			const sonarrCalls = sonarr.requests.slice(sonarrBefore).map((request) => `${request.method} ${request.path.replace(/\/\d+$/, '/{id}')} ${request.status}`);
			expect(sonarrCalls).toEqual(expect.arrayContaining(['POST /api/v3/notification 201', 'DELETE /api/v3/notification/{id} 200']));
			expect((await peers().server.rest<{ active: boolean }>('GET', `/workflows/${WRONG_RADARR_ID}`)).active).toBe(false);
		});
	});
});
