import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The implementation of the Resource/Operation pair the node is set to, from a node's table of
 * operations. Own properties only, so a value like "constructor" finds nothing; an unknown pair
 * stops the node.
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
