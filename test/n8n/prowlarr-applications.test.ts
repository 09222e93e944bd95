import type { INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';
import { FakeSonarr, startFakeSonarr } from '../fakes/sonarr';
import { PACKAGE_NAME, runWorkflow, singleNodeWorkflow } from './harness';
import { loadOptions } from './load-options';

/** Prowlarr → Settings → Apps through the node, against a fake Prowlarr that really calls a fake Sonarr. */
let prowlarr: FakeProwlarr;
let sonarr: FakeSonarr;
const NODE = { id: 'prowlarr', name: 'Prowlarr', type: `${PACKAGE_NAME}.prowlarr` };

beforeEach(async () => {
	[prowlarr, sonarr] = await Promise.all([startFakeProwlarr(), startFakeSonarr()]);
});

afterEach(async () => {
	await Promise.all([prowlarr.close(), sonarr.close()]);
});

const credentials = () => ({ prowlarrApi: { url: prowlarr.url, apiKey: prowlarr.apiKey } });
const run = (parameters: INodeParameters) => runWorkflow(singleNodeWorkflow(NODE, { resource: 'application', ...parameters }), { credentials: credentials() });
const addSonarr = (apiKey = sonarr.apiKey, extra: INodeParameters = {}) =>
	run({ operation: 'add', implementation: 'Sonarr', name: 'Sonarr', prowlarrUrl: 'http://prowlarr:9696', baseUrl: sonarr.url, appApiKey: apiKey, ...extra });

describe('Prowlarr node: applications', () => {
	it('adds Sonarr from Prowlarr\'s template after Prowlarr tested it with Sonarr\'s key, and outputs no key', async () => {
		const result = await addSonarr();

		expect(result.status).toBe('success');
		const [item] = result.outputByNode.Prowlarr;
		expect(item.json).toMatchObject({ id: 1, name: 'Sonarr', implementation: 'Sonarr', syncLevel: 'fullSync' });
		const fields = item.json.fields as Array<{ name: string; value: unknown }>;
		expect(fields.find((field) => field.name === 'baseUrl')?.value).toBe(sonarr.url);
		expect(fields.find((field) => field.name === 'syncCategories')?.value).toContain(5000);
		expect(JSON.stringify(item.json)).not.toContain(sonarr.apiKey);
		// Prowlarr's own test reached Sonarr, with Sonarr's key.
		const statusCalls = sonarr.requests.filter((request) => request.path === '/api/v3/system/status');
		expect(statusCalls.map((request) => request.headers['x-api-key'])).toEqual([sonarr.apiKey]);
	});

	it('fails with Prowlarr\'s reason when Sonarr refuses the key, saving nothing and showing no key', async () => {
		const wrong = 'w'.repeat(32);
		const result = await addSonarr(wrong);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Prowlarr rejected POST /api/v1/applications (HTTP 400): API Key is invalid');
		expect(result.error?.description).toMatch(/Test Before Saving off/);
		// The key is a parameter of the node (n8n keeps those with the run); it must not be in the message.
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain(wrong);
		expect(prowlarr.applications.applications).toEqual([]);
	});

	it('saves without Prowlarr\'s test when Test Before Saving is off', async () => {
		await sonarr.stop();
		const result = await addSonarr(sonarr.apiKey, { testFirst: false, syncLevel: 'addOnly' });
		await sonarr.start();

		expect(result.status).toBe('success');
		expect(prowlarr.applications.applications).toMatchObject([{ name: 'Sonarr', syncLevel: 'addOnly' }]);
	});

	it('lists, gets, tests and deletes an app, the test failing as data once Sonarr is down', async () => {
		await addSonarr();
		const id = prowlarr.applications.applications[0].id;

		expect((await run({ operation: 'getAll', returnAll: true })).outputByNode.Prowlarr.map((item) => item.json.name)).toEqual(['Sonarr']);
		const got = (await run({ operation: 'get', applicationId: id })).outputByNode.Prowlarr[0].json;
		expect((got.fields as Array<{ name: string; value: unknown }>).find((field) => field.name === 'apiKey')?.value).toBe('********');
		expect((await run({ operation: 'test', applicationId: id })).outputByNode.Prowlarr[0].json).toEqual({ applicationId: id, ok: true, errors: [] });

		await sonarr.stop();
		const failing = (await run({ operation: 'test', applicationId: id })).outputByNode.Prowlarr[0].json;
		await sonarr.start();
		expect(failing).toEqual({ applicationId: id, ok: false, errors: ['Unable to complete application test, cannot connect to Sonarr'] });

		expect((await run({ operation: 'delete', applicationId: id })).outputByNode.Prowlarr[0].json).toEqual({ applicationId: id, deleted: true });
		expect(prowlarr.applications.applications).toEqual([]);
	});

	it('refuses an application id an expression left empty, before asking Prowlarr', async () => {
		const result = await run({ operation: 'get', applicationId: '={{ $json.missing ?? "" }}' });
		expect(result.error?.message).toBe('Application ID is empty');
		expect(prowlarr.requests).toHaveLength(0);
	});

	it('queues "Sync App Indexers"', async () => {
		const result = await run({ operation: 'sync' });

		expect(result.outputByNode.Prowlarr[0].json).toMatchObject({ name: 'ApplicationIndexerSync', status: 'queued' });
		expect(prowlarr.commands.named('ApplicationIndexerSync')).toMatchObject([{ body: { forceSync: true } }]);
	});

	it('offers the kinds of app and the apps themselves as pickers', async () => {
		await addSonarr();
		await expect(loadOptions({ nodeName: 'prowlarr', method: 'getApplicationKinds', credentials: credentials() })).resolves.toEqual([
			{ name: 'Radarr', value: 'Radarr' },
			{ name: 'Sonarr', value: 'Sonarr' },
		]);
		await expect(loadOptions({ nodeName: 'prowlarr', method: 'getApplications', credentials: credentials() })).resolves.toEqual([{ name: 'Sonarr (Sonarr)', value: 1 }]);
	});
});
