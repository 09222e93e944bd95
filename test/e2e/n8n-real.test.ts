/**
 * The package as a user gets it, inside a real n8n 2.41.1 on Node 24: build, `npm pack`, install
 * the tarball the way n8n's community-package installer does (support/n8n.ts, once for the
 * file), import the credentials and the templates from workflows/ unchanged, and run them with
 * `n8n execute` against the fake Prowlarr and MyAnonamouse, a real SMTP sink (aiosmtpd) and a
 * local webhook receiver.
 *
 * Needs the n8n install that `node scripts/ensure-n8n.mjs` makes and the SMTP sink that
 * `bash scripts/peers/install.sh` installs (`npm test` runs both through
 * scripts/bootstrap.mjs --for-tests); without them setup fails and says what to run.
 *
 * Every n8n CLI command starts n8n (a few seconds each), so all credentials and workflows are
 * imported in one command each, and the templates run one after another in file order, on the
 * same fakes: later runs build on the state earlier ones left (the workflow's static data in
 * n8n's database, the cookie the fake MAM holds).
 *
 * Then the editor's side, with `n8n start` (the CLI waits meanwhile: one SQLite file): the
 * answers of the credentials' "Test" button, from the REST endpoint behind it, and a real
 * Chromium (support/editor.ts) adding the Notify node by its action and picking a credential,
 * with what the editor saved read back through the REST API and run. Last, the rotation
 * workflow is exported and n8n's database searched for every MAM cookie the fakes handed out.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { maskSecret } from '../../clients/core/redact';
import { PROWLARR } from '../../clients/prowlarr/client';
import type { WebhookPayload } from '../../clients/notify/webhook';
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../../clients/notify/webhook';
import type { RecordedRequest } from '../fakes/kit';
import type { FakeAppriseApi } from '../fakes/apprise-api';
import { startFakeAppriseApi } from '../fakes/apprise-api';
import type { FakeMyAnonamouse, MamRecordedRequest } from '../fakes/myanonamouse';
import { MAM_MESSAGES, startFakeMyAnonamouse } from '../fakes/myanonamouse';
import type { FakeProwlarr } from '../fakes/prowlarr';
import { startFakeProwlarr } from '../fakes/prowlarr';
import type { ReceivedMail, SmtpSinkPeer } from '../peers';
import { startSmtpSink } from '../peers';
import { LoopbackListener } from '../support/loopback';
import { repoRoot } from '../support/specs';
import type { Editor } from './support/editor';
import { addNodeByAction, canvasShows, closeAndSave, credentialChoice, fillParameter, openEditor, pickCredential } from './support/editor';
import type { ReadMail } from './support/mail';
import { readMail } from './support/mail';
import type { CliRun, CommunityN8n, N8nServer, WorkflowTemplate } from './support/n8n';
import { credentialReference, listTree, loadTemplate, nodesThatRan, outputOf, PACKAGE_NAME, PhaseLog, runFailure, setUpCommunityN8n } from './support/n8n';
import type { ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver';
import { startWebhookReceiver } from './support/webhook-receiver';

const WORKFLOWS_DIR = path.join(repoRoot, 'workflows');
const FIND_MAM_FILE = path.join(WORKFLOWS_DIR, 'prowlarr-find-myanonamouse.json');
const ROTATION_FILE = path.join(WORKFLOWS_DIR, 'mam-rotation-prowlarr-notify.json');
const DAILY_FILE = path.join(WORKFLOWS_DIR, 'daily-mam-session-check.json');
/** The daily check as a user sets it up: only Settings → created filled in (see that test). */
const DAILY_SET_UP_ID = 'e2eDailyChkSetUp';
const DAILY_SET_UP_AGE_DAYS = 20;
const HOOK_PATH = '/hooks/mediastack';
const MAM_INDEXER_ID = 1;
/** A workflow as saved with version 1 of the Notify node (resource "webhook"), before version 2 existed. */
const NOTIFY_V1_ID = 'e2eNotifyVersion1';
const NOTIFY_V1_SUBJECT = 'Saved with Notify version 1';
const RUN_TIMEOUT_MS = 240_000;

/** One template run and what the peers saw during it. */
interface RecordedRun {
	run: CliRun;
	mamRequests: MamRecordedRequest[];
	prowlarrRequests: RecordedRequest[];
	webhooks: ReceivedWebhook[];
	mails: ReceivedMail[];
}

interface Notification {
	label: string;
	texts: string[];
}

