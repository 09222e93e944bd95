import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, INodePropertyOptions, INodeType, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper, PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, buildNodeTypes, plainAdditionalData } from './harness';

/**
 * What the editor does to fill a dynamic options list: runs the node's `methods.loadOptions`
 * method in n8n-core's load-options context, with the node's current parameters and credential.
 */
export async function loadNodeOptions(options: {
	nodeName: string;
	method: string;
	parameters?: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}): Promise<INodePropertyOptions[]> {
	const nodeTypes = buildNodeTypes();
	const type = `${PACKAGE_NAME}.${options.nodeName}`;
	const nodeType = nodeTypes.getByName(type) as INodeType;
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${type} has no loadOptions method "${options.method}"`);
	const node: INode = {
		id: randomUUID(),
		name: nodeType.description.defaults.name ?? options.nodeName,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(Object.keys(options.credentials).map((name) => [name, { id: `test-${name}`, name: `Test ${name}` }])),
	};
	const workflow = new Workflow({ id: 'options-workflow', nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { id: workflow.id, nodes: [node], connections: {} } as unknown as IWorkflowBase);
	const additionalData = plainAdditionalData(new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, options.credentials), hooks, randomUUID());
	return await method.call(new LoadOptionsContext(workflow, node, additionalData, 'parameters'));
}
