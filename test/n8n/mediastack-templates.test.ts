/**
 * The templates in workflows/ that this package ships for MAM sessions: they parse, every node of
 * ours names a resource, operation and parameters our node descriptions know, and they run
 * in-process against the fakes. n8n's own nodes (Schedule Trigger, Set, IF, Send Email, Sticky
 * Note) are not installed here; small stand-ins take their place, with the IF conditions
 * evaluated by n8n-workflow's own filter engine.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

import type { IDataObject, INode } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { WorkflowJson } from './harness';
import { PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, runWorkflow } from './harness';
import type { SentEmail } from './template-kit';
import { BASE_NODES, emailSendStandIn, expectImportable, ifNode, loadTemplate, problemsOf, scheduleTrigger, setNode, stickyNote } from './template-kit';
import { FakeMyAnonamouse, startFakeMyAnonamouse } from '../fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';

const TEMPLATES = {
	rotation: 'mam-rotation-prowlarr-notify.json',
	daily: 'daily-mam-session-check.json',
} as const;

describe.each(Object.entries(TEMPLATES))('template %s', (_key, file) => {
	const template = loadTemplate(file);

	it('is an importable workflow: id, unique node ids and names, connections between existing nodes', () => {
		expectImportable(template);
		expect(typeof template.name).toBe('string');
	});

	it('uses only our nodes as installed from the package, and n8n\'s own that exist in this form', () => {
		for (const node of template.nodes) {
			if (node.type.startsWith('n8n-nodes-base.')) {
				expect(BASE_NODES[node.type], `${node.name}: ${node.type}`).toBe(node.typeVersion);
			} else {
				expect(node.type, node.name).toMatch(new RegExp(`^${PACKAGE_NAME.replace(/-/g, '\\-')}\\.`));
			}
		}
		expect(template.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote')).toBe(true);
		expect(template.nodes.some((node) => node.type === 'n8n-nodes-base.emailSend')).toBe(true);
	});

	it('gives every node of ours a valid resource, operation and parameters', () => {
		const ours = template.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
		expect(ours.length).toBeGreaterThan(0);
		expect(ours.flatMap(problemsOf)).toEqual([]);
	});

	it('refers to credentials by type names that exist, with an id and a name', () => {
		const known = new Set([...PACKAGE_CREDENTIAL_TYPES.map((type) => type.name), 'smtp']);
		for (const node of template.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				expect(known.has(type), `${node.name}: ${type}`).toBe(true);
				expect(reference).toMatchObject({ id: expect.any(String), name: expect.any(String) });
			}
		}
	});

	it('reaches every node that is not a trigger or a note from a trigger', () => {
		const targets = new Set(Object.values(template.connections).flatMap((outputs) => Object.values(outputs).flat(2).map((target) => (target as { node: string }).node)));
		for (const node of template.nodes) {
			if (/scheduleTrigger|manualTrigger|stickyNote/.test(node.type)) continue;
			expect(targets.has(node.name), node.name).toBe(true);
		}
	});
});

describe('the template checker', () => {
	it('catches an unknown operation, a misspelt parameter and a missing credential', () => {
		const node: INode = {
			id: 'x',
			name: 'Broken',
			type: `${PACKAGE_NAME}.myAnonamouse`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'session', operation: 'refresh', mamID: 'x' },
		};

		expect(problemsOf(node)).toEqual([
			'Broken: "operation" = "refresh" is not one of check, keepalive, rotate',
			'Broken: parameter "mamID" does not exist for session → refresh',
			'Broken: credential "myAnonamouseApi" is missing',
		]);
	});
});

// ---------------------------------------------------------------------------------------------
// Running the templates against the fakes.

/** Records webhook POSTs. */
async function startHookReceiver(): Promise<{ url: string; received: Array<Record<string, unknown>>; close(): Promise<void> }> {
	const received: Array<Record<string, unknown>> = [];
	const server = http.createServer((request, response) => {
		let raw = '';
		request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
		request.on('end', () => {
			received.push(JSON.parse(raw) as Record<string, unknown>);
			response.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/mediastack`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('templates running against the fakes', () => {
	let mam: FakeMyAnonamouse;
	let prowlarr: FakeProwlarr;
	let hook: Awaited<ReturnType<typeof startHookReceiver>>;
	let outbox: SentEmail[];

	beforeEach(async () => {
		mam = await startFakeMyAnonamouse();
		prowlarr = await startFakeProwlarr();
		hook = await startHookReceiver();
		outbox = [];
	});

	afterEach(async () => {
		await hook.close();
		await mam.close();
		await prowlarr.close();
	});

	function credentials(initialMamId: string) {
		return {
			myAnonamouseApi: { mamId: initialMamId, customAddresses: true, seedboxUrl: mam.url, siteUrl: mam.url },
			prowlarrApi: { url: prowlarr.url, apiKey: prowlarr.apiKey },
			webhookNotifyApi: { url: hook.url },
		};
	}

	const standIns = () => ({
		'n8n-nodes-base.scheduleTrigger': scheduleTrigger,
		'n8n-nodes-base.stickyNote': stickyNote,
		'n8n-nodes-base.set': setNode,
		'n8n-nodes-base.if': ifNode,
		'n8n-nodes-base.emailSend': emailSendStandIn(outbox),
	});

	function prowlarrMamIdPuts(): number {
		return prowlarr.requests.filter((request) => request.method === 'PUT' && request.path === '/api/v1/indexer/1').length;
	}

	describe('MAM rotation → Prowlarr → notify', () => {
		const template = loadTemplate(TEMPLATES.rotation);

		it('pushes a rotated cookie into Prowlarr, then reports it by webhook and e-mail without the cookie', async () => {
			const initial = mam.mamId;
			const staticData: IDataObject = {};

			const result = await runWorkflow(template, { credentials: credentials(initial), nodeTypes: standIns(), staticData, startNode: 'Every 6 hours' });

			expect(result.status).toBe('success');
			const rotated = mam.mamId;
			expect(rotated).not.toBe(initial);
			expect(prowlarr.mamId()).toBe(rotated);
			expect(prowlarrMamIdPuts()).toBe(1);
			expect(hook.received).toHaveLength(1);
			expect(hook.received[0]).toMatchObject({ event: 'prowlarr_auto_update', subject: '[mediastack] prowlarr_auto_update - SUCCESS' });
			expect(String(hook.received[0].body)).toContain(`MAM ID ending in ...${rotated.slice(-8)}`);
			expect(outbox).toHaveLength(1);
			expect(outbox[0]).toMatchObject({ toEmail: 'you@example.org', subject: '[mediastack] prowlarr_auto_update - SUCCESS' });
			expect(outbox[0].text).toContain(`MAM ID ending in ...${rotated.slice(-8)}`);
			expect(outbox[0].text).toContain('Indexer: MyAnonamouse (id 1)');
			const everything = JSON.stringify(hook.received) + JSON.stringify(outbox);
			expect(everything).not.toContain(rotated);
			expect(everything).not.toContain(initial);
		});

		it('passes the cookie on when Prowlarr holds another one, even when MAM kept it (a cookie pasted into the credential)', async () => {
			mam.rotate = false;
			const pasted = mam.mamId;
			expect(prowlarr.mamId()).not.toBe(pasted);

			const result = await runWorkflow(template, { credentials: credentials(pasted), nodeTypes: standIns(), staticData: {}, startNode: 'When clicking Execute workflow' });

			expect(result.status).toBe('success');
			expect(result.outputByNode['Rotate MAM cookie'][0].json).toMatchObject({ rotated: false, mamId: pasted });
			expect(prowlarr.mamId()).toBe(pasted);
			expect(hook.received.map((message) => message.event)).toEqual(['prowlarr_auto_update']);
		});

		it('never gives Prowlarr a cookie MAM refuses', async () => {
			const before = prowlarr.mamId();
			mam.killSession();

			const result = await runWorkflow(template, { credentials: credentials(mam.mamId), nodeTypes: standIns(), staticData: {}, startNode: 'Every 6 hours' });

			expect(result.status).toBe('success');
			expect(result.outputByNode['Rotate MAM cookie'][0].json).toMatchObject({ outcome: 'invalid_session', rotated: false });
			expect(result.outputsByNode['Prowlarr needs the cookie?'][0]).toEqual([]);
			expect(prowlarr.mamId()).toBe(before);
			expect(prowlarrMamIdPuts()).toBe(0);
			expect(hook.received).toEqual([]);
		});

		it('changes nothing and says nothing when Prowlarr already has the current cookie, starting from the saved one', async () => {
			const initial = mam.mamId;
			const staticData: IDataObject = {};
			await runWorkflow(template, { credentials: credentials(initial), nodeTypes: standIns(), staticData, startNode: 'When clicking Execute workflow' });
			mam.rotate = false;

			const second = await runWorkflow(template, { credentials: credentials(initial), nodeTypes: standIns(), staticData, startNode: 'When clicking Execute workflow' });

			expect(second.status).toBe('success');
			expect(second.outputByNode['Rotate MAM cookie'][0].json).toMatchObject({ outcome: 'no_change', rotated: false, cookieSource: 'staticData' });
			expect(second.outputsByNode['Prowlarr needs the cookie?']).toEqual([[], [expect.objectContaining({ json: expect.objectContaining({ implementation: 'MyAnonamouse' }) })]]);
			expect(prowlarrMamIdPuts()).toBe(1);
			expect(hook.received).toHaveLength(1);
			expect(outbox).toHaveLength(1);
		});
	});

	describe('Daily MAM session check', () => {
		/** The template with the session created `daysAgo` days before now. */
		function dailyTemplate(daysAgo: number): WorkflowJson {
			const template = loadTemplate(TEMPLATES.daily);
			const settings = template.nodes.find((node) => node.name === 'Settings') as INode;
			const { assignments } = settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
			(assignments.find((assignment) => assignment.name === 'created') as { value: unknown }).value = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
			return template;
		}

		async function runDaily(daysAgo: number, staticData: IDataObject = {}, initial = mam.mamId) {
			return await runWorkflow(dailyTemplate(daysAgo), { credentials: credentials(initial), nodeTypes: standIns(), staticData, startNode: 'Every day at 08:00' });
		}

		it('keeps a young session alive, pushes the rotated cookie to Prowlarr and sends nothing', async () => {
			const result = await runDaily(10);

			expect(result.status).toBe('success');
			expect(prowlarr.mamId()).toBe(mam.mamId);
			expect(result.outputByNode['Check MAM session'][0].json).toMatchObject({ outcome: 'ok', valid: true, cookieSource: 'staticData' });
			expect(result.outputByNode['Work out expiry'][0].json).toMatchObject({ refused: false, daysRemaining: 79 });
			expect(hook.received).toEqual([]);
			expect(outbox).toEqual([]);
		});

		it('warns by webhook and e-mail when a session 84 days old is within the 7-day threshold', async () => {
			const result = await runDaily(84);

			expect(result.status).toBe('success');
			expect(hook.received).toHaveLength(1);
			expect(hook.received[0]).toMatchObject({ event: 'mam_session_expiry', severity: 'warning', subject: '[mediastack] mam_session_expiry - WARNING' });
			expect(hook.received[0].data).toMatchObject({ label: 'main', days_remaining: 5 });
			expect(String(hook.received[0].body)).toContain(`MAM ID ending in ...${mam.mamId.slice(-8)}`);
			expect(outbox.map((mail) => mail.subject)).toEqual(['[mediastack] mam_session_expiry - WARNING']);
			expect(outbox[0].text).toContain('Days remaining: 5 days');
			expect(JSON.stringify(hook.received) + JSON.stringify(outbox)).not.toContain(mam.mamId);
		});

		it('alerts, instead of warning, when MAM says the session is dead', async () => {
			const initial = mam.mamId;
			mam.killSession();

			const result = await runDaily(84, {}, initial);

			expect(result.status).toBe('success');
			expect(result.outputByNode['Keep MAM session alive'][0].json).toMatchObject({ outcome: 'invalid_session', rotated: false });
			expect(hook.received.map((message) => message.event)).toEqual(['mam_session_invalid']);
			expect(String(hook.received[0].body)).toContain('MAM said: Invalid session');
			expect(String(hook.received[0].body)).toContain(`MAM ID ending in ...${initial.slice(-8)}`);
			expect(outbox.map((mail) => mail.subject)).toEqual(['[mediastack] mam_session_invalid - ALERT']);
			expect(prowlarrMamIdPuts()).toBe(0);
		});

		it('tells an ASN mismatch apart in the alert, while the rotated cookie still reaches Prowlarr', async () => {
			mam.refusal = 'asn_mismatch';

			const result = await runDaily(10);

			expect(result.status).toBe('success');
			expect(prowlarr.mamId()).toBe(mam.mamId);
			expect(hook.received.map((message) => message.event)).toEqual(['mam_session_invalid']);
			expect(hook.received[0].data).toMatchObject({ reason: 'wrong_session_type', mam_message: 'Invalid session - ASN mismatch' });
		});

		it('keeps working the next day from the cookie saved in static data', async () => {
			const initial = mam.mamId;
			const staticData: IDataObject = {};
			await runDaily(10, staticData, initial);

			const nextDay = await runDaily(11, staticData, initial);

			expect(nextDay.outputByNode['Keep MAM session alive'][0].json).toMatchObject({ outcome: 'no_change', accepted: true, cookieSource: 'staticData' });
			expect(prowlarr.mamId()).toBe(mam.mamId);
			expect(hook.received).toEqual([]);
			expect(mam.accepts(initial)).toBe(false);
		});
	});
});