describe(`${PACKAGE_NAME} installed as a community package in a real n8n`, () => {
	const phases = new PhaseLog();
	const hmacSecret = randomBytes(24).toString('hex');
	const receiverToken = `Bearer ${randomBytes(16).toString('hex')}`;
	let n8n: CommunityN8n | undefined;
	let prowlarr: FakeProwlarr | undefined;
	let mam: FakeMyAnonamouse | undefined;
	let smtp: SmtpSinkPeer | undefined;
	let receiver: WebhookReceiver | undefined;
	let apprise: FakeAppriseApi | undefined;
	/** The workflows the browser saved, by the channel picked; run once the server has stopped. */
	const savedByChannel: Record<string, string> = {};
	let findMamTemplate: WorkflowTemplate;
	let rotationTemplate: WorkflowTemplate;
	let dailyTemplate: WorkflowTemplate;
	let dailySetUp: WorkflowTemplate;
	/** The mam_id in the n8n credential, and the one Prowlarr started with. */
	let credentialMamId: string;
	let prowlarrStartMamId: string;

	/** Each of these is started in beforeAll; the non-null assertions below only run after it. */
	const peers = () => ({ n8n: n8n!, prowlarr: prowlarr!, mam: mam!, smtp: smtp!, receiver: receiver!, apprise: apprise! });

	async function executeRecorded(phase: string, workflowId: string): Promise<RecordedRun> {
		const { n8n, prowlarr, mam, smtp, receiver } = peers();
		const before = { mam: mam.requests.length, prowlarr: prowlarr.requests.length, webhooks: receiver.received.length, mails: (await smtp.messages()).length };
		const run = await phases.time(phase, () => n8n.execute(workflowId));
		// `execute` returns after the last node finished: every request and mail has arrived by now.
		return {
			run,
			mamRequests: mam.requests.slice(before.mam),
			prowlarrRequests: prowlarr.requests.slice(before.prowlarr),
			webhooks: receiver.received.slice(before.webhooks),
			mails: (await smtp.messages()).slice(before.mails),
		};
	}

	/** Every mam_id the fakes handed out or held, and the one in the credential. */
	function everyMamId(): string[] {
		return [...new Set([credentialMamId, prowlarrStartMamId, ...peers().mam.sessions.flatMap((session) => session.issuedMamIds)])];
	}

	/**
	 * The cookies a text shows more of than `...` + the last 8 characters: the last 9, or the
	 * first 12 (enough to find a full value, or one cut off anywhere but at its end).
	 */
	function overexposedMamIds(text: string): string[] {
		return everyMamId()
			.filter((mamId) => text.includes(mamId.slice(-9)) || text.includes(mamId.slice(0, 12)))
			.map(maskSecret);
	}

	function webhookNotification(webhook: ReceivedWebhook): Notification {
		return { label: `webhook ${webhook.headers[EVENT_HEADER.toLowerCase()]}`, texts: [webhook.rawBody, JSON.stringify(webhook.headers), webhook.path] };
	}

	function mailNotification(mail: ReceivedMail): Notification {
		const read = readMail(mail.data);
		return { label: `mail "${read.subject}"`, texts: [mail.data, read.subject, read.text] };
	}

	function expectNoFullMamId(notifications: Notification[]): void {
		expect(notifications.length).toBeGreaterThan(0);
		for (const { label, texts } of notifications) {
			for (const text of texts) expect(overexposedMamIds(text), `${label} shows more of a mam_id than its last 8 characters`).toEqual([]);
		}
	}

	function payloadOf(webhook: ReceivedWebhook): WebhookPayload {
		return JSON.parse(webhook.rawBody) as WebhookPayload;
	}

	function expectSignedForUs(webhook: ReceivedWebhook): void {
		const signature = webhook.headers[SIGNATURE_HEADER.toLowerCase()];
		expect(typeof signature).toBe('string');
		expect(verifyWebhookSignature(webhook.rawBody, signature as string, hmacSecret)).toBe(true);
		// The check can fail: the same signature does not fit another secret or another body.
		expect(verifyWebhookSignature(webhook.rawBody, signature as string, `${hmacSecret}x`)).toBe(false);
		expect(verifyWebhookSignature(webhook.rawBody.replace('"mediastack"', '"mediastacK"'), signature as string, hmacSecret)).toBe(false);
		expect(webhook.headers[TIMESTAMP_HEADER.toLowerCase()]).toBe(String(payloadOf(webhook).timestamp));
		expect(webhook.headers.authorization).toBe(receiverToken);
		expect(webhook.method).toBe('POST');
		expect(webhook.path).toBe(HOOK_PATH);
	}

	function expectMailFromSettings(mail: ReceivedMail, read: ReadMail): void {
		expect(mail.authenticatedAs).toBe(peers().smtp.username);
		expect(mail.mailFrom).toBe('mediastack@example.org');
		expect(mail.rcptTos).toEqual(['you@example.org']);
		expect(read.headers.to).toContain('you@example.org');
	}

	function expectProwlarrAuthenticated(requests: RecordedRequest[]): void {
		for (const request of requests) expect(request.headers['x-api-key']).toBe(peers().prowlarr.apiKey);
		expect(peers().prowlarr.violations).toEqual([]);
	}

	beforeAll(async () => {
		[findMamTemplate, rotationTemplate, dailyTemplate] = await Promise.all([loadTemplate(FIND_MAM_FILE), loadTemplate(ROTATION_FILE), loadTemplate(DAILY_FILE)]);
		n8n = await setUpCommunityN8n(phases);
		const started = await phases.time('start fake Prowlarr + fake MAM + SMTP sink + webhook receiver', () =>
			Promise.allSettled([startFakeProwlarr(), startFakeMyAnonamouse(), startSmtpSink({ requireAuth: true }), startWebhookReceiver(HOOK_PATH), startFakeAppriseApi()]),
		);
		// Whatever started is kept, so afterAll stops it even when another one failed.
		[prowlarr, mam, smtp, receiver] = [settledValue(started[0]), settledValue(started[1]), settledValue(started[2]), settledValue(started[3])];
		apprise = settledValue(started[4]);
		const failed = started.find((result) => result.status === 'rejected');
		if (started[2].status === 'rejected') {
			throw new Error(`The SMTP sink (aiosmtpd) did not start; install the test peers with: bash scripts/peers/install.sh\n${String(started[2].reason)}`);
		}
		if (failed) throw failed.reason;
		credentialMamId = peers().mam.mamId;
		prowlarrStartMamId = String(peers().prowlarr.mamId());

		// What the sticky note asks a user to do before activating: give the session's real creation date.
		dailySetUp = structuredClone(dailyTemplate);
		dailySetUp.id = DAILY_SET_UP_ID;
		dailySetUp.name = `${dailyTemplate.name} (set up)`;
		settingsAssignment(dailySetUp, 'created').value = new Date(Date.now() - DAILY_SET_UP_AGE_DAYS * 86_400_000).toISOString();
		const dailySetUpFile = path.join(n8n.tempDir, 'daily-mam-session-check.set-up.json');
		await writeFile(dailySetUpFile, JSON.stringify(dailySetUp, null, '\t'));
		const notifyV1File = path.join(n8n.tempDir, 'notify-version-1.json');
		await writeFile(notifyV1File, JSON.stringify(notifyVersion1Workflow(credentialReference([rotationTemplate], 'webhookNotifyApi')), null, '\t'));

		const templates = [findMamTemplate, rotationTemplate, dailyTemplate];
		await phases.time('n8n import:credentials, 4 credentials (first start: migrations)', () =>
			n8n!.importCredentials([
				{ ...credentialReference(templates, 'prowlarrApi'), type: 'prowlarrApi', data: { url: prowlarr!.url, apiKey: prowlarr!.apiKey } },
				{
					...credentialReference(templates, 'myAnonamouseApi'),
					type: 'myAnonamouseApi',
					data: { mamId: credentialMamId, customAddresses: true, seedboxUrl: mam!.url, siteUrl: mam!.url },
				},
				{
					...credentialReference(templates, 'webhookNotifyApi'),
					type: 'webhookNotifyApi',
					data: { url: receiver!.url, headerName: 'Authorization', headerSecret: receiverToken, hmacSecret },
				},
				{
					...credentialReference(templates, 'smtp'),
					type: 'smtp',
					data: { user: smtp!.username, password: smtp!.password, host: smtp!.host, port: smtp!.port, secure: false, disableStartTls: true, hostName: '' },
				},
			]),
		);
		await phases.time('n8n import:workflow, 5 workflows', () => n8n!.importWorkflows([FIND_MAM_FILE, ROTATION_FILE, DAILY_FILE, dailySetUpFile, notifyV1File]));
	}, 600_000);

	afterAll(async () => {
		console.log(phases.report(`[n8n e2e] phases (n8n ${n8n?.install.n8nVersion ?? '?'} on Node ${n8n?.install.nodeVersion ?? '?'})`));
		const closing = await Promise.allSettled([prowlarr?.close(), mam?.close(), smtp?.stop(), receiver?.close(), apprise?.close()]);
		await n8n?.close();
		for (const result of closing) if (result.status === 'rejected') throw result.reason;
	}, 60_000);

	describe('the installed package', () => {
		it('has no dependencies beside it and nothing from Temporal', async () => {
			const { nodesDir, packageDir } = peers().n8n;
			const installed = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
			expect(installed.dependencies ?? {}).toEqual({});
			const besideIt = (await readdir(path.join(nodesDir, 'node_modules'))).filter((name) => !name.startsWith('.'));
			expect(besideIt).toEqual([PACKAGE_NAME]);
			const tree = await listTree(nodesDir);
			expect(tree.filter((entry) => entry.startsWith(`node_modules/${PACKAGE_NAME}/node_modules`))).toEqual([]);
			expect(tree.filter((entry) => entry.includes('@temporalio'))).toEqual([]);
			for (const node of ['Prowlarr/Prowlarr', 'MyAnonamouse/MyAnonamouse', 'Notify/Notify']) {
				expect(tree).toContain(`node_modules/${PACKAGE_NAME}/dist/nodes/${node}.node.js`);
			}
		});
	});

	describe('template prowlarr-find-myanonamouse.json', () => {
		let recorded: RecordedRun;

		beforeAll(async () => {
			recorded = await executeRecorded('n8n execute: find MyAnonamouse in Prowlarr', findMamTemplate.id);
		}, RUN_TIMEOUT_MS);

		it('runs to success', () => {
			expect(runFailure(recorded.run)).toBeUndefined();
			expect(recorded.run.finished).toBe(true);
		});

		it('lists every indexer the fake Prowlarr has', () => {
			const listed = outputOf(recorded.run, 'List Prowlarr indexers');
			const expected = peers().prowlarr.indexers.map((indexer) => ({ id: indexer.id, name: indexer.name, implementation: indexer.implementation }));
			expect(listed.map((indexer) => ({ id: indexer.id, name: indexer.name, implementation: indexer.implementation }))).toEqual(expect.arrayContaining(expected));
			expect(listed).toHaveLength(expected.length);
		});

		it('finds the MyAnonamouse indexer', () => {
			const found = outputOf(recorded.run, 'Find MyAnonamouse indexer');
			expect(found).toHaveLength(1);
			expect(found[0]).toMatchObject({ id: MAM_INDEXER_ID, implementation: 'MyAnonamouse', configContract: 'MyAnonamouseSettings' });
		});

		it('sends the API key from the n8n credential on each request and nothing the spec forbids', () => {
			expect(recorded.prowlarrRequests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['GET /api/v1/indexer 200', 'GET /api/v1/indexer 200']);
			expectProwlarrAuthenticated(recorded.prowlarrRequests);
			expect(recorded.mamRequests).toEqual([]);
		});
	});

	describe('template mam-rotation-prowlarr-notify.json', () => {
		let first: RecordedRun;

		beforeAll(async () => {
			first = await executeRecorded('n8n execute: MAM rotation, first run', rotationTemplate.id);
		}, RUN_TIMEOUT_MS);

		it('runs every step to success', () => {
			expect(runFailure(first.run)).toBeUndefined();
			expect(nodesThatRan(first.run)).toEqual(
				expect.arrayContaining(['Rotate MAM cookie', 'Find MyAnonamouse indexer', 'Prowlarr needs the cookie?', 'Give Prowlarr the new cookie', 'Notify by webhook', 'Send email']),
			);
		});

		it('makes one dynamic seedbox call with the credential\'s cookie and keeps the cookie MAM hands back', () => {
			const { mam } = peers();
			expect(first.mamRequests).toHaveLength(1);
			const [call] = first.mamRequests;
			expect(call).toMatchObject({ endpoint: 'dynamicSeedbox', cookieState: 'current', status: 200, outcome: MAM_MESSAGES.completed });
			expect(call.mamId === credentialMamId, 'the cookie sent is the credential\'s').toBe(true);
			expect(call.rotatedTo === mam.mamId, 'MAM rotated the cookie to its current one').toBe(true);
			const [rotated] = outputOf(first.run, 'Rotate MAM cookie');
			expect(rotated).toMatchObject({ accepted: true, rotated: true, cookieSource: 'credential', mamIdTail: maskSecret(mam.mamId), previousMamIdTail: maskSecret(credentialMamId) });
			expect(rotated.mamId === mam.mamId, 'the node outputs the new cookie').toBe(true);
		});

		it('puts the rotated cookie into Prowlarr\'s MyAnonamouse indexer, tested on save', () => {
			const { prowlarr, mam } = peers();
			expect(prowlarr.mamId() === mam.mamId, 'Prowlarr holds the cookie the fake MAM accepts now').toBe(true);
			expect(mam.accepts(String(prowlarr.mamId()))).toBe(true);
			expect(first.prowlarrRequests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
				'GET /api/v1/indexer 200',
				`GET /api/v1/indexer/${MAM_INDEXER_ID} 200`,
				`PUT /api/v1/indexer/${MAM_INDEXER_ID} 202`,
			]);
			// Without forceSave Prowlarr re-tests the indexer, which also drops its cached cookie.
			expect(first.prowlarrRequests[2].query.forceSave).toBeUndefined();
			expect(prowlarr.indexerState(MAM_INDEXER_ID).testCount).toBe(1);
			expectProwlarrAuthenticated(first.prowlarrRequests);
		});

		it('sends a signed webhook message showing only the new cookie\'s last 8 characters', () => {
			const { mam } = peers();
			expect(first.webhooks).toHaveLength(1);
			const [webhook] = first.webhooks;
			expectSignedForUs(webhook);
			const payload = payloadOf(webhook);
			expect(payload).toMatchObject({
				source: 'mediastack',
				event: 'prowlarr_auto_update',
				severity: 'info',
				subject: '[mediastack] prowlarr_auto_update - SUCCESS',
				data: { label: 'main', mode: 'auto', outcome: 'updated', mam_id_tail: maskSecret(mam.mamId), indexer_id: MAM_INDEXER_ID, prowlarr_host: '192.168.1.10:9696' },
			});
			expect(payload.body).toContain(`MAM ID ending in ...${mam.mamId.slice(-8)}`);
			expect(webhook.headers[EVENT_HEADER.toLowerCase()]).toBe('prowlarr_auto_update');
		});

		it('e-mails the SMTP sink, showing the MAM ID only as ... + its last 8 characters', () => {
			const { mam } = peers();
			expect(first.mails).toHaveLength(1);
			const [mail] = first.mails;
			const read = readMail(mail.data);
			expectMailFromSettings(mail, read);
			expect(read.subject).toBe('[mediastack] prowlarr_auto_update - SUCCESS');
			expect(read.text).toContain('Prowlarr now uses the new MAM ID.');
			expect(read.text).toContain(`MAM ID ending in ...${mam.mamId.slice(-8)}\n`);
			expect(read.text).toContain(`Indexer: MyAnonamouse (id ${MAM_INDEXER_ID})`);
			expect(read.text.match(/\.\.\.[A-Za-z0-9_-]+/g)).toEqual([`...${mam.mamId.slice(-8)}`]);
		});

		it('puts no full mam_id into the notifications', () => {
			// The check can fail: a full cookie, or its last 9 characters, are caught.
			expect(overexposedMamIds(`Cookie: mam_id=${credentialMamId};`)).toEqual([maskSecret(credentialMamId)]);
			expect(overexposedMamIds(`ending in ..${peers().mam.mamId.slice(-9)}`)).toEqual([maskSecret(peers().mam.mamId)]);
			expectNoFullMamId([...first.webhooks.map(webhookNotification), ...first.mails.map(mailNotification)]);
		});

		describe('on its next run', () => {
			let second: RecordedRun;
			let cookieAfterFirstRun: string;

			beforeAll(async () => {
				cookieAfterFirstRun = peers().mam.mamId;
				second = await executeRecorded('n8n execute: MAM rotation, second run', rotationTemplate.id);
			}, RUN_TIMEOUT_MS);

			it('sends the cookie n8n kept in the workflow\'s static data, not the credential\'s dead one', () => {
				expect(runFailure(second.run)).toBeUndefined();
				expect(second.mamRequests).toHaveLength(1);
				const [call] = second.mamRequests;
				expect(call.mamId === cookieAfterFirstRun, 'the cookie sent is the one the first run got').toBe(true);
				expect(call).toMatchObject({ cookieState: 'current', status: 200, outcome: MAM_MESSAGES.noChange });
				expect(outputOf(second.run, 'Rotate MAM cookie')[0]).toMatchObject({ accepted: true, rotated: true, cookieSource: 'staticData' });
			});

			it('gives Prowlarr the cookie MAM rotated to this time, and reports it', () => {
				const { prowlarr, mam } = peers();
				expect(mam.mamId).not.toBe(cookieAfterFirstRun);
				expect(prowlarr.mamId() === mam.mamId, 'Prowlarr holds the cookie the fake MAM accepts now').toBe(true);
				expect(second.webhooks.map((webhook) => payloadOf(webhook).data.mam_id_tail)).toEqual([maskSecret(mam.mamId)]);
				expect(second.mails.map((mail) => readMail(mail.data).text.includes(`MAM ID ending in ...${mam.mamId.slice(-8)}\n`))).toEqual([true]);
				expectNoFullMamId([...second.webhooks.map(webhookNotification), ...second.mails.map(mailNotification)]);
			});
		});
	});

	describe('template daily-mam-session-check.json', () => {
		it('is run as a user sets it up: only Settings → created differs', () => {
			const reverted = structuredClone(dailySetUp);
			settingsAssignment(reverted, 'created').value = settingsAssignment(dailyTemplate, 'created').value;
			expect({ ...reverted, id: dailyTemplate.id, name: dailyTemplate.name }).toEqual(dailyTemplate);
			expect(settingsAssignment(dailySetUp, 'created').value).not.toBe(settingsAssignment(dailyTemplate, 'created').value);
		});

		describe('with a healthy session', () => {
			let healthy: RecordedRun;

			beforeAll(async () => {
				// The user put a new session's cookie into the credential: the one the credential holds.
				peers().mam.setMamId(credentialMamId);
				healthy = await executeRecorded('n8n execute: daily MAM check, healthy session', DAILY_SET_UP_ID);
			}, RUN_TIMEOUT_MS);

			it('keeps the session alive, then checks it with the cookie the keepalive got back', () => {
				expect(runFailure(healthy.run)).toBeUndefined();
				expect(healthy.mamRequests.map((request) => `${request.endpoint} ${request.cookieState} ${request.status}`)).toEqual([
					'dynamicSeedbox current 200',
					'jsonLoad current 200',
				]);
				const [keepalive, check] = healthy.mamRequests;
				expect(keepalive.mamId === credentialMamId, 'the keepalive sends the credential\'s cookie').toBe(true);
				expect(check.mamId === keepalive.rotatedTo, 'the check sends the cookie the keepalive got back').toBe(true);
				expect(outputOf(healthy.run, 'Keep MAM session alive')[0]).toMatchObject({ outcome: 'no_change', accepted: true, rotated: true });
				expect(outputOf(healthy.run, 'Check MAM session')[0]).toMatchObject({
					valid: true,
					rotated: true,
					stats: { username: peers().mam.session.user.username },
				});
			});

			it('gives Prowlarr the newest cookie', () => {
				const { prowlarr, mam } = peers();
				expect(prowlarr.mamId() === mam.mamId, 'Prowlarr holds the cookie the fake MAM accepts now').toBe(true);
				expect(healthy.prowlarrRequests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
					'GET /api/v1/indexer 200',
					`GET /api/v1/indexer/${MAM_INDEXER_ID} 200`,
					`PUT /api/v1/indexer/${MAM_INDEXER_ID} 202`,
				]);
				expectProwlarrAuthenticated(healthy.prowlarrRequests);
			});

			it('sends no alert and no warning', () => {
				const [expiry] = outputOf(healthy.run, 'Work out expiry');
				expect(expiry).toMatchObject({ refused: false, rotated: true });
				expect(expiry.daysRemaining).toBeGreaterThan(60);
				expect(healthy.webhooks).toEqual([]);
				expect(healthy.mails).toEqual([]);
				expect(nodesThatRan(healthy.run).filter((name) => /^(Alert|Warn) by /.test(name))).toEqual([]);
			});
		});

		describe('with a session MAM has ended (the template unchanged)', () => {
			let dead: RecordedRun;
			let prowlarrMamIdBefore: unknown;

			beforeAll(async () => {
				peers().mam.killSession();
				prowlarrMamIdBefore = peers().prowlarr.mamId();
				dead = await executeRecorded('n8n execute: daily MAM check, dead session', dailyTemplate.id);
			}, RUN_TIMEOUT_MS);

			it('runs to success and finds the session refused by both calls', () => {
				expect(runFailure(dead.run)).toBeUndefined();
				expect(dead.mamRequests.map((request) => `${request.endpoint} ${request.cookieState} ${request.status} ${request.outcome}`)).toEqual([
					`dynamicSeedbox dead 403 ${MAM_MESSAGES.invalidSession}`,
					'jsonLoad dead 200 login page',
				]);
				for (const request of dead.mamRequests) expect(request.mamId === credentialMamId, 'the credential\'s cookie is sent').toBe(true);
				expect(outputOf(dead.run, 'Keep MAM session alive')[0]).toMatchObject({ outcome: 'invalid_session', accepted: false, rotated: false });
				expect(outputOf(dead.run, 'Check MAM session')[0]).toMatchObject({ valid: false, rotated: false });
				expect(outputOf(dead.run, 'Work out expiry')[0]).toMatchObject({ refused: true, rotated: false, reason: 'invalid_session' });
			});

			it('leaves Prowlarr alone', () => {
				expect(dead.prowlarrRequests).toEqual([]);
				expect(peers().prowlarr.mamId()).toBe(prowlarrMamIdBefore);
			});

			it('alerts by signed webhook', () => {
				expect(dead.webhooks).toHaveLength(1);
				const [webhook] = dead.webhooks;
				expectSignedForUs(webhook);
				const payload = payloadOf(webhook);
				expect(payload).toMatchObject({
					event: 'mam_session_invalid',
					severity: 'error',
					subject: '[mediastack] mam_session_invalid - ALERT',
					data: { label: 'main', mam_id_tail: maskSecret(credentialMamId), reason: 'invalid_session', mam_message: MAM_MESSAGES.invalidSession },
				});
				expect(payload.body).toContain(`MAM ID ending in ...${credentialMamId.slice(-8)}`);
			});

			it('alerts by e-mail, showing the MAM ID only as ... + its last 8 characters', () => {
				expect(dead.mails).toHaveLength(1);
				const [mail] = dead.mails;
				const read = readMail(mail.data);
				expectMailFromSettings(mail, read);
				expect(read.subject).toBe('[mediastack] mam_session_invalid - ALERT');
				expect(read.text).toContain('MAM refused the session!');
				expect(read.text).toContain(`MAM ID ending in ...${credentialMamId.slice(-8)}\n`);
				expect(read.text).toContain(`MAM said: ${MAM_MESSAGES.invalidSession}`);
				expect(read.text).toContain('Preferences → Security');
				expect(read.text.match(/\.\.\.[A-Za-z0-9_-]+/g)).toEqual([`...${credentialMamId.slice(-8)}`]);
			});

			it('puts no full mam_id into the alerts and sends no expiry warning', () => {
				expectNoFullMamId([...dead.webhooks.map(webhookNotification), ...dead.mails.map(mailNotification)]);
				expect(nodesThatRan(dead.run).filter((name) => name.startsWith('Warn by '))).toEqual([]);
			});
		});
	});

	describe('a workflow saved with Notify version 1', () => {
		let recorded: RecordedRun;

		beforeAll(async () => {
			recorded = await executeRecorded('n8n execute: Notify version 1 workflow', NOTIFY_V1_ID);
		}, RUN_TIMEOUT_MS);

		it('still runs and sends by webhook, as it was saved', () => {
			expect(runFailure(recorded.run)).toBeUndefined();
			expect(outputOf(recorded.run, 'Notify (v1)')).toEqual([expect.objectContaining({ sent: true, channel: 'webhook', subject: NOTIFY_V1_SUBJECT })]);
			expect(recorded.webhooks.map((webhook) => payloadOf(webhook).subject)).toEqual([NOTIFY_V1_SUBJECT]);
			expectSignedForUs(recorded.webhooks[0]);
		});
	});

	describe('in the editor: n8n start, its REST API and a real browser', () => {
		let server: N8nServer | undefined;
		let editor: Editor | undefined;
		let loginPage: LoopbackListener | undefined;
		let runnerApi: LoopbackListener | undefined;
		const runnerToken = randomBytes(24).toString('base64url');
		let credentialCount = 0;
		const appriseCredentialName = 'Apprise API (e2e)';

		/** What the "Test" button shows: the editor saves the credential, then n8n tests it by id. */
		async function testInEditor(type: string, data: Record<string, unknown>): Promise<{ status: string; message: string }> {
			const created = await server!.rest<{ id: string; name: string }>('POST', '/credentials', { name: `${type} test ${++credentialCount}`, type, data });
			return await server!.rest<{ status: string; message: string }>('POST', '/credentials/test', { credentials: { id: created.id, name: created.name, type, data } });
		}

		function expectNoBareCode(answer: { status: string; message: string }): void {
			expect(answer.message).not.toMatch(/^(ECONNREFUSED|ENOTFOUND|ERR_INVALID_URL|Unauthorized|Connection successful!)/);
		}

		beforeAll(async () => {
			loginPage = new LoopbackListener('login page', async (_request, response) => {
				response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				response.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Password</form></body></html>');
			});
			// The runner's health route as worker/src/api serves it: bearer token, its health summary.
			runnerApi = new LoopbackListener('runner API', async (request, response) => {
				const authorized = request.headers.authorization === `Bearer ${runnerToken}`;
				response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
				response.end(
					JSON.stringify(
						authorized && request.url === '/api/health'
							? { ok: true, temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'mediastack', embedded: true, reachable: true }, worker: { state: 'RUNNING', workflows: 'bundle' }, schedules: [], services: [] }
							: { error: 'unauthorized', message: 'Wrong bearer token. Fix: send "Authorization: Bearer <token>".' },
					),
				);
			});
			await loginPage.start();
			await runnerApi.start();
			server = await phases.time('n8n start + owner setup', () => peers().n8n.startServer());
			await server.rest('POST', '/credentials', { name: appriseCredentialName, type: 'appriseApi', data: { url: peers().apprise.url, notificationUrls: 'json://127.0.0.1:9/mediastack' } });
		}, 300_000);

		afterAll(async () => {
			await editor?.close();
			await server?.stop();
			await loginPage?.stop();
			await runnerApi?.stop();
		}, 60_000);

		it('tests a Prowlarr credential with the node\'s own checks and messages', async () => {
			const { prowlarr } = peers();
			const answers = {
				ok: await testInEditor('prowlarrApi', { url: prowlarr.url, apiKey: prowlarr.apiKey }),
				loginPage: await testInEditor('prowlarrApi', { url: loginPage!.url, apiKey: prowlarr.apiKey }),
				wrongKey: await testInEditor('prowlarrApi', { url: prowlarr.url, apiKey: 'f'.repeat(32) }),
				unreachable: await testInEditor('prowlarrApi', { url: 'http://127.0.0.1:1', apiKey: prowlarr.apiKey }),
				noScheme: await testInEditor('prowlarrApi', { url: 'prowlarr:9696', apiKey: prowlarr.apiKey }),
			};
			console.log(`[n8n e2e] Prowlarr credential test answers: ${JSON.stringify(answers, null, 2)}`);
			expect(answers.ok).toEqual({ status: 'OK', message: 'Connected to Prowlarr 2.5.0.5422; the API key works.' });
			expect(answers.loginPage.status).toBe('Error');
			expect(answers.loginPage.message).toMatch(/^Prowlarr answered GET \/api\/v1\/system\/status with an HTML page \("Sign in"\) where JSON was expected\. Fix: /);
			expect(answers.wrongKey.status).toBe('Error');
			expect(answers.wrongKey.message).toMatch(/^Prowlarr refused the credentials \(HTTP 401 on GET \/api\/v1\/system\/status\)\. Fix: copy the API key from Prowlarr/);
			expect(answers.unreachable).toEqual({ status: 'Error', message: `Prowlarr is not reachable at http://127.0.0.1:1 (connection refused). Fix: ${PROWLARR.reachFix}` });
			expect(answers.noScheme.message).toMatch(/^The Prowlarr URL "prowlarr:9696" is not an http:\/\/ or https:\/\/ address with a host\. Fix: /);
			for (const answer of Object.values(answers)) expectNoBareCode(answer);
			expect(JSON.stringify(answers)).not.toContain(prowlarr.apiKey);
		});

		it('tests a runner credential against its health summary, not any page answering 200', async () => {
			const answers = {
				ok: await testInEditor('mediastackApi', { url: runnerApi!.url, apiToken: runnerToken }),
				wrongToken: await testInEditor('mediastackApi', { url: runnerApi!.url, apiToken: 'wrong-token-value' }),
				loginPage: await testInEditor('mediastackApi', { url: loginPage!.url, apiToken: runnerToken }),
				unreachable: await testInEditor('mediastackApi', { url: 'http://127.0.0.1:1', apiToken: runnerToken }),
			};
			console.log(`[n8n e2e] Mediastack runner credential test answers: ${JSON.stringify(answers, null, 2)}`);
			expect(answers.ok).toEqual({ status: 'OK', message: 'Connected to the mediastack runner; the API token works and the runner reports itself healthy.' });
			expect(answers.wrongToken).toEqual({
				status: 'Error',
				message: 'The mediastack runner refused the credentials (HTTP 401 on GET /api/health): Wrong bearer token. Fix: send "Authorization: Bearer <token>".',
			});
			expect(answers.loginPage.message).toMatch(/^The mediastack runner answered GET \/api\/health with an HTML page \("Sign in"\) where JSON was expected/);
			expect(answers.unreachable.message).toMatch(/^The mediastack runner is not reachable at http:\/\/127\.0\.0\.1:1 \(connection refused\)\. Fix: check the runner is running/);
			for (const answer of Object.values(answers)) expectNoBareCode(answer);
			expect(JSON.stringify(answers)).not.toContain(runnerToken);
		});

		it('tests an Apprise API credential against the server\'s status document', async () => {
			const answers = {
				ok: await testInEditor('appriseApi', { url: peers().apprise.url }),
				loginPage: await testInEditor('appriseApi', { url: loginPage!.url }),
				unreachable: await testInEditor('appriseApi', { url: 'http://127.0.0.1:1' }),
			};
			console.log(`[n8n e2e] Apprise API credential test answers: ${JSON.stringify(answers, null, 2)}`);
			expect(answers.ok).toEqual({ status: 'OK', message: 'Connected to the Apprise API server; it reports itself healthy.' });
			expect(answers.loginPage.message).toMatch(/^Apprise API answered GET \/status with an HTML page \("Sign in"\) where JSON was expected/);
			expect(answers.unreachable.message).toMatch(/^Apprise API is not reachable at http:\/\/127\.0\.0\.1:1\/status \(connection refused\)\. Fix: /);
			for (const answer of Object.values(answers)) expectNoBareCode(answer);
		});

		it('tests a webhook credential by POSTing a message marked as a test, passing only on the receiver\'s 2xx', async () => {
			const before = peers().receiver.received.length;
			const answers = {
				ok: await testInEditor('webhookNotifyApi', { url: peers().receiver.url, headerName: 'Authorization', headerSecret: receiverToken, hmacSecret }),
				unreachable: await testInEditor('webhookNotifyApi', { url: 'http://127.0.0.1:1/hooks/mediastack' }),
				loginPage: await testInEditor('webhookNotifyApi', { url: `${loginPage!.url}/hooks/mediastack` }),
			};
			console.log(`[n8n e2e] Webhook credential test answers: ${JSON.stringify(answers, null, 2)}`);
			expect(answers.ok).toEqual({
				status: 'OK',
				message: 'The webhook receiver accepted a test message (HTTP 200): a POST with event "mediastack_test" (also in the X-Mediastack-Event header), signed with the HMAC secret. Check that it arrived where you expect.',
			});
			const delivered = peers().receiver.received.slice(before);
			expect(delivered.map((webhook) => payloadOf(webhook).event)).toEqual(['mediastack_test']);
			expectSignedForUs(delivered[0]);
			expect(answers.unreachable).toEqual({
				status: 'Error',
				message: 'Webhook is not reachable at http://127.0.0.1:1/*** (connection refused). Fix: check the webhook URL and that its receiver is running.',
			});
			expect(answers.loginPage).toEqual({
				status: 'Error',
				message: 'The webhook URL answered the test message with an HTML page ("Sign in"), not as a webhook receiver: usually a login page or a reverse proxy in front of it. Fix: give the receiver\'s own webhook URL.',
			});
			for (const answer of Object.values(answers)) expectNoBareCode(answer);
			expect(JSON.stringify(answers)).not.toContain(receiverToken);
		});

		it('offers Notify by its one action and saves the channel of the credential the user picked', async () => {
			editor = await phases.time('open the editor in Chromium', () => openEditor(server!));
			const webhookCredentialName = credentialReference([rotationTemplate], 'webhookNotifyApi').name;
			for (const [credentialName, channel, subtitle] of [
				[appriseCredentialName, 'appriseApi', 'Apprise: Custom message'],
				[webhookCredentialName, 'webhookNotifyApi', 'Webhook: Custom message'],
			] as const) {
				const { page, workflowId } = await editor.newWorkflow();
				const actions = await addNodeByAction(page, 'Mediastack Notify', 'Send a notification');
				expect(actions.join('\n')).not.toMatch(/apprise notification|webhook notification/i);
				const choice = await credentialChoice(page);
				expect(choice.offered).toEqual(expect.arrayContaining([appriseCredentialName, webhookCredentialName]));
				await pickCredential(page, credentialName);
				await fillParameter(page, 'subject', `Picked ${channel}`);
				await closeAndSave(page);
				expect(await canvasShows(page, subtitle), `the canvas shows "${subtitle}"`).toBe(true);
				const node = await savedNotifyNode(server!, workflowId);
				console.log(`[n8n e2e] the editor saved, after picking "${credentialName}": ${JSON.stringify({ typeVersion: node.typeVersion, parameters: node.parameters, credentials: node.credentials })}`);
				expect(node.typeVersion).toBe(2);
				// n8n leaves a parameter at its default (webhookNotifyApi) out of what it saves.
				expect(node.parameters.authentication ?? 'webhookNotifyApi').toBe(channel);
				expect(Object.keys(node.credentials ?? {})).toEqual([channel]);
				expect(node.parameters.subject).toBe(`Picked ${channel}`);
				savedByChannel[channel] = workflowId;
				await page.close();
			}
		}, 300_000);
	});

	describe('the workflows the editor saved', () => {
		it('send by the channel of the credential that was picked', async () => {
			const { apprise } = peers();
			const byApprise = await executeRecorded('n8n execute: editor-saved Notify, Apprise', expectDefined(savedByChannel.appriseApi));
			expect(runFailure(byApprise.run)).toBeUndefined();
			expect(byApprise.webhooks).toEqual([]);
			expect(apprise.notifications.map((notification) => notification.title)).toEqual(['Picked appriseApi']);

			const byWebhook = await executeRecorded('n8n execute: editor-saved Notify, webhook', expectDefined(savedByChannel.webhookNotifyApi));
			expect(runFailure(byWebhook.run)).toBeUndefined();
			expect(byWebhook.webhooks.map((webhook) => payloadOf(webhook).subject)).toEqual(['Picked webhookNotifyApi']);
			expect(apprise.notifications).toHaveLength(1);
		}, 2 * RUN_TIMEOUT_MS);
	});

	describe('the rotated MAM cookie at rest', () => {
		it('is sealed in the static data n8n exports: the workflow file holds no MAM cookie', async () => {
			const exported = await phases.time('n8n export:workflow: the rotation workflow', () => peers().n8n.exportWorkflow(rotationTemplate.id));
			const [workflow] = [JSON.parse(exported)].flat() as Array<{ staticData?: { global?: Record<string, Record<string, unknown>> } }>;
			const records = Object.entries(workflow.staticData?.global ?? {}).filter(([key]) => key.startsWith('myAnonamouseCookie:'));
			expect(records.length, 'the rotation left its cookie in the static data').toBeGreaterThan(0);
			for (const [, record] of records) expect(Object.keys(record).sort()).toEqual(['data', 'iv', 'rotatedAt', 'rotations', 'salt', 'tag', 'v']);
			// The check can fail: a cookie in the file would be caught.
			expect(overexposedMamIds(`${exported}${peers().mam.mamId}`)).toEqual([maskSecret(peers().mam.mamId)]);
			expect(overexposedMamIds(exported)).toEqual([]);
		});

		it('keeps the static data in n8n\'s database free of any MAM cookie; only the execution log (node output) holds one', async () => {
			const hits = await sqliteHits(peers().n8n, everyMamId());
			console.log(`[n8n e2e] where MAM cookies sit in database.sqlite: ${JSON.stringify(hits)}`);
			expect(hits.filter((hit) => hit.table === 'workflow_entity' || hit.column.toLowerCase().includes('static'))).toEqual([]);
			expect(hits.filter((hit) => hit.table !== 'execution_data')).toEqual([]);
		});
	});

	it('keeps every credential secret encrypted in n8n\'s database', async () => {
		const { n8n, prowlarr, smtp } = peers();
		const dataDir = path.join(n8n.userFolder, '.n8n');
		const databaseFiles = (await readdir(dataDir)).filter((name) => name.startsWith('database.sqlite'));
		expect(databaseFiles).toContain('database.sqlite');
		const secrets = { 'Prowlarr API key': prowlarr.apiKey, 'SMTP password': smtp.password, 'webhook HMAC secret': hmacSecret, 'webhook header': receiverToken };
		for (const file of databaseFiles) {
			const content = await readFile(path.join(dataDir, file));
			for (const [name, secret] of Object.entries(secrets)) expect(content.includes(secret), `${file} holds the ${name} in plain text`).toBe(false);
		}
	});
});

