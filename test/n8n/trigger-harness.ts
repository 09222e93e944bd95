import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { LoopbackListener, readBody } from '../support/loopback';
import { HarnessCredentialsHelper, PACKAGE_CREDENTIAL_TYPES, PACKAGE_NAME, buildNodeTypes, plainAdditionalData } from './harness';

/**
 * What n8n does with a webhook trigger, in process: on activation it asks the node whether its
 * registration exists and creates it if not (HookContext); a POST to the webhook URL runs the
 * node's `webhook` (WebhookContext) and starts the workflow with what it emits; deactivation
 * deletes the registration. The webhook URL is a real loopback listener, so a fake app can post
 * to it exactly as the real one would.
 */
export interface ActiveTrigger {
	/** The webhook URL the node registered: the production one, or the test one when listening for a test event. */
	webhookUrl: string;
	/** The items of every call that started the workflow, in order. */
	readonly runs: IDataObject[][];
	/** Every call's answer: status and body as the app saw them. */
	readonly answers: Array<{ status: number; body: unknown }>;
	/** The node's static data (what it kept about its registration). */
	readonly staticData: IDataObject;
	checkExists(): Promise<boolean>;
	/** Deactivates the workflow (the node deletes its registration) and stops listening. */
	deactivate(): Promise<void>;
	/** Stops listening without deactivating, as when n8n is stopped: the registration stays in the app. */
	abandon(): Promise<void>;
}

export interface ActivateOptions {
	/** The node's `name`, e.g. `sonarrTrigger`. */
	nodeName: string;
	parameters: INodeParameters;
	/** By credential type name, as in runWorkflow. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowName?: string;
	/** The node's own name, id and webhookId, e.g. a template's trigger node; random ones by default. */
	node?: Partial<Pick<INode, 'name' | 'id' | 'webhookId'>>;
	/**
	 * The editor's "Listen for test event" instead of activation: n8n registers the trigger at its
	 * test URL (`webhook-test/`) in manual mode, and deletes it when listening ends.
	 */
	test?: boolean;
	/** The node's static data as n8n stored it from an earlier activation (n8n restarted). */
	staticData?: IDataObject;
}

export async function activateTrigger(options: ActivateOptions): Promise<ActiveTrigger> {
	const nodeTypes = buildNodeTypes();
	const type = `${PACKAGE_NAME}.${options.nodeName}`;
	const nodeType = nodeTypes.getByName(type) as INodeType;
	const description = nodeType.description.webhooks?.[0] as IWebhookDescription | undefined;
	if (!description || !nodeType.webhook || !nodeType.webhookMethods?.default) throw new Error(`${type} is not a webhook trigger`);
	const methods = nodeType.webhookMethods.default;

	const node: INode = {
		id: randomUUID(),
		name: nodeType.description.defaults.name ?? options.nodeName,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: randomUUID(),
		credentials: Object.fromEntries(Object.keys(options.credentials).map((name) => [name, { id: `test-${name}`, name: `Test ${name}` }])),
		...options.node,
	};
	const staticData = options.staticData ? { [`node:${node.name}`]: JSON.parse(JSON.stringify(options.staticData)) as IDataObject } : {};
	const workflow = new Workflow({ id: 'trigger-workflow', name: options.workflowName ?? 'Trigger workflow', nodes: [node], connections: {}, active: true, nodeTypes, staticData });
	const workflowData = { id: workflow.id, name: workflow.name, nodes: [node], connections: {}, active: true } as unknown as IWorkflowBase;
	const credentialsHelper = new HarnessCredentialsHelper(PACKAGE_CREDENTIAL_TYPES, options.credentials);
	const additionalDataFor = (extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData => ({
		...plainAdditionalData(credentialsHelper, new ExecutionLifecycleHooks('trigger', randomUUID(), workflowData), randomUUID()),
		webhookBaseUrl: `${listener.url}/webhook`,
		webhookTestBaseUrl: `${listener.url}/webhook-test`,
		...extra,
	});

	const runs: IDataObject[][] = [];
	const answers: ActiveTrigger['answers'] = [];
	const listener = new LoopbackListener('webhook receiver', async (request, response) => {
		const answer = await handleCall(request, response);
		answers.push(answer);
	});
	await listener.start();

	const webhookData = (additionalData: IWorkflowExecuteAdditionalData): IWebhookData => ({
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: `${node.webhookId}/${String(description.path)}`,
		webhookDescription: description,
		workflowId: String(workflow.id),
		workflowExecuteAdditionalData: additionalData,
		isTest: options.test === true,
	});
	// As n8n's WebhookService calls the methods: activation in trigger mode, a test listen in manual
	// mode, and deactivation (or the end of listening) in internal mode.
	const hook = (activation: WorkflowActivateMode) => {
		const additionalData = additionalDataFor();
		const mode = activation === 'update' ? 'internal' : options.test ? 'manual' : 'trigger';
		return new HookContext(workflow, node, additionalData, mode, options.test && activation !== 'update' ? 'manual' : activation, webhookData(additionalData));
	};

	async function handleCall(request: IncomingMessage, raw: ServerResponse): Promise<{ status: number; body: unknown }> {
		const text = await readBody(request);
		let body: unknown = {};
		try {
			body = text ? JSON.parse(text) : {};
		} catch {
			body = text;
		}
		const response = new ExpressLikeResponse(raw);
		const req = { body, headers: request.headers, params: {}, query: {}, method: request.method, url: request.url };
		const additionalData = additionalDataFor({ httpRequest: req, httpResponse: response } as unknown as Partial<IWorkflowExecuteAdditionalData>);
		const context = new WebhookContext(workflow, node, additionalData, options.test ? 'manual' : 'webhook', webhookData(additionalData), [], null);
		const result = await nodeType.webhook!.call(context);
		if (result.noWebhookResponse) return response.finish();
		if (result.workflowData) {
			runs.push(result.workflowData[0].map((item) => item.json));
			return response.status(200).json({ message: 'Workflow was started' }).finish();
		}
		return response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' }).finish();
	}

	const webhookUrl = `${listener.url}/${options.test ? 'webhook-test' : 'webhook'}/${node.webhookId}/${String(description.path)}`;
	if (!(await methods.checkExists.call(hook('activate')))) await methods.create.call(hook('activate'));

	return {
		webhookUrl,
		runs,
		answers,
		get staticData() {
			return workflow.getStaticData('node', node);
		},
		checkExists: async () => await methods.checkExists.call(hook('activate')),
		async deactivate() {
			try {
				await methods.delete.call(hook('update'));
			} finally {
				await listener.stop();
			}
		},
		abandon: async () => await listener.stop(),
	};
}

/** The few parts of Express's response a node's webhook uses. */
class ExpressLikeResponse {
	private code = 200;
	private payload: unknown;

	constructor(private readonly raw: ServerResponse) {}

	status(code: number): this {
		this.code = code;
		return this;
	}

	json(body: unknown): this {
		this.payload = body;
		return this;
	}

	send(body: unknown): this {
		this.payload = body;
		return this;
	}

	end(): this {
		return this;
	}

	finish(): { status: number; body: unknown } {
		if (!this.raw.headersSent) {
			const text = typeof this.payload === 'string' ? this.payload : JSON.stringify(this.payload ?? {});
			this.raw.writeHead(this.code, { 'content-type': 'application/json' });
			this.raw.end(text);
		}
		return { status: this.code, body: this.payload };
	}
}
