import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Reads a list of whole numbers given as "1, 2 3", a number, or an array from an expression.
 * An empty value means "no filter".
 */
export function getIdListParameter(context: IExecuteFunctions, name: string, itemIndex: number, label = name): number[] | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const parts: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'number' ? [raw] : String(raw ?? '').split(/[\s,;]+/);
	const ids: number[] = [];
	for (const part of parts) {
		const text = String(part).trim();
		if (text === '') continue;
		const id = Number(text);
		if (!Number.isInteger(id) || id < 0) {
			throw new NodeOperationError(context.getNode(), `"${text}" in ${label} is not a whole number`, {
				itemIndex,
				description: 'Give the numbers separated by commas, e.g. 1, 5, 12.',
			});
		}
		ids.push(id);
	}
	return ids.length ? ids : undefined;
}

/**
 * A positive whole-number id (an indexer id), checked before any request is made. `label` is
 * the field as the editor shows it; an empty field (required ids have no default) says so.
 */
export function getIdParameter(context: IExecuteFunctions, name: string, itemIndex: number, label = name): number {
	const raw = context.getNodeParameter(name, itemIndex) as unknown;
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	if (text === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
			description: `Give the ${label}, a whole number such as 12, or map it in with an expression.`,
		});
	}
	const id = Number(text);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(context.getNode(), `${label} must be a positive whole number, got "${text}"`, { itemIndex });
	}
	return id;
}

/** Optional date filters: empty stays unset; Luxon/JS dates from expressions become ISO text. */
export function getOptionalDateParameter(context: IExecuteFunctions, name: string, itemIndex: number): string | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (raw instanceof Date) return raw.toISOString();
	if (typeof raw === 'object' && typeof (raw as { toISO?: unknown }).toISO === 'function') {
		return String((raw as { toISO: () => string }).toISO());
	}
	const text = String(raw).trim();
	if (Number.isNaN(Date.parse(text))) {
		throw new NodeOperationError(context.getNode(), `${name} "${text}" is not a date`, {
			itemIndex,
			description: 'Use an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z.',
		});
	}
	return text;
}

/** How many records the Return All / Limit pair asks for: undefined for all of them. */
export function getLimitParameter(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1, got "${String(limit)}"`, { itemIndex });
	}
	return limit;
}
