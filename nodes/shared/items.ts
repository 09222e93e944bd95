import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from './errors';

/** What one item's work produces: one object (one output item) or a list (one output item each). */
export type ItemResult = object | object[];

/**
 * Runs `work` for every input item, in order. Each output item is paired with the input it
 * came from; a failure is mapped once, then either becomes an error item (Continue On Fail)
 * or stops the node with the item index attached.
 */
export async function mapItems(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	work: (itemIndex: number) => Promise<ItemResult>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await work(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

/** Memoises an async factory so every item shares one instance, and one failure. */
export function once<T>(factory: () => Promise<T>): () => Promise<T> {
	let pending: Promise<T> | undefined;
	return () => (pending ??= factory());
}

/** The first `limit` entries of a list an API sends whole (no paging), or all of them. */
export function upTo<T>(list: T[], limit: number | undefined): T[] {
	return limit === undefined ? list : list.slice(0, limit);
}
