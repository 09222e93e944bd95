import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';
import { activateTrigger } from './trigger-harness';

/** The Prowlarr Trigger's whole cycle against the fake Prowlarr: activate, events arrive, deactivate. */
let fake: FakeProwlarr;

beforeEach(async () => {
	fake = await startFakeProwlarr();
});

afterEach(async () => {
	await fake.close();
});

const activate = (events: string[], extra: Record<string, unknown> = {}) =>
	activateTrigger({ nodeName: 'prowlarrTrigger', parameters: { events, ...extra }, credentials: { prowlarrApi: { url: fake.url, apiKey: fake.apiKey } }, workflowName: 'Grabs to Discord' });

describe('Prowlarr Trigger', () => {
	it('registers a Webhook connection for the chosen events when activated, keeping no secret in the workflow', async () => {
		const trigger = await activate(['grab', 'health'], { includeHealthWarnings: true });
		try {
			expect(fake.connections.notifications).toHaveLength(1);
			const [connection] = fake.connections.notifications;
			expect(connection).toMatchObject({ implementation: 'Webhook', onGrab: true, onHealthIssue: true, onHealthRestored: true, onApplicationUpdate: false, includeHealthWarnings: true });
			expect(connection.name).toMatch(/^n8n: Grabs to Discord \/ Prowlarr Trigger \([0-9a-f-]{8}\)$/);
			const field = (name: string) => connection.fields.find((candidate) => candidate.name === name)?.value;
			expect(field('url')).toBe(trigger.webhookUrl);
			expect(field('username')).toBe('n8n');
			expect(String(field('password'))).toMatch(/^[0-9a-f]{64}$/);
			expect(trigger.staticData).toEqual({ connectionId: connection.id, url: trigger.webhookUrl });
			expect(JSON.stringify(trigger.staticData)).not.toContain(String(field('password')));
			// Saved without Prowlarr's test call, so nothing reached the workflow yet.
			expect(trigger.runs).toHaveLength(0);
			expect(await trigger.checkExists()).toBe(true);
		} finally {
			await trigger.deactivate();
		}
	});

	it('starts the workflow with each chosen event as Prowlarr posts it', async () => {
		const trigger = await activate(['grab', 'health']);
		try {
			const [grab] = await fake.emitWebhook('Grab');
			expect(grab.status).toBe(200);
			await fake.emitWebhook('Health', { level: 'error' });
			await fake.emitWebhook('HealthRestored', { level: 'error' });
			// Warnings only with Include Health Warnings, as Prowlarr decides.
			expect(await fake.emitWebhook('Health', { level: 'warning' })).toEqual([]);
			expect(trigger.runs.map((items) => items.map((item) => [item.event, item.eventType]))).toEqual([[['grab', 'Grab']], [['health', 'Health']], [['health', 'HealthRestored']]]);
			expect(trigger.runs[0][0]).toMatchObject({ instanceName: 'Prowlarr', release: expect.any(Object) });
		} finally {
			await trigger.deactivate();
		}
	});

	it('hears nothing of events it did not ask for, and answers the app\'s Test button without starting the workflow', async () => {
		const trigger = await activate(['grab']);
		try {
			expect(await fake.emitWebhook('ApplicationUpdate')).toEqual([]);
			const [test] = await fake.emitWebhook('Test');
			expect(test.status).toBe(200);
			expect(trigger.runs).toHaveLength(0);
			expect(trigger.answers.at(-1)).toEqual({ status: 200, body: { received: true, emitted: false } });
		} finally {
			await trigger.deactivate();
		}
	});

	it('passes the Test button through when Test is chosen', async () => {
		const trigger = await activate(['grab', 'test']);
		try {
			await fake.emitWebhook('Test');
			expect(trigger.runs).toEqual([[{ event: 'test', eventType: 'Test', instanceName: 'Prowlarr' }]]);
		} finally {
			await trigger.deactivate();
		}
	});

	it('refuses a call without the connection\'s credentials, and starts nothing', async () => {
		const trigger = await activate(['grab']);
		try {
			const forged = await fetch(trigger.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('n8n:guess').toString('base64')}` }, body: JSON.stringify({ eventType: 'Grab' }) });
			expect(forged.status).toBe(401);
			expect(await forged.json()).toEqual({ message: 'Not a call of the Prowlarr this trigger registered with: wrong or missing credentials.' });
			const bare = await fetch(trigger.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"eventType":"Grab"}' });
			expect(bare.status).toBe(401);
			expect(trigger.runs).toHaveLength(0);
		} finally {
			await trigger.deactivate();
		}
	});

	it('notices a connection deleted in Prowlarr, and registers again', async () => {
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

	it('refuses to activate without an event, and explains a wrong key with the fix', async () => {
		await expect(activate([])).rejects.toThrow('Choose at least one Prowlarr event');
		await expect(activate(['test'])).rejects.toThrow('Choose at least one Prowlarr event');
		await expect(
			activateTrigger({ nodeName: 'prowlarrTrigger', parameters: { events: ['grab'] }, credentials: { prowlarrApi: { url: fake.url, apiKey: 'f'.repeat(32) } } }),
		).rejects.toMatchObject({ name: 'NodeApiError', message: expect.stringContaining('Prowlarr refused the credentials (HTTP 401') });
		expect(fake.connections.notifications).toEqual([]);
	});
});
