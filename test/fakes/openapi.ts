import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/**
 * Reads an OpenAPI 3.0 document into the few facts a fake needs to judge a request: its
 * operations (method, path template, parameters, request body, responses) and its security
 * schemes. Schemas are turned into plain JSON Schema for ajv lazily, per operation, because
 * some specs (Jellyfin, Plex) are large and a test touches only a handful of operations.
 */

type Json = Record<string, unknown>;

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface SpecParameter {
	name: string;
	in: ParameterLocation;
	required: boolean;
	schema?: Json;
	explode: boolean;
}

export interface SpecMediaType {
	schema?: Json;
}

export interface SpecOperation {
	method: string;
	/** Path template as written in the spec, e.g. /api/v1/indexer/{id}. */
	template: string;
	/** "GET /api/v1/indexer/{id}": the name handlers are registered under. */
	key: string;
	parameters: SpecParameter[];
	requestBody?: { required: boolean; content: Record<string, SpecMediaType> };
	responses: Record<string, { content?: Record<string, SpecMediaType> }>;
	/** Undefined: the document-wide requirement applies. */
	security?: SecurityRequirement[];
}

export type SecurityRequirement = Record<string, string[]>;

export interface SecurityScheme {
	type: string;
	name?: string;
	in?: string;
	scheme?: string;
}

export interface LoadedSpec {
	file: string;
	/** Path prefix from servers[0].url (e.g. /api/v1 for Seerr), '' when none. */
	basePath: string;
	operations: SpecOperation[];
	securitySchemes: Record<string, SecurityScheme>;
	security: SecurityRequirement[];
	/** Compiles (once) a validator for a schema found in this spec. */
	validator(schema: Json): ValidateFunction;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const loaded = new Map<string, Promise<LoadedSpec>>();

/** Loads and dereferences a spec once per process; every fake of that service shares it. */
export function loadSpec(file: string): Promise<LoadedSpec> {
	let promise = loaded.get(file);
	if (!promise) {
		promise = readSpec(file);
		loaded.set(file, promise);
		// A failed load must not poison later attempts with a cached rejection.
		promise.catch(() => loaded.delete(file));
	}
	return promise;
}

async function readSpec(file: string): Promise<LoadedSpec> {
	const text = await readFile(file, 'utf8');
	const document = (/\.ya?ml$/i.test(file) ? YAML.parse(text, { maxAliasCount: -1 }) : JSON.parse(text)) as Json;
	if (typeof document.swagger === 'string') {
		// Emby publishes Swagger 2.0; convert it (swagger2openapi) before it reaches this point.
		throw new Error(`${file} is Swagger ${document.swagger}; the fake kit reads OpenAPI 3.x only. Convert it to OpenAPI 3 first.`);
	}
	if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
		throw new Error(`${file} is not an OpenAPI 3.x document (openapi: ${String(document.openapi)}).`);
	}
	// Circular schemas (a resource listing presets of itself) become object cycles here;
	// toJsonSchema turns them back into $defs references for ajv.
	const api = (await SwaggerParser.dereference(document as never)) as unknown as Json;
	const components = (api.components ?? {}) as Json;
	const operations: SpecOperation[] = [];
	for (const [template, rawItem] of Object.entries((api.paths ?? {}) as Record<string, Json>)) {
		const pathParameters = (rawItem.parameters ?? []) as Json[];
		for (const method of HTTP_METHODS) {
			const rawOperation = rawItem[method] as Json | undefined;
			if (!rawOperation) continue;
			operations.push(readOperation(method.toUpperCase(), template, rawOperation, pathParameters));
		}
	}
	const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	const validators = new WeakMap<object, ValidateFunction>();
	return {
		file,
		basePath: serverBasePath(api.servers),
		operations,
		securitySchemes: (components.securitySchemes ?? {}) as Record<string, SecurityScheme>,
		security: (api.security ?? []) as SecurityRequirement[],
		validator(schema: Json): ValidateFunction {
			let validate = validators.get(schema);
			if (!validate) {
				const converted = toJsonSchema(schema);
				for (const format of collectFormats(converted)) {
					// Specs use formats of their own ("int32" variants, "guid", "uri-ish"); accept them.
					if (!(format in ajv.formats)) ajv.addFormat(format, true);
				}
				validate = ajv.compile(converted);
				validators.set(schema, validate);
			}
			return validate;
		},
	};
}

function readOperation(method: string, template: string, raw: Json, pathParameters: Json[]): SpecOperation {
	const byKey = new Map<string, Json>();
	for (const parameter of [...pathParameters, ...((raw.parameters ?? []) as Json[])]) {
		byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
	}
	const parameters: SpecParameter[] = [...byKey.values()].map((parameter) => {
		const location = parameter.in as ParameterLocation;
		const style = (parameter.style as string | undefined) ?? (location === 'query' || location === 'cookie' ? 'form' : 'simple');
		return {
			name: String(parameter.name),
			in: location,
			required: parameter.required === true || location === 'path',
			schema: parameter.schema as Json | undefined,
			explode: typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form',
		};
	});
	const rawBody = raw.requestBody as Json | undefined;
	return {
		method,
		template,
		key: `${method} ${template}`,
		parameters,
		requestBody: rawBody
			? { required: rawBody.required === true, content: (rawBody.content ?? {}) as Record<string, SpecMediaType> }
			: undefined,
		responses: (raw.responses ?? {}) as SpecOperation['responses'],
		security: raw.security as SecurityRequirement[] | undefined,
	};
}

