// The harness first: it makes node code and n8n-core share one CommonJS n8n-workflow.
import { PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, PACKAGE_NODE_TYPES, runWorkflow, singleNodeWorkflow } from './harness';

import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { LazyPackageDirectoryLoader, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';
import { currentN8nLine, n8nLinePackages } from '../support/n8n-line';
import { packageJson } from '../support/package-contents';
import { repoRoot } from '../support/specs';

/**
 * The package the way n8n loads a community package, on the n8n line under test (vitest runs
 * this file once per line): n8n-core's own loader reads package.json's `n8n` section and
 * requires every listed dist/ file. The other node tests run the TypeScript sources; this one
 * proves the compiled package loads, describes itself as the sources do, and runs.
 */
const line = currentN8nLine();
const packages = n8nLinePackages(line);
const run = promisify(execFile);

let tempDir: string;
let packageDir: string;

beforeAll(async () => {
	tempDir = await mkdtemp(path.join(tmpdir(), 'mediastack-n8n-loader-'));
	const nodeModules = path.join(tempDir, '.n8n', 'nodes', 'node_modules');
	packageDir = path.join(nodeModules, PACKAGE_NAME);
	await mkdir(packageDir, { recursive: true });
	// A private build of exactly what `npm run build:nodes` ships, so this file never races a
	// test that rebuilds the repository's own dist/.
	const dist = path.join(packageDir, 'dist');
	await run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repoRoot, 'tsconfig.json'), '--outDir', dist], { cwd: repoRoot });
	await run(process.execPath, [path.join(repoRoot, 'scripts', 'copy-assets.mjs'), dist], { cwd: repoRoot });
	await copyFile(path.join(repoRoot, 'package.json'), path.join(packageDir, 'package.json'));
	// n8n puts its own node_modules on NODE_PATH before loading packages, so a package without
	// its own n8n-workflow (a peer dependency n8n's installer leaves out) requires n8n's. A link
	// beside the package stands in for that without changing this process's module paths.
	await symlink(packages.workflowDir, path.join(nodeModules, 'n8n-workflow'), 'dir');
}, 180_000);

afterAll(async () => {
	if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

function sourceNode(name: string): INodeType {
	const found = PACKAGE_NODE_TYPES.find((type) => type.description.name === name);
	if (!found) throw new Error(`No source node named ${name}`);
	return found;
}

/**
 * Every version's description of a source node: a VersionedNodeType (Notify) is one type with
 * several descriptions, and n8n lists each version to the editor.
 */
function sourceDescriptions(type: INodeType): INodeTypeDescription[] {
	const versions = (type as unknown as { nodeVersions?: Record<string, INodeType> }).nodeVersions;
	if (!versions) return [type.description];
	return Object.values(versions).map((version) => ({ ...type.description, ...version.description }) as INodeTypeDescription);
}

/** The source description of the version n8n loaded. */
function sourceDescription(loaded: INodeTypeDescription): INodeTypeDescription {
	const version = (value: INodeTypeDescription['version']) => (Array.isArray(value) ? value : [value]);
	const found = sourceDescriptions(sourceNode(loaded.name)).find((candidate) => version(candidate.version).some((number) => version(loaded.version).includes(number)));
	if (!found) throw new Error(`No source version ${String(loaded.version)} of ${loaded.name}`);
	return found;
}

function sourceCredential(name: string): ICredentialType {
	const found = PACKAGE_CREDENTIAL_TYPES.find((type) => type.name === name);
	if (!found) throw new Error(`No source credential named ${name}`);
	return found;
}

/** JSON as n8n sends it to the editor: functions and undefined fields dropped. */
function asJson(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value));
}

describe(`n8n ${line}.x line under test`, () => {
	it(`runs n8n-core ${line}.x with the n8n-workflow copy that n8n-core itself requires`, () => {
		expect(packages.coreVersion.split('.')[0]).toBe(String(line));
		expect(packages.workflowVersion.split('.')[0]).toBe(String(line));
		const coreRequire = createRequire(packages.core);
		expect(WorkflowExecute).toBe((coreRequire(packages.core) as { WorkflowExecute: unknown }).WorkflowExecute);
		// What `import ... from 'n8n-workflow'` gives tests and nodes is n8n-core's own copy.
		expect(NodeApiError).toBe((coreRequire('n8n-workflow') as { NodeApiError: unknown }).NodeApiError);
	});
});

