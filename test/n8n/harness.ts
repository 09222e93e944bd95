/**
 * Runs n8n workflow JSON in-process with n8n-core's WorkflowExecute, our node types and
 * in-memory credentials. n8n's own NodeTestHarness is not published; this is the smallest
 * set of parts a real execution needs (GUIDE §3): node types, a credentials helper that
 * applies each credential type's `authenticate`, lifecycle hooks and plain additional data.
 * HTTP goes out for real, so nodes talk to the fakes in test/fakes over loopback.
 */
import './user-folder';
// Before any n8n-workflow import: the mock below asks it which copy to hand out.
import { n8nLinePackages } from '../support/n8n-line';

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { vi } from 'vitest';

import { CredentialTestContext, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	IConnections,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow, createRunExecutionData, isExpression } from 'n8n-workflow';


// n8n loads nodes with require(), so nodes and n8n-core share the CommonJS n8n-workflow. Under
// vitest an `import` would get the package's ESM build instead: two copies whose error classes
// fail each other's instanceof checks. Hoisted above the imports, so import this harness before
// any node code. On the 1.x line it is n8n-core 1.x's own n8n-workflow 1.x.
vi.mock('n8n-workflow', () => createRequire(__filename)(n8nLinePackages().workflow));

import { packageCredentials, packageNodes } from '../support/package-contents';

/** The package name n8n prefixes community node types with once the package is installed. */
export const PACKAGE_NAME = 'n8n-nodes-mediastack';
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** Every node and credential the package ships, as package.json lists them. */
export const PACKAGE_NODE_TYPES: INodeType[] = (await packageNodes()).map((entry) => entry.instance as INodeType);
export const PACKAGE_CREDENTIAL_TYPES: ICredentialType[] = (await packageCredentials()).map((entry) => entry.instance);

/** Stands in for n8n's Manual Trigger: starts the run with the items the test passes in. */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow in the test harness',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	[key: string]: unknown;
}

/** A manual trigger wired to one node, the way a user tries a node out; `extra` sets e.g. onError. */
export function singleNodeWorkflow(node: Pick<INode, 'id' | 'name' | 'type'>, parameters: INodeParameters, extra: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ ...node, typeVersion: 1, position: [220, 0], parameters, ...extra },
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

/** Everything n8n would store or show about an error, as one string to search for secrets. */
export function errorText(error: ExecutionError | undefined): string {
	if (!error) return '';
	const record = error as unknown as Record<string, unknown>;
	return [error.message, record.description, JSON.stringify(error), JSON.stringify(record.errorResponse), JSON.stringify(record.messages)].join('\n');
}

export interface RunWorkflowOptions {
	/** Test credentials by credential type name, e.g. `{ prowlarrApi: { url, apiKey } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items the start node receives; one empty item by default, as in n8n. */
	triggerItems?: IDataObject[];
	/** Name of the node to start from; by default the Manual Trigger, else the first node without inputs. */
	startNode?: string;
	/** Extra node types by full type name (e.g. an n8n-nodes-base stand-in a template uses). */
	nodeTypes?: Record<string, INodeType>;
	/**
	 * The workflow's static data. Nodes write into this object; pass it to the next run to
	 * carry it over, as n8n does for active workflows.
	 */
	staticData?: IDataObject;
}

