import './harness';

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { ResourceTables } from '../../nodes/shared/router';
import { PackageEntry, packageNodes } from '../support/package-contents';
import { repoRoot } from '../support/specs';

/**
 * One walk over every node package.json lists, checking what n8n's own lint cannot: that the
 * Resource and Operation options the editor offers are exactly the operations the router can
 * run, that every operation has an action (the node panel lists actions), that options are
 * sorted, and that every parameter an operation reads is declared for it and documented.
 */
const entries = await packageNodes();

interface NodeUnderTest {
	entry: PackageEntry<INodeType | IVersionedNodeType>;
	version: number;
	description: INodeTypeDescription;
	/** The router's tables, for nodes built on nodes/shared/router.ts. */
	resources?: ResourceTables<unknown>;
	/** Source folder of the node (or of this version of it). */
	folder: string;
}

async function nodesUnderTest(): Promise<NodeUnderTest[]> {
	const out: NodeUnderTest[] = [];
	for (const entry of entries) {
		const folder = path.dirname(path.join(repoRoot, entry.source));
		const instance = entry.instance as Partial<IVersionedNodeType> & Partial<INodeType>;
		if (instance.nodeVersions) {
			for (const [version, nodeType] of Object.entries(instance.nodeVersions)) {
				const versionFolder = [path.join(folder, `v${version}`), path.join(folder, `v${Math.trunc(Number(version))}`)].find((candidate) => existsSync(candidate)) ?? folder;
				out.push({ entry, version: Number(version), description: { ...instance.description, ...nodeType.description } as INodeTypeDescription, resources: await routerTables(versionFolder, nodeType.description), folder: versionFolder });
			}
		} else {
			const description = instance.description as INodeTypeDescription;
			const versions = Array.isArray(description.version) ? description.version : [description.version];
			out.push({ entry, version: Math.max(...versions), description, resources: await routerTables(folder, description), folder });
		}
	}
	return out;
}

async function routerTables(folder: string, description: INodeTypeDescription): Promise<ResourceTables<unknown> | undefined> {
	// A trigger shares its app's folder (and icons) but not its router.
	if (description.group.includes('trigger')) return undefined;
	const file = path.join(folder, 'actions', 'router.ts');
	if (!existsSync(file)) return undefined;
	const module = (await import(pathToFileURL(file).href)) as { router?: { resources?: ResourceTables<unknown> } };
	return module.router?.resources;
}

const nodes = await nodesUnderTest();

function optionValues(property: INodeProperties | undefined): string[] {
	return ((property?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

function operationSelector(description: INodeTypeDescription, resource: string): INodeProperties | undefined {
	return description.properties.find((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[] | undefined)?.includes(resource));
}

function isShownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	return ((show?.resource as string[] | undefined)?.includes(resource) ?? false) && ((show?.operation as string[] | undefined)?.includes(operation) ?? false);
}

/** Parameter names a source file reads with getNodeParameter('name', ...), nested ones as `a.b`. */
function parametersRead(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	return [...source.matchAll(/getNodeParameter\(\s*'([^']+)'/g)].map((match) => match[1]);
}

/** Every name a property declares, with nested collection options as `parent.child`. */
function declaredNames(properties: INodeProperties[]): Set<string> {
	const names = new Set<string>();
	for (const property of properties) {
		names.add(property.name);
		for (const option of (property.options ?? []) as Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>) {
			if ('name' in option && 'type' in option) names.add(`${property.name}.${option.name}`);
		}
	}
	return names;
}

describe.each(nodes.map((node) => [`${node.entry.className} v${node.version}`, node] as const))('%s', (_label, node) => {
	const { description } = node;
	const resourceSelector = description.properties.find((property) => property.name === 'resource');

	it('offers only resources and operations the router implements, and all of them', () => {
		if (!node.resources) return expect(resourceSelector, 'a node with a Resource selector must dispatch through nodes/shared/router.ts').toBeUndefined();
		expect(resourceSelector, 'a routed node has a Resource selector').toBeDefined();
		expect(optionValues(resourceSelector).sort()).toEqual(Object.keys(node.resources).sort());
		for (const [resource, table] of Object.entries(node.resources)) {
			expect(optionValues(operationSelector(description, resource)).sort(), `operations of ${resource}`).toEqual(Object.keys(table).sort());
		}
	});

	it('gives every operation an action, and sorts every list of options by name', () => {
		for (const property of description.properties) {
			if (property.type !== 'options' || !Array.isArray(property.options)) continue;
			const options = property.options as INodePropertyOptions[];
			const names = options.map((option) => option.name);
			// Ordered choices (a severity, a log level) may keep their natural order; lists of things may not.
			if (property.name === 'resource' || property.name === 'operation') expect(names, `${property.name} options`).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			if (property.name === 'operation') {
				for (const option of options) expect(option.action, `action of ${String(option.value)}`).toMatch(/^[A-Z]/);
			}
		}
	});

	it('scopes each operation\'s fields to its resource and operation, and documents them', () => {
		if (!node.resources) return;
		const problems: string[] = [];
		for (const [resource, table] of Object.entries(node.resources)) {
			for (const [operationName, operation] of Object.entries(table)) {
				for (const property of operation.description) {
					const where = `${resource}/${operationName}: ${property.name}`;
					if (!isShownFor(property, resource, operationName)) problems.push(`${where} is not scoped to it`);
					problems.push(...undocumented(property, where));
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('declares every parameter an operation reads', () => {
		if (!node.resources) return;
		for (const [resource, table] of Object.entries(node.resources)) {
			for (const operationName of Object.keys(table)) {
				const file = path.join(node.folder, 'actions', resource, `${operationName}.operation.ts`);
				expect(existsSync(file), `${path.relative(repoRoot, file)} exists (one file per operation)`).toBe(true);
				const declared = declaredNames(description.properties.filter((property) => property.name === 'resource' || property.name === 'operation' || isShownFor(property, resource, operationName) || !property.displayOptions));
				for (const name of parametersRead(file)) expect(declared, `${resource}/${operationName} reads "${name}"`).toContain(name);
			}
		}
	});

	it('declares every parameter a shared file of the node reads for some operation', () => {
		if (!node.resources) return;
		const declared = declaredNames(description.properties);
		const files = [path.join(node.folder, 'actions')].filter((folder) => existsSync(folder));
		for (const folder of files) {
			for (const file of readdirRecursive(folder).filter((candidate) => candidate.endsWith('.ts') && !candidate.endsWith('.operation.ts'))) {
				for (const name of parametersRead(file)) expect(declared, `${path.relative(repoRoot, file)} reads "${name}"`).toContain(name);
			}
		}
	});
});

/** A parameter without a description; a collection is documented by its options. */
function undocumented(property: INodeProperties, where: string): string[] {
	if (property.type === 'notice') return [];
	if (property.type === 'collection' || property.type === 'fixedCollection') {
		return ((property.options ?? []) as Array<INodeProperties | INodePropertyCollection>).flatMap((option) =>
			'values' in option ? option.values.flatMap((value) => undocumented(value, `${where}.${option.name}`)) : undocumented(option as INodeProperties, `${where}.${option.name}`),
		);
	}
	return property.description ? [] : [`${where} has no description`];
}

function readdirRecursive(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const full = path.join(folder, name);
		return statSync(full).isDirectory() ? readdirRecursive(full) : [full];
	});
}
