import type { IExecuteFunctions } from 'n8n-workflow';

import { getIdParameter } from './parameters';

/**
 * An optional id, e.g. a picker inside "Additional Fields" (`additionalFields.qualityProfileId`):
 * left empty it is undefined (the service's default), anything else must be a positive whole number.
 */
export function getOptionalIdParameter(context: IExecuteFunctions, name: string, itemIndex: number, label = name): number | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
	return getIdParameter(context, name, itemIndex, label);
}

/** Labels (tags) from a picker, or from an expression as a list or a comma-separated text. */
export function getLabelListParameter(context: IExecuteFunctions, name: string, itemIndex: number): string[] {
	const raw = context.getNodeParameter(name, itemIndex, []) as unknown;
	const parts: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw === undefined || raw === null ? [] : [raw];
	return parts.map((part) => String(part).trim()).filter(Boolean);
}

/** An optional text, trimmed; empty is undefined. */
export function getOptionalStringParameter(context: IExecuteFunctions, name: string, itemIndex: number): string | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	return text === '' ? undefined : text;
}
