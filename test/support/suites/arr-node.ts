import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { ServiceInfo } from '../../../clients/core/errors';
import type { FakeArrApp } from '../../fakes/arr-common';
import type { FakeArrLibrary, LibraryShapes } from '../../fakes/arr-library';
import { PACKAGE_NAME, runWorkflow, singleNodeWorkflow, testCredential } from '../../n8n/harness';
import { repoRoot } from '../specs';

export interface ArrNodeSuite {
	service: ServiceInfo;
	/** The node's `name`, e.g. `sonarr`; its credential is `<name>Api`. */
	nodeName: string;
	node: INodeType;
	credential: ICredentialType;
	fake: () => FakeArrApp<string>;
	/** The version the fake reports. */
	version: string;
	/** `/api/v3` (Sonarr, Radarr) or `/api/v1` (Prowlarr). */
	apiBase: string;
	/** The credential's default URL (the app's default port on localhost). */
	defaultUrl: string;
	/** Another Servarr app that may answer on the app's address by mistake. */
	impostor: { appName: string; version: string };
	/** Library apps (Sonarr, Radarr) list the shared quality profile, root folder and tag resources. */
	library?: {
		fake: () => FakeArrLibrary<LibraryShapes>;
		/** Gives the tag to a library item, so the app refuses to delete it. */
		useTag: (tagId: number) => void;
	};
}

/**
 * What every Servarr node offers the same way, through nodes/shared/arr and its credential:
 * system status and health, the library apps' quality profiles, root folders and tags, and the
 * credential's fields and connection test. Each app's own test file runs it on its own fake.
 */
