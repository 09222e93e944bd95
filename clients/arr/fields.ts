import type { ArrField } from './types';

/** The value of one `{name, value}` setting, or undefined when the resource has no such setting. */
export function fieldValue(resource: { fields?: ArrField[] | null }, name: string): unknown {
	return (resource.fields ?? []).find((field) => field.name === name)?.value;
}

/** A copy of the resource with one setting changed; undefined when it has no such setting. */
export function withField<R extends { fields?: ArrField[] | null }>(resource: R, name: string, value: unknown): R | undefined {
	const fields = resource.fields ?? [];
	if (!fields.some((field) => field.name === name)) return undefined;
	return { ...resource, fields: fields.map((field) => (field.name === name ? { ...field, value } : field)) };
}

/** A copy with every named setting set, adding those the resource did not list yet. */
export function withFields<R extends { fields?: ArrField[] | null }>(resource: R, values: Record<string, unknown>): R {
	const fields = [...(resource.fields ?? [])];
	for (const [name, value] of Object.entries(values)) {
		const index = fields.findIndex((field) => field.name === name);
		if (index === -1) fields.push({ name, value });
		else fields[index] = { ...fields[index], value };
	}
	return { ...resource, fields };
}
