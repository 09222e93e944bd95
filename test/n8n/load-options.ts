import { PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, HarnessCredentialsHelper, buildNodeTypes, plainAdditionalData } from './harness';

import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ILoadOptionsFunctions, INode, INodeParameters, INodePropertyOptions, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

export interface LoadOptionsRequest {
	/** The node's `name`, e.g. `radarr`. */
	nodeName: string;
	/** The `loadOptionsMethod`, e.g. `getMovies`. */
	method: string;
	/** Test credentials by credential type name, as for runWorkflow. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The node's parameters while the user edits it. */
	parameters?: INodeParameters;
}

/**
 * What the editor does to fill a picker: n8n-core's LoadOptionsContext for the node as it is
 * being edited, its credential resolved and applied by the harness's credentials helper, and
 * the node's `methods.loadOptions[method]` called in it. HTTP goes out for real.
 */
export async function loadOptions(request: LoadOptionsRequest): Promise<INodePropertyOptions[]> {
	const type = `${PACKAGE_NAME}.${request.nodeName}`;
	const nodeTypes = buildNodeTypes();
	const nodeType = nodeTypes.getByName(type);
	const method = nodeType.methods?.loadOptions?.[request.method];
	if (!method) throw new Error(`${type} has no loadOptions method "${request.method}"`);
	const credentials = Object.fromEntries(Object.keys(request.credentials).map((name) => [name, { id: `test-${name}`, name: `Test ${name}` }]));
	const node: INode = { id: request.nodeName, name: nodeType.description.defaults.name ?? request.nodeName, type, typeVersion: 1, position: [0, 0], parameters: request.parameters ?? {}, credentials };
	const workflow = new Workflow({ id: 'load-options', name: 'Load options', nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { nodes: [node], connections: {} } as unknown as IWorkflowBase);
	const additionalData = plainAdditionalData(new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, { ...request.credentials }), hooks, randomUUID());
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${request.method}`);
	return await method.call(context as unknown as ILoadOptionsFunctions);
}