function serverBasePath(servers: unknown): string {
	const first = Array.isArray(servers) ? (servers[0] as Json | undefined) : undefined;
	if (!first || typeof first.url !== 'string') return '';
	const variables = (first.variables ?? {}) as Record<string, { default?: string }>;
	const url = first.url.replace(/\{([^}]+)\}/g, (_, name: string) => variables[name]?.default ?? '');
	let pathname: string;
	try {
		pathname = new URL(url, 'http://placeholder').pathname;
	} catch {
		return '';
	}
	return pathname.replace(/\/+$/, '');
}

// ---- OpenAPI 3.0 schema → JSON Schema (draft 7, as ajv speaks it) -------------------------

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);
/** OpenAPI-only keywords that mean nothing to a validator. */
const DROPPED_KEYS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated']);

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childSchemas(schema: Json): Json[] {
	const children: Json[] = [];
	for (const [key, value] of Object.entries(schema)) {
		if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
			for (const child of Object.values(value)) if (isObject(child)) children.push(child);
		} else if (SCHEMA_KEYS.has(key)) {
			if (isObject(value)) children.push(value);
			else if (Array.isArray(value)) for (const child of value) if (isObject(child)) children.push(child);
		} else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
			for (const child of value) if (isObject(child)) children.push(child);
		}
	}
	return children;
}

/** Schemas reached again while inside themselves: each becomes a $defs entry. */
function findCycleTargets(root: Json): Set<Json> {
	const targets = new Set<Json>();
	const inProgress = new Set<Json>();
	const done = new Set<Json>();
	const visit = (schema: Json): void => {
		if (done.has(schema)) return;
		if (inProgress.has(schema)) {
			targets.add(schema);
			return;
		}
		inProgress.add(schema);
		for (const child of childSchemas(schema)) visit(child);
		inProgress.delete(schema);
		done.add(schema);
	};
	visit(root);
	return targets;
}

/** Converts a dereferenced OpenAPI 3.0 schema (possibly cyclic) into a finite JSON Schema. */
export function toJsonSchema(root: Json): Json {
	const targets = findCycleTargets(root);
	const names = new Map<Json, string>();
	const defs: Json = {};
	const converted = new Map<Json, Json>();

	const convert = (schema: Json, asDefinition = false): Json => {
		if (targets.has(schema) && !asDefinition) {
			let name = names.get(schema);
			if (!name) {
				name = `cycle${names.size}`;
				names.set(schema, name);
				defs[name] = convert(schema, true);
			}
			return { $ref: `#/$defs/${name}` };
		}
		const cached = converted.get(schema);
		if (cached && !asDefinition) return cached;
		const out: Json = {};
		for (const [key, value] of Object.entries(schema)) {
			if (DROPPED_KEYS.has(key) || key === 'nullable') continue;
			if (SCHEMA_MAP_KEYS.has(key) && isObject(value)) {
				out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isObject(child) ? convert(child) : child]));
			} else if (SCHEMA_KEYS.has(key)) {
				out[key] = isObject(value) ? convert(value) : Array.isArray(value) ? value.map((child) => (isObject(child) ? convert(child) : child)) : value;
			} else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
				out[key] = value.map((child) => (isObject(child) ? convert(child) : child));
			} else {
				out[key] = value;
			}
		}
		fixExclusiveBounds(out);
		const result = schema.nullable === true ? allowNull(out) : out;
		if (!asDefinition) converted.set(schema, result);
		return result;
	};

	const result = convert(root);
	return Object.keys(defs).length ? { ...result, $defs: { ...(result.$defs as Json | undefined), ...defs } } : result;
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema's null type. */
function allowNull(schema: Json): Json {
	if (typeof schema.type === 'string') {
		const out: Json = { ...schema, type: [schema.type, 'null'] };
		if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
		return out;
	}
	if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] };
	if (schema.$ref || schema.allOf || schema.anyOf || schema.oneOf || schema.enum) return { anyOf: [schema, { type: 'null' }] };
	return schema;
}

/** OpenAPI 3.0 keeps draft-4 boolean exclusiveMinimum/Maximum; draft 7 wants numbers. */
function fixExclusiveBounds(schema: Json): void {
	for (const [exclusive, bound] of [
		['exclusiveMinimum', 'minimum'],
		['exclusiveMaximum', 'maximum'],
	] as const) {
		if (typeof schema[exclusive] !== 'boolean') continue;
		if (schema[exclusive] === true && typeof schema[bound] === 'number') {
			schema[exclusive] = schema[bound];
			delete schema[bound];
		} else {
			delete schema[exclusive];
		}
	}
}

function collectFormats(schema: unknown, found = new Set<string>(), seen = new Set<unknown>()): Set<string> {
	if (!schema || typeof schema !== 'object' || seen.has(schema)) return found;
	seen.add(schema);
	if (Array.isArray(schema)) {
		for (const item of schema) collectFormats(item, found, seen);
		return found;
	}
	const record = schema as Json;
	if (typeof record.format === 'string') found.add(record.format);
	for (const [key, value] of Object.entries(record)) {
		if (key === 'enum' || key === 'const' || key === 'default') continue;
		collectFormats(value, found, seen);
	}
	return found;
}