export function describeArrNode(suite: ArrNodeSuite): void {
	const name = suite.service.name;
	const credentialType = `${suite.nodeName}Api`;
	const node = { id: suite.nodeName, name, type: `${PACKAGE_NAME}.${suite.nodeName}` };
	const credentials = () => ({ [credentialType]: { url: suite.fake().url, apiKey: suite.fake().apiKey } });

	/** The items the node output, each checked to be paired with the single input item. */
	async function output(parameters: INodeParameters): Promise<IDataObject[]> {
		const result = await runWorkflow(singleNodeWorkflow(node, parameters), { credentials: credentials() });
		expect(result.error?.message).toBeUndefined();
		const items = result.outputByNode[name];
		for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
		return items.map((item) => item.json);
	}

	describe(`${name} node: system (shared *arr suite)`, () => {
		it('gets the system status as one item, the API key in the X-Api-Key header only', async () => {
			const fake = suite.fake();
			const items = await output({ resource: 'system', operation: 'getStatus' });

			expect(items).toEqual([expect.objectContaining({ appName: name, version: suite.version })]);
			const [request] = fake.requests.filter((sent) => sent.method === 'GET' && sent.path === `${suite.apiBase}/system/status`);
			expect(request.headers['x-api-key']).toBe(fake.apiKey);
			expect(JSON.stringify(request.query)).not.toContain(fake.apiKey);
		});

		it('outputs one item per health check, in order, and none when the app is healthy', async () => {
			expect(await output({ resource: 'system', operation: 'getHealth' })).toEqual([]);
			suite.fake().health.push(
				{ source: 'UpdateCheck', type: 'warning', message: 'New update is available', wikiUrl: 'https://wiki.servarr.com/system#new-update-is-available' },
				{ source: 'ProxyCheck', type: 'error', message: 'Failed to test proxy', wikiUrl: 'https://wiki.servarr.com/system#proxy' },
			);

			const checks = await output({ resource: 'system', operation: 'getHealth' });

			expect(checks.map((check) => [check.source, check.type])).toEqual([
				['UpdateCheck', 'warning'],
				['ProxyCheck', 'error'],
			]);
		});
	});

	const library = suite.library;
	if (library) {
		describe(`${name} node: quality profiles, root folders, tags (shared *arr suite)`, () => {
			it('lists the quality profiles, up to the limit', async () => {
				const profiles = await output({ resource: 'qualityProfile', operation: 'getAll', returnAll: true });
				expect(profiles.map((profile) => profile.name)).toEqual(library.fake().qualityProfiles.map((profile) => profile.name));
				expect(profiles.length).toBeGreaterThan(2);

				expect(await output({ resource: 'qualityProfile', operation: 'getAll', returnAll: false, limit: 2 })).toHaveLength(2);
			});

			it('lists the root folders with their free space in bytes', async () => {
				const folders = await output({ resource: 'rootFolder', operation: 'getAll', returnAll: true });

				expect(folders.map((folder) => [folder.path, folder.freeSpace])).toEqual(library.fake().rootFolders.map((folder) => [folder.path, folder.freeSpace]));
				expect(folders.every((folder) => typeof folder.freeSpace === 'number' && folder.freeSpace > 0)).toBe(true);
			});

			it('lists the tags, and creates a tag once: the same label again gives the same tag', async () => {
				const before = library.fake().tags.map((tag) => ({ id: tag.id, label: tag.label }));
				expect(await output({ resource: 'tag', operation: 'getAll', returnAll: true })).toEqual(before);

				const [first] = await output({ resource: 'tag', operation: 'create', label: 'Horror' });
				const [second] = await output({ resource: 'tag', operation: 'create', label: 'horror' });

				expect(first).toEqual({ id: expect.any(Number), label: 'horror' });
				expect(second).toEqual(first);
				expect(library.fake().tags).toHaveLength(before.length + 1);
			});

			it('deletes a tag, and says why the app keeps one that is in use', async () => {
				const [created] = await output({ resource: 'tag', operation: 'create', label: 'unused' });
				expect(await output({ resource: 'tag', operation: 'delete', tagId: Number(created.id) })).toEqual([{ tagId: created.id, deleted: true }]);
				expect(library.fake().tags.map((tag) => tag.label)).not.toContain('unused');

				const [kept] = library.fake().tags;
				library.useTag(kept.id);
				const result = await runWorkflow(singleNodeWorkflow(node, { resource: 'tag', operation: 'delete', tagId: kept.id }), { credentials: credentials() });
				expect(result.error?.name).toBe('NodeApiError');
				expect(result.error?.message).toContain(`Unable to delete tag ${kept.label}, it is in use`);
				expect(library.fake().tags).toContainEqual(kept);
			});
		});
	}

	describe(`${name} credential (shared *arr suite)`, () => {
		it('has the URL and a password-masked API key, sends the key as X-Api-Key, and is tested by the node', () => {
			const credential = suite.credential;

			expect([credential.name, credential.displayName]).toEqual([credentialType, `${name} API`]);
			expect(credential.properties.map((property) => [property.name, property.type, property.required, property.default])).toEqual([
				['url', 'string', true, suite.defaultUrl],
				['apiKey', 'string', true, ''],
			]);
			expect(credential.properties[1].typeOptions?.password).toBe(true);
			expect(credential.authenticate).toEqual({ type: 'generic', properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } } });
			expect(suite.node.description.credentials).toEqual([{ name: credentialType, required: true, testedBy: `${credentialType}Test` }]);
			expect(new URL(credential.documentationUrl ?? '').protocol).toBe('https:');
		});

		it('points at icons that exist, a different one for the dark theme', () => {
			const icon = suite.credential.icon as { light: string; dark: string };

			expect(icon.light).not.toBe(icon.dark);
			for (const file of [icon.light, icon.dark]) {
				expect(file).toMatch(/^file:/);
				expect(existsSync(path.resolve(repoRoot, 'credentials', file.slice('file:'.length)))).toBe(true);
			}
		});

		it('passes its connection test, naming the version, with or without a trailing slash', async () => {
			const fake = suite.fake();
			await expect(testCredential(credentialType, { url: fake.url, apiKey: fake.apiKey })).resolves.toEqual({ status: 'OK', message: `Connected to ${name} ${suite.version}; the API key works.` });
			await expect(testCredential(credentialType, { url: `${fake.url}/`, apiKey: fake.apiKey })).resolves.toMatchObject({ status: 'OK' });

			const [request] = fake.requests.filter((sent) => sent.path === `${suite.apiBase}/system/status`);
			expect(request.headers['x-api-key']).toBe(fake.apiKey);
		});

		it(`fails its connection test on ${suite.impostor.appName}'s address, naming what answered`, async () => {
			const fake = suite.fake();
			fake.fault({ kind: 'status', status: 200, body: suite.impostor });

			const result = await testCredential(credentialType, { url: fake.url, apiKey: fake.apiKey });

			expect(result.status).toBe('Error');
			expect(result.message).toContain(`but not as ${name}: it says it is ${suite.impostor.appName}. Fix: point the URL at ${name} itself (e.g. ${suite.service.exampleUrl})`);
		});

		it('fails its connection test on a URL without a scheme, before sending anything', async () => {
			const fake = suite.fake();
			const url = `${suite.nodeName}:${new URL(suite.defaultUrl).port}`;
			const sent = fake.requests.length;

			const result = await testCredential(credentialType, { url, apiKey: fake.apiKey });

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(new RegExp(`^The ${name} URL "${url}" is not an http:// or https:// address with a host\\. Fix: give the address ${name} answers at`));
			expect(fake.requests).toHaveLength(sent);
		});
	});
}
