import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ArrNotification } from '../../../clients/arr/types';
import type { WebhookDelivery } from '../../fakes/arr-common';
import type { ActivateOptions } from '../../n8n/trigger-harness';
import { activateTrigger } from '../../n8n/trigger-harness';

/** What the trigger suite needs of an app's fake. */
export interface TriggerFake {
	url: string;
	apiKey: string;
	readonly connections: { notifications: ArrNotification[] };
	emitWebhook(eventType: string, overrides?: Record<string, unknown>): Promise<WebhookDelivery[]>;
	close(): Promise<void>;
}

export interface TriggerSuite {
	/** "Sonarr" */
	app: string;
	nodeName: string;
	credentialType: string;
	start: () => Promise<TriggerFake>;
	/**
	 * How the app's posts map onto the trigger's events: for each case, the events chosen, what
	 * the app posts, and the `event` the workflow gets (undefined: the app does not post it, or
	 * the trigger does not start the workflow).
	 */
	routing: Array<{ chosen: string[]; extra?: Record<string, unknown>; eventType: string; overrides?: Record<string, unknown>; emits?: string; flags?: Record<string, boolean> }>;
}

/**
 * A Servarr webhook trigger's whole cycle against the app's fake: activation registers a
 * Webhook connection for the chosen events (nothing secret kept in the workflow), the app's
 * posts start the workflow, forged calls do not, a connection deleted in the app is noticed,
 * and deactivation removes it.
 */
