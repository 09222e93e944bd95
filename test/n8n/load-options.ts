import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, INodePropertyOptions, INodeType, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper, PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, buildNodeTypes, plainAdditionalData } from './harness';

export interface LoadOptionsRun {
	/** The node's `name`, e.g. `sonarr`. */
	nodeName: string;
	/** The `methods.loadOptions` entry, e.g. `getSeries`. */
	method: string;
	/** The node's parameters as the editor has them (the operation the picker is shown for...). */
	parameters?: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

/**
 * What the editor does to fill a dropdown: n8n-core's LoadOptionsContext for the node as it is
 * set up, with the test credentials, calling the node's loadOptions method. HTTP goes out for
 * real, through the same helpers as at run time.
 */
export async function loadOptions(run: LoadOptionsRun): Promise<INodePropertyOptions[]> {
	const type = `${PACKAGE_NAME}.${run.nodeName}`;
	const nodeTypes = buildNodeTypes();
	const nodeType = nodeTypes.getByName(type) as INodeType;
	const method = nodeType.methods?.loadOptions?.[run.method];
	if (!method) throw new Error(`The ${run.nodeName} node has no loadOptions method "${run.method}"`);
	const credentials = Object.fromEntries(Object.keys(run.credentials).map((name) => [name, { id: `test-${name}`, name: `Test ${name}` }]));
	const node: INode = { id: 'node', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters: run.parameters ?? {}, credentials };
	const workflow = new Workflow({ id: 'load-options', nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { nodes: [], connections: {} } as unknown as IWorkflowBase);
	const additionalData = plainAdditionalData(new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, { ...run.credentials }), hooks, randomUUID());
	// The editor sends the node's current parameters along; getCurrentNodeParameter reads them here.
	additionalData.currentNodeParameters = run.parameters ?? {};
	const context = new LoadOptionsContext(workflow, workflow.getNode('Node') as INode, additionalData, `parameters.${run.method}`);
	return await method.call(context);
}
