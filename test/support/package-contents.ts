import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { repoRoot } from './specs';

/**
 * What package.json's `n8n` section ships, loaded from the TypeScript sources: the tests see
 * exactly the nodes and credentials n8n would load, and a new service is picked up without
 * editing any list here.
 */
export interface PackageEntry<T> {
	/** The `dist/...js` path listed in package.json. */
	listed: string;
	/** The source file it is built from. */
	source: string;
	/** The exported class's name, e.g. `Prowlarr`. */
	className: string;
	instance: T;
}

interface PackageJson {
	n8n: { nodes: string[]; credentials: string[] };
}

export function packageJson(): PackageJson {
	return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
}

/** `dist/nodes/Sonarr/Sonarr.node.js` → `nodes/Sonarr/Sonarr.node.ts`. */
export function sourceOf(listed: string): string {
	return listed.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

async function load<T>(listed: string, suffix: RegExp): Promise<PackageEntry<T>> {
	const source = sourceOf(listed);
	const className = path.basename(source).replace(suffix, '');
	const module = (await import(pathToFileURL(path.join(repoRoot, source)).href)) as Record<string, new () => T>;
	const constructor = module[className];
	if (typeof constructor !== 'function') throw new Error(`${source} does not export a class named ${className}, as n8n expects`);
	return { listed, source, className, instance: new constructor() };
}

export async function packageNodes(): Promise<Array<PackageEntry<INodeType | IVersionedNodeType>>> {
	return Promise.all(packageJson().n8n.nodes.map((listed) => load<INodeType | IVersionedNodeType>(listed, /\.node\.ts$/)));
}

export async function packageCredentials(): Promise<Array<PackageEntry<ICredentialType>>> {
	return Promise.all(packageJson().n8n.credentials.map((listed) => load<ICredentialType>(listed, /\.credentials\.ts$/)));
}
