import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MediastackError, isMediastackError } from '../../clients/core/errors';

/**
 * Kinds that always describe the service or the way to it. Not-found and client errors
 * without an HTTP status come from our own checks (a malformed URL, a setting the indexer
 * does not have) and are input errors.
 */
const API_KINDS = new Set(['auth', 'rate_limited', 'server', 'timeout', 'network', 'protocol']);

/**
 * The one place where client errors become n8n errors. Failures of the service become
 * NodeApiError, wrong input NodeOperationError; both carry the item index and, as the
 * description, what the user can do. Only the client's secret-free summary goes in:
 * never the client error itself, whose `cause` may hold the HTTP library's request with
 * the API key in its headers.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (isNodeError(error)) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (isMediastackError(error)) return fromMediastackError(node, error, itemIndex);
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

/**
 * Also recognises n8n errors from another copy of n8n-workflow (a host that loads the ESM
 * and the CommonJS build side by side), which instanceof alone would miss and re-wrap.
 */
function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return true;
	if (!(error instanceof Error) || !(error.name === 'NodeApiError' || error.name === 'NodeOperationError')) return false;
	const context = (error as { context?: unknown }).context;
	return typeof context === 'object' && context !== null && 'node' in error;
}

function fromMediastackError(node: INode, error: MediastackError, itemIndex: number): NodeApiError | NodeOperationError {
	const summary = error.toJSON();
	const description = error.fix ? `Fix: ${error.fix}` : undefined;
	if (error.status !== undefined || API_KINDS.has(error.kind)) {
		return new NodeApiError(node, withoutUndefined(summary), {
			message: error.message,
			description,
			httpCode: error.status === undefined ? undefined : String(error.status),
			itemIndex,
		});
	}
	return new NodeOperationError(node, error.message, { itemIndex, description });
}

function withoutUndefined(record: Record<string, unknown>): JsonObject {
	const result: JsonObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (value !== undefined) result[key] = value as JsonObject[string];
	}
	return result;
}
