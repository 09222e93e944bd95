import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { homeDir } from '../paths';

/**
 * Field schemas the config sections are built from, shared by the runner's own sections and by
 * each service's entry in the registry (worker/src/services): the same mistake gets the same
 * message, with the key path in front (see errors.ts).
 */

export interface SchemaContext {
	env: NodeJS.ProcessEnv;
	/** Folder that relative file paths in the config are resolved against. */
	baseDir: string;
}

/** Allowed keys per object input, so unknown keys can be answered with "did you mean". */
export const allowedKeysByInput = new WeakMap<object, string[]>();

export function strict<Shape extends z.ZodRawShape>(shape: Shape) {
	const keys = Object.keys(shape);
	return z.strictObject(shape, {
		error: (issue) => {
			if (issue.code === 'unrecognized_keys' && issue.input && typeof issue.input === 'object') {
				allowedKeysByInput.set(issue.input as object, keys);
			}
			return undefined;
		},
	});
}

/** A section may be absent or written as an empty key (`api:` → null in YAML). */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
	return z.preprocess((value) => (value === null ? undefined : value), strict(shape).prefault({} as never));
}

export function numberFrom(value: unknown): unknown {
	// Environment substitution yields strings; accept "8420" where a number belongs.
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value;
}

export function booleanFrom(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const lowered = value.trim().toLowerCase();
	if (['true', 'yes', 'on', '1'].includes(lowered)) return true;
	if (['false', 'no', 'off', '0'].includes(lowered)) return false;
	return value;
}

export const bool = () => z.preprocess(booleanFrom, z.boolean());

export const integer = (min: number, max: number) => z.preprocess(numberFrom, z.number().int().min(min).max(max));

export const port = () => integer(0, 65_535);

export const nonEmpty = (what: string) => z.string().trim().min(1, { error: `must not be empty; ${what}` });

export function httpUrl(serviceName: string, example: string) {
	return z
		.string({ error: (issue) => (issue.input === undefined ? `is required: the address of ${serviceName}, e.g. ${example}` : undefined) })
		.trim()
		.refine(
			(value) => {
				try {
					const parsed = new URL(value);
					return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
				} catch {
					return false;
				}
			},
			{ error: `must be an http:// or https:// URL including host and port, e.g. ${example}` },
		);
}

export function secret(required: string) {
	return z.string({ error: (issue) => (issue.input === undefined ? `is required. Fix: ${required}` : undefined) }).min(1, { error: `must not be empty. Fix: ${required}` });
}

export function existingFile(ctx: SchemaContext, what: string) {
	return z
		.string()
		.trim()
		.min(1)
		.transform((value) => resolve(ctx.baseDir, expandHome(value, ctx.env)))
		.refine((file) => existsSync(file), { error: `file not found; give the path of ${what}` });
}

export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
	if (path === '~') return homeDir(env);
	if (path.startsWith('~/')) return join(homeDir(env), path.slice(2));
	return path;
}