function settledValue<T>(result: PromiseSettledResult<T>): T | undefined {
	return result.status === 'fulfilled' ? result.value : undefined;
}

/** A value in the template's Settings node (a Set node), by the name it assigns. */
function settingsAssignment(template: WorkflowTemplate, name: string): { name: string; value: unknown } {
	const settings = template.nodes.find((node) => node.name === 'Settings');
	const assignments = (settings?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
	const found = assignments?.find((assignment) => assignment.name === name);
	if (!found) throw new Error(`${template.name} has no Settings node assigning "${name}"`);
	return found;
}

/** The Notify node of a workflow the editor saved, read back through the REST API once the save landed. */
async function savedNotifyNode(server: N8nServer, workflowId: string): Promise<{ typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const workflow = await server.rest<{ nodes?: Array<{ type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }> }>('GET', `/workflows/${workflowId}`).catch(() => undefined);
		const node = workflow?.nodes?.find((candidate) => candidate.type === `${PACKAGE_NAME}.notify`);
		if (node?.credentials && node.parameters.subject) return node;
		if (Date.now() > deadline) throw new Error(`the editor did not save workflow ${workflowId} with its Notify node: ${JSON.stringify(workflow)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

function expectDefined<T>(value: T | undefined): T {
	if (value === undefined) throw new Error('an earlier test did not save this workflow');
	return value;
}

/** Manual trigger → Notify version 1 by webhook: what a workflow saved before version 2 holds. */
function notifyVersion1Workflow(webhookCredential: { id: string; name: string }): WorkflowTemplate {
	return {
		id: NOTIFY_V1_ID,
		name: 'Notify saved with version 1',
		nodes: [
			{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a1b2c3d4-0000-4000-8000-000000000002',
				name: 'Notify (v1)',
				type: `${PACKAGE_NAME}.notify`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'webhook', operation: 'send', event: 'custom', subject: NOTIFY_V1_SUBJECT, body: 'A node saved before version 2.' },
				credentials: { webhookNotifyApi: webhookCredential },
			},
		] as unknown as WorkflowTemplate['nodes'],
		connections: { Start: { main: [[{ node: 'Notify (v1)', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/**
 * Every table and text column of n8n's SQLite file holding one of the values, read with Node
 * 24's built-in node:sqlite (the n8n install's own runtime), so no driver is needed here.
 */
async function sqliteHits(n8n: CommunityN8n, values: string[]): Promise<Array<{ table: string; column: string; value: string }>> {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const [file, valuesJson] = process.argv.slice(1);
		const values = JSON.parse(valuesJson);
		const db = new DatabaseSync(file, { readOnly: true });
		const hits = [];
		for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()) {
			for (const column of db.prepare('PRAGMA table_info("' + name + '")').all()) {
				for (const value of values) {
					const query = 'SELECT COUNT(*) AS n FROM "' + name + '" WHERE instr(CAST("' + column.name + '" AS TEXT), ?) > 0';
					if (db.prepare(query).get(value).n > 0) hits.push({ table: name, column: column.name, value: '...' + value.slice(-8) });
				}
			}
		}
		process.stdout.write(JSON.stringify(hits));
	`;
	const { execFile } = await import('node:child_process');
	const file = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const stdout = await new Promise<string>((resolve, reject) =>
		execFile(n8n.install.node, ['--no-warnings', '-e', script, file, JSON.stringify(values)], { maxBuffer: 16 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out))),
	);
	return JSON.parse(stdout) as Array<{ table: string; column: string; value: string }>;
}
