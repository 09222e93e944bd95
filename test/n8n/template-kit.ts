/**
 * What the template tests share: loading a file from workflows/ and what its import needs, stand-ins for the
 * n8n-nodes-base nodes the templates use (n8n's own nodes are not installed in process), and the
 * checker that holds a template's nodes of ours against the package's node descriptions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters, INodeProperties, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import { expect } from 'vitest';

import type { WorkflowJson } from './harness';
import { PACKAGE_NAME, PACKAGE_NODE_TYPES, buildNodeTypes, currentVersion } from './harness';
import { repoRoot } from '../support/specs';

export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(repoRoot, 'workflows', file), 'utf8')) as WorkflowJson;
}

/** What n8n's import needs of a template: an id, unique node names and UUIDs, connections between its own nodes, execution order v1. */
export function expectImportable(template: WorkflowJson): void {
	expect(template.id).toMatch(/^[A-Za-z0-9]{16}$/);
	const names = template.nodes.map((node) => node.name);
	expect(new Set(names).size).toBe(names.length);
	const ids = template.nodes.map((node) => node.id);
	expect(new Set(ids).size).toBe(ids.length);
	for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	for (const [source, outputs] of Object.entries(template.connections)) {
		expect(names).toContain(source);
		for (const target of Object.values(outputs).flat(2)) expect(names).toContain((target as { node: string }).node);
	}
	expect(template.settings?.executionOrder).toBe('v1');
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for the n8n-nodes-base nodes the templates use.

export function standIn(name: string, description: Partial<INodeTypeDescription>, execute?: INodeType['execute']): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: [1, 1.2, 2.1, 2.2, 3.4],
			description: `Test stand-in for n8n-nodes-base.${name}`,
			defaults: { name },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
			...description,
		} as INodeTypeDescription,
		execute,
	};
}

/** Starts the run with the harness's trigger item, as a schedule firing would. */
export const scheduleTrigger = standIn('scheduleTrigger', { inputs: [], properties: [{ displayName: 'Rule', name: 'rule', type: 'json', default: {} }] }, async function (this: IExecuteFunctions) {
	return [this.getInputData()];
});

export const stickyNote = standIn('stickyNote', { inputs: [], outputs: [], properties: [{ displayName: 'Content', name: 'content', type: 'string', default: '' }] });

/** Set (v3.4, "manual mapping", other fields dropped): one item with the assignments, typed as declared. */
export const setNode = standIn(
	'set',
	{ properties: [{ displayName: 'Fields to Set', name: 'assignments', type: 'assignmentCollection', default: {} }, { displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] }] },
	async function (this: IExecuteFunctions) {
		return [
			this.getInputData().map((_item, itemIndex) => {
				const { assignments = [] } = this.getNodeParameter('assignments', itemIndex) as { assignments?: Array<{ name: string; value: unknown; type: string }> };
				const json: IDataObject = {};
				for (const { name, value, type } of assignments) {
					if (type === 'number') json[name] = Number(value);
					else if (type === 'boolean') json[name] = value === true || value === 'true';
					else json[name] = value === undefined || value === null ? '' : String(value);
				}
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	},
);

/** IF (v2.2): n8n-core resolves the filter parameter and evaluates it with n8n-workflow's executeFilter. */
export const ifNode = standIn(
	'if',
	{
		outputs: ['main', 'main'],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	},
	async function (this: IExecuteFunctions) {
		const passed: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		this.getInputData().forEach((item, itemIndex) => {
			const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true }) as boolean;
			(pass ? passed : failed).push({ json: item.json, pairedItem: { item: itemIndex } });
		});
		return [passed, failed];
	},
);

export interface SentEmail {
	fromEmail: string;
	toEmail: string;
	subject: string;
	text: string;
}

/** Send Email (v2.1): records the mail instead of talking SMTP. */
export function emailSendStandIn(outbox: SentEmail[]): INodeType {
	const properties: INodeProperties[] = ['fromEmail', 'toEmail', 'subject', 'emailFormat', 'text'].map((name) => ({ displayName: name, name, type: 'string', default: '' }));
	properties.push({ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] });
	return standIn('emailSend', { properties }, async function (this: IExecuteFunctions) {
		return [
			this.getInputData().map((_item, itemIndex) => {
				const mail = Object.fromEntries(['fromEmail', 'toEmail', 'subject', 'text'].map((name) => [name, String(this.getNodeParameter(name, itemIndex))])) as unknown as SentEmail;
				outbox.push(mail);
				return { json: { accepted: [mail.toEmail] }, pairedItem: { item: itemIndex } };
			}),
		];
	});
}

/** Type name → type version the stand-ins were written for. */
export const BASE_NODES: Record<string, number> = {
	'n8n-nodes-base.scheduleTrigger': 1.2,
	'n8n-nodes-base.manualTrigger': 1,
	'n8n-nodes-base.stickyNote': 1,
	'n8n-nodes-base.set': 3.4,
	'n8n-nodes-base.if': 2.2,
	'n8n-nodes-base.emailSend': 2.1,
};

