import './harness';

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Workflow } from 'n8n-workflow';

import type { ResourceTables, Router } from '../../nodes/shared/router';
import { PACKAGE_NAME, buildNodeTypes, currentVersion } from './harness';
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
				out.push({ entry, version: Number(version), description: { ...instance.description, ...nodeType.description } as INodeTypeDescription, resources: routerTables(nodeType), folder: versionFolder });
			}
		} else {
			// One class for several versions: fields differ by `displayOptions.show['@version']`.
			const description = instance.description as INodeTypeDescription;
			const versions = Array.isArray(description.version) ? description.version : [description.version];
			for (const version of versions) out.push({ entry, version, description, resources: routerTables(instance as INodeType), folder });
		}
	}
	return out;
}

/** The tables of the node's `execute`, when it is a router of nodes/shared/router.ts (triggers have none). */
function routerTables(nodeType: INodeType): ResourceTables<unknown> | undefined {
	return (nodeType.execute as Partial<Router<unknown>> | undefined)?.resources;
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
				// The node's own operation, or one the *arr nodes share (nodes/shared/arr).
				const file = [path.join(node.folder, 'actions', resource, `${operationName}.operation.ts`), path.join(repoRoot, 'nodes', 'shared', 'arr', resource, `${operationName}.operation.ts`)].find((candidate) => existsSync(candidate)) ?? path.join(node.folder, 'actions', resource, `${operationName}.operation.ts`);
				expect(existsSync(file), `${path.relative(repoRoot, file)} exists (one file per operation)`).toBe(true);
				const declared = declaredNames(description.properties.filter((property) => property.name === 'resource' || property.name === 'operation' || isShownFor(property, resource, operationName) || !property.displayOptions));
				for (const name of parametersRead(file)) expect(declared, `${resource}/${operationName} reads "${name}"`).toContain(name);
			}
		}
	});

	it('subtitles the canvas node with what the user picked, in words, never internal values', () => {
		if (!node.resources || !description.subtitle) return;
		for (const [resource, table] of Object.entries(node.resources)) {
			for (const operation of Object.keys(table)) {
				const subtitle = subtitleOf(node, { resource, operation });
				const where = `${resource}/${operation}: "${subtitle}"`;
				expect(subtitle, where).toMatch(/^[A-Z]/);
				expect(subtitle, `${where} shows an internal value`).not.toMatch(/[a-z][A-Z]|_|undefined|null|\[object/);
				// A subtitle that only follows the operation repeats the action the node panel showed.
				if (!/\$parameter\["(?!operation")/.test(description.subtitle)) expect(subtitle, where).toBe(actionOf(description, resource, operation));
			}
		}
	});

	it('phrases actions without lower-cased product names (the scanner demands sentence case, ALL-CAPS words aside)', () => {
		for (const property of description.properties.filter((candidate) => candidate.name === 'operation')) {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				const words = String(option.action ?? '').split(/[^A-Za-z]+/);
				const miscased = words.filter((word) => PRODUCT_NAMES.includes(word.toLowerCase()) && word !== word.toUpperCase());
				expect(miscased, `action "${option.action}"`).toEqual([]);
			}
		}
	});

	it('gives required IDs no default, so a forgotten one stops the item instead of acting on some ID', () => {
		// Older versions keep their defaults: saved workflows leave default values out and rely on them.
		if (node.version !== currentVersion(`${PACKAGE_NAME}.${description.name}`)) return;
		const required = description.properties.filter((property) => property.required && /Ids?$/i.test(property.name) && shownInVersion(property, node.version));
		for (const property of required) expect(property.default, `${property.name} (v${node.version})`).toBe('');
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

/** Names of products and services an action might mention; written lower-case they read as typos. */
const PRODUCT_NAMES = ['prowlarr', 'sonarr', 'radarr', 'apprise', 'myanonamouse', 'mam', 'mediastack', 'temporal', 'n8n'];

/** The subtitle the editor shows on the canvas, evaluated as the editor does with the node's parameters. */
function subtitleOf(node: NodeUnderTest, parameters: Record<string, string>): string {
	const type = `${PACKAGE_NAME}.${node.description.name}`;
	const nodeTypes = buildNodeTypes();
	const workflow = new Workflow({ nodes: [{ id: 'n', name: 'Node', type, typeVersion: node.version, position: [0, 0], parameters }], connections: {}, active: false, nodeTypes });
	const subtitle = nodeTypes.getByNameAndVersion(type, node.version).description.subtitle ?? '';
	return String(workflow.expression.getSimpleParameterValue(workflow.getNode('Node')!, subtitle, 'internal', {}));
}

function actionOf(description: INodeTypeDescription, resource: string, operation: string): string | undefined {
	const options = (operationSelector(description, resource)?.options ?? []) as INodePropertyOptions[];
	return options.find((option) => option.value === operation)?.action;
}

/** Whether a field's `@version` condition, if any, admits the version. */
function shownInVersion(property: INodeProperties, version: number): boolean {
	const condition = property.displayOptions?.show?.['@version'] as Array<number | { _cnd: Record<string, number> }> | undefined;
	if (!condition) return true;
	return condition.some((entry) => {
		if (typeof entry === 'number') return entry === version;
		const [[operator, bound]] = Object.entries(entry._cnd);
		return operator === 'gte' ? version >= bound : operator === 'lte' ? version <= bound : operator === 'eq' ? version === bound : false;
	});
}

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