export function describeArrTrigger(suite: TriggerSuite): void {
	describe(`${suite.app} Trigger (shared suite)`, () => {
		let fake: TriggerFake;

		beforeEach(async () => {
			fake = await suite.start();
		});

		afterEach(async () => {
			await fake.close();
		});

		const activate = (events: string[], extra: Record<string, unknown> = {}, node?: ActivateOptions['node'], test = false, staticData?: ActivateOptions['staticData']) =>
			activateTrigger({ nodeName: suite.nodeName, parameters: { events, ...extra }, credentials: { [suite.credentialType]: { url: fake.url, apiKey: fake.apiKey } }, workflowName: 'Media to Discord', node, test, staticData });

		it('registers a Webhook connection for the chosen events when activated, keeping no secret in the workflow', async () => {
			const trigger = await activate(['grab', 'health'], { includeHealthWarnings: true });
			try {
				expect(fake.connections.notifications).toHaveLength(1);
				const [connection] = fake.connections.notifications;
				expect(connection).toMatchObject({ implementation: 'Webhook', onGrab: true, onHealthIssue: true, onHealthRestored: true, onApplicationUpdate: false, includeHealthWarnings: true });
				expect(connection.name).toMatch(new RegExp(`^n8n: Media to Discord / ${suite.app} Trigger \\([0-9a-f-]{8}\\)$`));
				const field = (name: string) => connection.fields.find((candidate) => candidate.name === name)?.value;
				expect(field('url')).toBe(trigger.webhookUrl);
				expect(field('username')).toBe('n8n');
				expect(String(field('password'))).toMatch(/^[0-9a-f]{64}$/);
				expect(trigger.staticData).toEqual({ connectionId: connection.id, url: trigger.webhookUrl });
				expect(JSON.stringify(trigger.staticData)).not.toContain(fake.apiKey);
				// Saved without the app's test call, so nothing reached the workflow yet.
				expect(trigger.runs).toHaveLength(0);
				expect(await trigger.checkExists()).toBe(true);
			} finally {
				await trigger.deactivate();
			}
		});

		it.each(suite.routing.map((route) => [`${route.eventType}${route.overrides ? ` ${JSON.stringify(route.overrides)}` : ''} with [${route.chosen.join(', ')}]${route.extra ? ` ${JSON.stringify(route.extra)}` : ''}`, route] as const))(
			'routes %s',
			async (_label, route) => {
				const trigger = await activate(route.chosen, route.extra);
				try {
					if (route.flags) expect(fake.connections.notifications[0]).toMatchObject(route.flags);
					const deliveries = await fake.emitWebhook(route.eventType, route.overrides);
					if (route.emits === undefined) {
						expect(trigger.runs).toEqual([]);
						for (const delivery of deliveries) expect(delivery.status).toBe(200);
					} else {
						expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
						expect(trigger.runs).toHaveLength(1);
						expect(trigger.runs[0][0]).toMatchObject({ event: route.emits, eventType: route.eventType });
					}
				} finally {
					await trigger.deactivate();
				}
			},
		);

		it('answers the app\'s Test button without starting the workflow unless Test is chosen', async () => {
			const quiet = await activate(['grab']);
			try {
				const [test] = await fake.emitWebhook('Test');
				expect(test.status).toBe(200);
				expect(quiet.runs).toEqual([]);
				expect(quiet.answers.at(-1)).toEqual({ status: 200, body: { received: true, emitted: false } });
			} finally {
				await quiet.deactivate();
			}
			const listening = await activate(['grab', 'test']);
			try {
				await fake.emitWebhook('Test');
				expect(listening.runs[0][0]).toMatchObject({ event: 'test', eventType: 'Test' });
			} finally {
				await listening.deactivate();
			}
		});

		it('refuses a call without the connection\'s credentials, and starts nothing', async () => {
			const trigger = await activate(['grab']);
			try {
				const forged = await fetch(trigger.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('n8n:guess').toString('base64')}` }, body: JSON.stringify({ eventType: 'Grab' }) });
				expect(forged.status).toBe(401);
				expect(await forged.json()).toEqual({ message: `Not a call of the ${suite.app} this trigger registered with: wrong or missing credentials.` });
				const bare = await fetch(trigger.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"eventType":"Grab"}' });
				expect(bare.status).toBe(401);
				expect(trigger.runs).toHaveLength(0);
			} finally {
				await trigger.deactivate();
			}
		});

		it('notices a connection deleted in the app, and registers again', async () => {
			const trigger = await activate(['grab']);
			try {
				fake.connections.notifications.splice(0);
				expect(await trigger.checkExists()).toBe(false);
			} finally {
				await trigger.deactivate();
			}
			const again = await activate(['grab']);
			try {
				expect(fake.connections.notifications).toHaveLength(1);
			} finally {
				await again.deactivate();
			}
		});

		it('removes its connection when deactivated, and does not mind one already gone', async () => {
			const trigger = await activate(['grab']);
			await trigger.deactivate();
			expect(fake.connections.notifications).toEqual([]);
			expect(trigger.staticData).toEqual({});
			expect(await fake.emitWebhook('Grab')).toEqual([]);

			const gone = await activate(['grab']);
			fake.connections.notifications.splice(0);
			await expect(gone.deactivate()).resolves.toBeUndefined();
		});

		it('removes its connection on deactivation even without what activation kept in the static data', async () => {
			// n8n's activation without its publication service (all of 1.x; 2.x with
			// N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false) saves static data only once every trigger
			// registered: when another trigger fails, it deletes them all from the stored workflow, whose
			// static data never got this one's connection id.
			const trigger = await activate(['grab']);
			for (const key of Object.keys(trigger.staticData)) delete trigger.staticData[key];
			await trigger.deactivate();
			expect(fake.connections.notifications).toEqual([]);
		});

		it('listens for a test event next to its active registration, in a connection of its own at n8n\'s test URL', async () => {
			const node = { id: randomUUID(), name: `${suite.app} Trigger`, webhookId: randomUUID() };
			const production = await activate(['grab'], {}, node);
			try {
				const listening = await activate(['grab'], {}, node, true);
				try {
					expect(listening.webhookUrl).toMatch(/\/webhook-test\/[^/]+\/webhook$/);
					expect(fake.connections.notifications).toHaveLength(2);
					const [active, test] = fake.connections.notifications;
					expect(test.name).not.toBe(active.name);
					expect(test.name).toMatch(new RegExp(`^n8n: Media to Discord / ${suite.app} Trigger \\(${node.webhookId.slice(0, 8)}, test\\)$`));
					const deliveries = await fake.emitWebhook('Grab');
					expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
					expect(production.runs).toHaveLength(1);
					expect(listening.runs).toHaveLength(1);
				} finally {
					await listening.deactivate();
				}
				expect(fake.connections.notifications.map((connection) => connection.name)).toEqual([`n8n: Media to Discord / ${suite.app} Trigger (${node.webhookId.slice(0, 8)})`]);
			} finally {
				await production.deactivate();
			}
			expect(fake.connections.notifications).toEqual([]);
		});

		it('replaces its earlier connection when n8n comes back with another webhook URL', async () => {
			const node = { id: randomUUID(), name: `${suite.app} Trigger`, webhookId: randomUUID() };
			const before = await activate(['grab'], {}, node);
			await before.abandon();
			// n8n restarted on another address (a new WEBHOOK_URL): the same node, with what it stored.
			const after = await activate(['grab'], {}, node, false, before.staticData);
			try {
				expect(after.webhookUrl).not.toBe(before.webhookUrl);
				expect(fake.connections.notifications.map((connection) => connection.fields.find((field) => field.name === 'url')?.value)).toEqual([after.webhookUrl]);
				expect(after.staticData).toEqual({ connectionId: fake.connections.notifications[0].id, url: after.webhookUrl });
			} finally {
				await after.deactivate();
			}
			expect(fake.connections.notifications).toEqual([]);
		});

		it('refuses to activate without an event, and explains a wrong key with the fix', async () => {
			await expect(activate([])).rejects.toThrow(`Choose at least one ${suite.app} event`);
			await expect(activate(['test'])).rejects.toThrow(`Choose at least one ${suite.app} event`);
			await expect(
				activateTrigger({ nodeName: suite.nodeName, parameters: { events: ['grab'] }, credentials: { [suite.credentialType]: { url: fake.url, apiKey: 'f'.repeat(32) } } }),
			).rejects.toMatchObject({ name: 'NodeApiError', message: expect.stringContaining(`${suite.app} refused the credentials (HTTP 401`) });
			expect(fake.connections.notifications).toEqual([]);
		});
	});
}