// ---------------------------------------------------------------------------------------------
// Checking a template's nodes against our node descriptions.

export function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** Whether `property` shows for these parameters, the way n8n's displayOptions work (defaults fill gaps). */
export function isShown(property: INodeProperties, parameters: INodeParameters, all: INodeProperties[]): boolean {
	const valueOf = (name: string): unknown => {
		if (name in parameters) return parameters[name];
		return all.find((candidate) => candidate.name === name && isShown(candidate, parameters, all))?.default;
	};
	const { show, hide } = property.displayOptions ?? {};
	for (const [name, allowed] of Object.entries(show ?? {})) {
		if (name.startsWith('@')) continue;
		if (!(allowed as unknown[]).includes(valueOf(name))) return false;
	}
	for (const [name, denied] of Object.entries(hide ?? {})) {
		if (name.startsWith('@')) continue;
		if ((denied as unknown[]).includes(valueOf(name))) return false;
	}
	return true;
}

/** Whether a field's `@version` condition, if any, admits the version. */
export function shownInVersion(property: INodeProperties, version: number): boolean {
	const condition = property.displayOptions?.show?.['@version'] as Array<number | { _cnd: Record<string, number> }> | undefined;
	if (!condition) return true;
	return condition.some((entry) => (typeof entry === 'number' ? entry === version : Object.entries(entry._cnd).every(([operator, bound]) => (operator === 'gte' ? version >= bound : operator === 'lte' ? version <= bound : version === bound))));
}

/** Everything wrong with one of our nodes in a template, as readable lines. */
export function problemsOf(node: INode): string[] {
	const packaged = PACKAGE_NODE_TYPES.find((type) => `${PACKAGE_NAME}.${type.description.name}` === node.type) as INodeType | IVersionedNodeType | undefined;
	if (!packaged) return [`${node.name}: ${node.type} is not a node of this package`];
	const problems: string[] = [];
	const versions = 'nodeVersions' in packaged ? Object.keys(packaged.nodeVersions).map(Number) : [packaged.description.version].flat();
	if (!versions.includes(node.typeVersion)) return [`${node.name}: typeVersion ${node.typeVersion} is not one of ${versions.join(', ')}`];
	// New nodes get the current version; a template that ships an older one sets users up with it.
	if (node.typeVersion !== currentVersion(node.type)) problems.push(`${node.name}: typeVersion ${node.typeVersion} is not the current ${currentVersion(node.type)}`);
	const { description } = buildNodeTypes().getByNameAndVersion(node.type, node.typeVersion);
	const all = description.properties.filter((property) => shownInVersion(property, node.typeVersion));
	const parameters = node.parameters;
	for (const [name, value] of Object.entries(parameters)) {
		const shown = all.filter((property) => property.name === name && isShown(property, parameters, all));
		if (!shown.length) {
			problems.push(`${node.name}: parameter "${name}" does not exist for ${String(parameters.resource)} → ${String(parameters.operation)}`);
			continue;
		}
		const options = shown[0].type === 'options' || shown[0].type === 'multiOptions' ? (shown[0].options as Array<{ value: unknown }>).map((option) => option.value) : undefined;
		const chosen = shown[0].type === 'multiOptions' && Array.isArray(value) ? value : [value];
		for (const one of chosen) {
			if (options && !isExpression(one) && !options.includes(one)) problems.push(`${node.name}: "${name}" = ${JSON.stringify(one)} is not one of ${options.join(', ')}`);
		}
		if (shown[0].noDataExpression && isExpression(value)) problems.push(`${node.name}: "${name}" may not be an expression`);
	}
	for (const property of all) {
		if (!property.required || !isShown(property, parameters, all)) continue;
		const value = parameters[property.name] ?? property.default;
		if (value === '' || value === undefined || value === null || (Array.isArray(value) && value.length === 0)) problems.push(`${node.name}: required parameter "${property.name}" is empty`);
	}
	// Triggers have neither; a node that has them must not leave them to defaults that may change.
	for (const key of ['resource', 'operation']) if (all.some((property) => property.name === key) && !(key in parameters)) problems.push(`${node.name}: "${key}" is not set explicitly`);
	const declared = (description.credentials ?? []).filter((credential) => isShown({ ...credential, displayName: '', type: 'string', default: '' } as INodeProperties, parameters, all));
	for (const credentialType of Object.keys(node.credentials ?? {})) {
		if (!declared.some((credential) => credential.name === credentialType)) problems.push(`${node.name}: credential "${credentialType}" is not one the node uses here`);
	}
	for (const credential of declared) {
		if (credential.required && !node.credentials?.[credential.name]) problems.push(`${node.name}: credential "${credential.name}" is missing`);
	}
	return problems;
}
