import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { once } from './items';
import type { RedactingSession } from './redact';
import { redactOutput } from './redact';

/** Opens the node's session with its service on first use; every item shares it (and its failure). */
export type SessionProvider<Session> = () => Promise<Session>;

/** One `<op>.operation.ts` module: its fields, and the work it does for the node's items. */
export interface Operation<Session> {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, items: INodeExecutionData[], session: SessionProvider<Session>): Promise<INodeExecutionData[]>;
}

/** A resource's operations by their option value, e.g. `{ get, getAll }` from `Indexer.resource.ts`. */
export type OperationTable<Session> = Record<string, Operation<Session>>;

/** Every resource of a node by its option value. */
export type ResourceTables<Session> = Record<string, OperationTable<Session>>;

/** One `<Resource>.resource.ts` module: its fields (the Operation selector first) and its operations. */
export interface ResourceModule<Session> {
	description: INodeProperties[];
	operations: OperationTable<Session>;
}

export interface RouterOptions<Session> {
	/** The node's resource modules by their option value, in the order the node lists them. */
	resources: Record<string, ResourceModule<Session>>;
	/** Builds the session from the node's credential: a client, and what to keep out of output. */
	openSession: (context: IExecuteFunctions) => Promise<Session>;
	/** Runs after the operation, e.g. to add an execution hint; gets the session if one was opened. */
	finish?: (context: IExecuteFunctions, output: INodeExecutionData[], session: Session | undefined) => void | Promise<void>;
}

export interface Router<Session> {
	(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	/** The tables it dispatches to; the description test checks the node's options against them. */
	readonly resources: ResourceTables<Session>;
}

/**
 * The node's `execute`: picks the operation of the Resource/Operation pair the node is set to,
 * opens the session lazily (a broken credential then fails item by item, under Continue On
 * Fail too), runs the operation, and keeps the session's secrets out of the output.
 */
export function createRouter<Session>(options: RouterOptions<Session>): Router<Session> {
	const resources: ResourceTables<Session> = Object.fromEntries(Object.entries(options.resources).map(([name, module]) => [name, module.operations]));
	const router = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = selectOperation(this, resources);
		let opened: Session | undefined;
		const session = once(async () => (opened = await options.openSession(this)));
		const output = await operation.execute.call(this, items, session);
		const redacted = isRedacting(opened) ? await redactOutput(output, async () => opened as RedactingSession) : output;
		await options.finish?.(this, redacted, opened);
		return [redacted];
	};
	return Object.assign(router, { resources });
}

function isRedacting(session: unknown): session is RedactingSession {
	return typeof session === 'object' && session !== null && typeof (session as RedactingSession).redact === 'function';
}

/**
 * The implementation of the Resource/Operation pair the node is set to. Own properties only,
 * so a value like "constructor" finds nothing; an unknown pair stops the node.
 */
export function selectOperation<Operation>(context: IExecuteFunctions, operations: Record<string, Record<string, Operation>>): Operation {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const byOperation = Object.prototype.hasOwnProperty.call(operations, resource) ? operations[resource] : undefined;
	const handler = byOperation && Object.prototype.hasOwnProperty.call(byOperation, operation) ? byOperation[operation] : undefined;
	if (!handler) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	return handler;
}

/** The fields of every resource, after the node's literal Resource selector. */
export function resourceFields(resources: Record<string, { description: INodeProperties[] }>): INodeProperties[] {
	return Object.values(resources).flatMap((resource) => resource.description);
}

/** The fields of every operation of a resource, for the resource's description (after its Operation selector). */
export function operationFields<Session>(operations: OperationTable<Session>): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}