describe.each([
	['LazyPackageDirectoryLoader', 'at start-up', LazyPackageDirectoryLoader],
	['PackageDirectoryLoader', 'right after an install', PackageDirectoryLoader],
] as const)(`n8n ${line}.x's %s (what n8n uses %s)`, (_name, _when, Loader) => {
	let loader: InstanceType<typeof PackageDirectoryLoader>;

	beforeAll(async () => {
		loader = new Loader(packageDir);
		await loader.loadAll();
	});

	it('loads every node and credential package.json lists, from dist/', () => {
		const listed = packageJson().n8n;
		expect(loader.packageName).toBe(PACKAGE_NAME);
		// No dist/known or dist/types metadata is shipped: n8n reads every class instead of lazy-loading.
		expect(loader.isLazyLoaded).toBe(false);
		expect(Object.values(loader.known.nodes).map((known) => known.sourcePath).sort()).toEqual([...listed.nodes].sort());
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(PACKAGE_NODE_TYPES.map((type) => type.description.name).sort());
		expect(Object.values(loader.known.credentials).map((known) => known.sourcePath).sort()).toEqual([...listed.credentials].sort());
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(PACKAGE_CREDENTIAL_TYPES.map((type) => type.name).sort());
	});

	it(`loads each dist/ file against n8n's own n8n-workflow ${packages.workflowVersion}`, () => {
		for (const file of [...packageJson().n8n.nodes, ...packageJson().n8n.credentials]) {
			expect(realpathSync(createRequire(path.join(packageDir, file)).resolve('n8n-workflow')), file).toBe(packages.workflow);
		}
	});

	it('describes each node to the editor as the sources do, with its icons and codex', async () => {
		expect(loader.types.nodes.map((description) => `${description.name} v${String(description.version)}`).sort()).toEqual(
			PACKAGE_NODE_TYPES.flatMap((type) => sourceDescriptions(type).map((description) => `${description.name} v${String(description.version)}`)).sort(),
		);
		for (const loaded of loader.types.nodes as INodeTypeDescription[]) {
			const source = sourceDescription(loaded);
			// A versioned node's base description names its default version; n8n lists each version without it.
			const { icon: _icon, iconUrl: _iconUrl, codex: _codex, defaultVersion: _defaultVersion, ...expected } = asJson(source) as INodeTypeDescription & { defaultVersion?: number };
			expect(asJson(loaded), loaded.name).toMatchObject(expected);
			expect(loaded.communityNodePackageVersion).toBe((JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);

			// file: icons become URLs n8n serves from the package folder; both files must be there.
			const sourcePath = loader.known.nodes[loaded.name].sourcePath;
			const icon = source.icon as { light: string; dark: string };
			const inPackage = (file: string) => path.join(path.dirname(sourcePath), file.replace(/^file:/, ''));
			expect(loaded.iconUrl, loaded.name).toEqual({ light: `icons/${PACKAGE_NAME}/${inPackage(icon.light)}`, dark: `icons/${PACKAGE_NAME}/${inPackage(icon.dark)}` });
			for (const file of [icon.light, icon.dark]) expect(existsSync(path.join(packageDir, inPackage(file))), file).toBe(true);

			// The codex (categories, aliases, documentation links) comes from the .node.json beside the class.
			const codexFile = JSON.parse(await readFile(path.join(packageDir, `${sourcePath}on`), 'utf8')) as { categories: string[]; alias?: string[]; resources: unknown };
			expect(loaded.codex, loaded.name).toEqual({ categories: codexFile.categories, ...(codexFile.alias ? { alias: codexFile.alias } : {}), resources: codexFile.resources });
		}
	});

	it('describes each credential as the sources do, naming the nodes that use it', () => {
		for (const loaded of loader.types.credentials) {
			const source = sourceCredential(loaded.name);
			expect(asJson(loaded), loaded.name).toMatchObject(asJson({ ...source, icon: undefined }) as object);
			const users = PACKAGE_NODE_TYPES.filter((type) => sourceDescriptions(type).some((description) => description.credentials?.some((credential) => credential.name === loaded.name))).map((type) => type.description.name);
			expect(loaded.supportedNodes?.sort(), loaded.name).toEqual(users.sort());
			expect(loaded.iconUrl ?? loaded.icon, loaded.name).toBeTruthy();
		}
	});

	describe('a node loaded from dist/', () => {
		let fake: FakeProwlarr;

		beforeAll(async () => {
			fake = await startFakeProwlarr();
		});

		afterAll(async () => {
			await fake.close();
		});

		const prowlarr = () => ({ [`${PACKAGE_NAME}.prowlarr`]: loader.nodeTypes.prowlarr.type as INodeType });
		const node = { id: 'prowlarr', name: 'Prowlarr', type: `${PACKAGE_NAME}.prowlarr` };

		it('runs through WorkflowExecute', async () => {
			const result = await runWorkflow(singleNodeWorkflow(node, { resource: 'system', operation: 'getStatus' }), {
				credentials: { prowlarrApi: { url: fake.url, apiKey: fake.apiKey } },
				nodeTypes: prowlarr(),
			});
			expect(result.status).toBe('success');
			expect(result.outputByNode.Prowlarr.map((item) => item.json.appName)).toEqual(['Prowlarr']);
		});

		it('fails with its NodeApiError: the client\'s sentence, the fix and the status', async () => {
			const result = await runWorkflow(singleNodeWorkflow(node, { resource: 'system', operation: 'getStatus' }), {
				credentials: { prowlarrApi: { url: fake.url, apiKey: 'wrong-key-0123456789' } },
				nodeTypes: prowlarr(),
			});
			expect(result.status).toBe('error');
			// n8n keeps a copy of the error in the run data, so its name is what is left to check.
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toContain('Prowlarr refused the credentials (HTTP 401');
			expect(result.error?.description).toMatch(/^Fix: /);
			expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('401');
		});
	});
});