export interface RunWorkflowResult {
	status: ExecutionStatus;
	/** First main output of each node's last run; nodes that did not run are absent. */
	outputByNode: Record<string, INodeExecutionData[]>;
	/** Every main output of each node's last run (IF, Switch...). */
	outputsByNode: Record<string, INodeExecutionData[][]>;
	/** The error that stopped the run, if any. */
	error?: ExecutionError;
	/** Errors by node name, including those of nodes that continued on fail. */
	errorByNode: Record<string, ExecutionError>;
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** The workflow's static data after the run (the object passed in, when one was). */
	staticData: IDataObject;
	run: IRun;
}

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Map<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		const type = this.types.get(nodeType);
		if (!type) {
			throw new Error(`The test harness has no node type "${nodeType}"; known: ${[...this.types.keys()].join(', ')}`);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string): INodeType {
		return this.getByName(nodeType);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export function buildNodeTypes(extra: Record<string, INodeType> = {}): HarnessNodeTypes {
	const types = new Map<string, INodeType>([[MANUAL_TRIGGER_TYPE, new ManualTrigger()]]);
	for (const nodeType of PACKAGE_NODE_TYPES) {
		// Installed as a community package, and loaded from N8N_CUSTOM_EXTENSIONS.
		types.set(`${PACKAGE_NAME}.${nodeType.description.name}`, nodeType);
		types.set(`CUSTOM.${nodeType.description.name}`, nodeType);
	}
	for (const [name, nodeType] of Object.entries(extra)) types.set(name, nodeType);
	return new HarnessNodeTypes(types);
}

/**
 * Hands out the test credentials and applies the credential type's `authenticate` the way
 * n8n's CredentialsHelper does: a function is called, a generic definition has its
 * `={{$credentials.x}}` expressions resolved and merged into the request.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		credentialTypes: ICredentialType[],
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`The test harness knows no credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Generic credential authentication needs the workflow and node');
			const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				const resolved: Record<string, unknown> = { ...(target[section] ?? {}) };
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					resolved[resolveWithCredentials(workflow, node, key, credentials)] = resolveWithCredentials(workflow, node, value, credentials);
				}
				target[section] = resolved;
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Session logins (expirable hidden field) run when the field is empty or the session expired. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (typeof type.preAuthentication !== 'function' || !expirable) return undefined;
		if (!credentialsExpired && credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined) return undefined;
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		this.data[typeName] = { ...this.data[typeName], ...output };
		return output;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`The test harness keeps credentials decrypted only; nothing asked for encrypted "${type}" before`);
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type "${type}" were given to runWorkflow`);
		// A copy, as n8n decrypts afresh for every request.
		return { ...data };
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.data[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.getType(type).properties;
	}
}

function resolveWithCredentials(workflow: Workflow, node: INode, value: unknown, credentials: ICredentialDataDecryptedObject): string {
	if (typeof value !== 'string' || !isExpression(value)) return String(value);
	const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as IDataObject, undefined, '');
	return resolved === undefined || resolved === null ? '' : String(resolved);
}

export function plainAdditionalData(credentialsHelper: ICredentialsHelper, hooks: ExecutionLifecycleHooks, executionId: string): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	// A plain object on purpose: n8n-core probes optional members, and a mock that answers
	// every property with a function sends it down code paths a real run never takes.
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		executeWorkflow: unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('The Code node task runner'),
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

function findStartNode(workflow: Workflow, json: WorkflowJson, startNode?: string): INode {
	const name =
		startNode ??
		json.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE)?.name ??
		json.nodes.find((node) => workflow.getParentNodes(node.name).length === 0)?.name;
	const node = name === undefined ? null : workflow.getNode(name);
	if (!node) throw new Error(`The workflow has no start node${startNode ? ` named "${startNode}"` : ''}`);
	return node;
}

/** Gives nodes that declare a credential the test has a reference to it, as a template import would. */
function withCredentialReferences(nodes: INode[], nodeTypes: HarnessNodeTypes, credentials: Record<string, ICredentialDataDecryptedObject>): INode[] {
	return nodes.map((node) => {
		let declared: string[] = [];
		try {
			declared = (nodeTypes.getByName(node.type).description.credentials ?? []).map((credential) => credential.name);
		} catch {
			return node;
		}
		const references = { ...(node.credentials ?? {}) };
		for (const type of declared) {
			if (credentials[type] && !references[type]) references[type] = { id: `test-${type}`, name: `Test ${type}` };
		}
		return { ...node, credentials: references };
	});
}

export async function runWorkflow(json: WorkflowJson, options: RunWorkflowOptions = {}): Promise<RunWorkflowResult> {
	const credentials = { ...(options.credentials ?? {}) };
	const nodeTypes = buildNodeTypes(options.nodeTypes);
	const nodes = withCredentialReferences(structuredClone(json.nodes), nodeTypes, credentials);
	const workflowId = json.id ?? 'harness-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: json.name ?? 'Harness workflow',
		nodes,
		connections: structuredClone(json.connections),
		active: false,
		nodeTypes,
		staticData: options.staticData,
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
	});
	const start = findStartNode(workflow, json, options.startNode);

	const executionId = randomUUID();
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: json.connections,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const executionOrder: string[] = [];
	let finishedRun: IRun | undefined;
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	hooks.addHandler('workflowExecuteAfter', (run) => {
		finishedRun = run;
	});

	const credentialsHelper = new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, credentials);
	const additionalData = plainAdditionalData(credentialsHelper, hooks, executionId);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: start,
					data: { main: [(options.triggerItems ?? [{}]).map((item) => ({ json: item }))] },
					source: null,
				},
			],
		},
	});

	const returned = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = finishedRun ?? returned;
	if (!finishedRun) throw new Error('workflowExecuteAfter never fired; the run did not finish');

	const outputByNode: Record<string, INodeExecutionData[]> = {};
	const outputsByNode: Record<string, INodeExecutionData[][]> = {};
	const errorByNode: Record<string, ExecutionError> = {};
	for (const [nodeName, tasks] of Object.entries(run.data.resultData.runData)) {
		const last = tasks[tasks.length - 1];
		if (last?.error) errorByNode[nodeName] = last.error;
		const main = last?.data?.main;
		if (!main) continue;
		outputsByNode[nodeName] = main.map((output) => output ?? []);
		outputByNode[nodeName] = main[0] ?? [];
	}
	return { status: run.status, outputByNode, outputsByNode, error: run.data.resultData.error, errorByNode, executionOrder, staticData: workflow.staticData, run };
}

type CredentialTester = (this: ICredentialTestFunctions, credential: ICredentialsDecrypted) => Promise<INodeCredentialTestResult>;

/** The `testedBy` method some package node declares for this credential type, as n8n looks it up. */
function credentialTester(typeName: string): CredentialTester | undefined {
	for (const nodeType of PACKAGE_NODE_TYPES) {
		const versions = (nodeType as unknown as { nodeVersions?: Record<string, INodeType> }).nodeVersions;
		for (const candidate of versions ? Object.values(versions) : [nodeType]) {
			const declared = candidate.description.credentials?.find((credential) => credential.name === typeName)?.testedBy;
			const method = typeof declared === 'string' ? candidate.methods?.credentialTest?.[declared] : undefined;
			if (method) return method as CredentialTester;
		}
	}
	return undefined;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * What n8n's "Test connection" button does: when a node of the package names a `testedBy`
 * method for the credential, that method runs in n8n-core's credential test context (whose only
 * HTTP helper is the legacy `request`); otherwise the credential's declarative `test` request is
 * sent with its `authenticate` applied, through the same n8n-core HTTP stack a node uses.
 */
export async function testCredential(typeName: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const tester = credentialTester(typeName);
	if (tester) {
		const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { nodes: [], connections: {} } as unknown as IWorkflowBase);
		const context = new CredentialTestContext(plainAdditionalData(new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, {}), hooks, randomUUID()));
		const answer = await tester.call(context, { id: 'test', name: `${typeName} test`, type: typeName, data });
		return { status: answer.status, message: answer.message };
	}
	const type = PACKAGE_CREDENTIAL_TYPES.find((candidate) => candidate.name === typeName);
	if (!type?.test) throw new Error(`Credential type "${typeName}" has no test request`);
	if (type.test.rules?.length) throw new Error('The test harness does not evaluate credential test rules yet');
	const testRequest = type.test.request;

	const probeType = `${PACKAGE_NAME}.credentialTestProbe`;
	const probe: INodeType = {
		description: {
			displayName: 'Credential Test Probe',
			name: 'credentialTestProbe',
			group: ['transform'],
			version: 1,
			description: 'Sends a credential test request',
			defaults: { name: 'Credential Test Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: typeName, required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			// `request` is resolved below, before the probe ever runs.
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, typeName, request)) as { statusCode: number };
			return [[{ json: { statusCode: response.statusCode }, pairedItem: { item: 0 } }]];
		},
	};

	const workflowJson: WorkflowJson = {
		nodes: [
			{ id: 'trigger', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'probe', name: 'Probe', type: probeType, typeVersion: 1, position: [200, 0], parameters: {} },
		],
		connections: { Start: { main: [[{ node: 'Probe', type: NodeConnectionTypes.Main, index: 0 }]] } },
	};

	// Resolve `={{$credentials.url}}` and friends the way n8n does before sending.
	const scratch = new Workflow({ nodes: workflowJson.nodes, connections: workflowJson.connections, active: false, nodeTypes: buildNodeTypes({ [probeType]: probe }) });
	const probeNode = scratch.getNode('Probe') as INode;
	const resolve = (value: unknown) => (value === undefined ? undefined : resolveWithCredentials(scratch, probeNode, value, data));
	const resolveEntries = (record: object | undefined) =>
		record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([key, value]) => [key, resolve(value)]));
	const request: IHttpRequestOptions = {
		method: testRequest.method ?? 'GET',
		baseURL: resolve(testRequest.baseURL),
		url: resolve(testRequest.url) ?? '',
		headers: resolveEntries(testRequest.headers),
		qs: resolveEntries(testRequest.qs),
		returnFullResponse: true,
	};

	const result = await runWorkflow(workflowJson, { credentials: { [typeName]: data }, nodeTypes: { [probeType]: probe } });
	if (result.status === 'success') return { status: 'OK', message: 'Connection successful!' };
	const error = result.errorByNode.Probe ?? result.error;
	return { status: 'Error', message: error?.message ?? 'The credential test failed' };
}
