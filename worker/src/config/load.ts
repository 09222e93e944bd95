import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { CONFIG_ENV, LOCAL_CONFIG_NAME, userConfigPath } from '../paths';
import { ConfigFileError, ConfigIssue, ConfigValidationError, formatKeyPath } from './errors';
import { AppliedOverride, FlagOverrides, applyOverrides, collectOverrides, overrideLabel } from './overrides';
import { resolveSecretFiles, substituteEnv } from './resolve';
import { MediastackConfig, allowedKeysByInput, buildConfigSchema, isSecretConfigKey } from './schema';

export interface LoadConfigOptions {
	/** From `--config`; a missing file named here is an error, never a silent fallback. */
	path?: string;
	env?: NodeJS.ProcessEnv;
	/** Where ./mediastack.yaml is looked for; defaults to process.cwd(). */
	cwd?: string;
	/** `--api-port` and friends; they win over the MEDIASTACK_*_PORT variables and the file. */
	flags?: FlagOverrides;
}

export interface LoadedConfig {
	/** The file used; undefined when none was found and defaults apply. */
	path?: string;
	config: MediastackConfig;
	/** Settings whose value came from a flag or an environment variable instead of the file. */
	overrides: AppliedOverride[];
}

export type ConfigSource = 'flag' | 'env' | 'cwd' | 'user';

export interface ConfigLocation {
	path: string;
	source: ConfigSource;
}

/** The places looked at, in order (for messages that tell the user where to put a file). */
export function configSearchPaths(options: LoadConfigOptions = {}): ConfigLocation[] {
	const env = options.env ?? process.env;
	const cwd = options.cwd ?? process.cwd();
	const locations: ConfigLocation[] = [];
	if (options.path) locations.push({ path: resolve(cwd, options.path), source: 'flag' });
	if (env[CONFIG_ENV]) locations.push({ path: resolve(cwd, env[CONFIG_ENV] as string), source: 'env' });
	locations.push({ path: resolve(cwd, LOCAL_CONFIG_NAME), source: 'cwd' });
	locations.push({ path: userConfigPath(env), source: 'user' });
	return locations;
}

/** The config file to use, or undefined when none exists. Explicitly named files must exist. */
export function findConfigFile(options: LoadConfigOptions = {}): ConfigLocation | undefined {
	for (const location of configSearchPaths(options)) {
		if (location.source === 'flag' || location.source === 'env') {
			if (!existsSync(location.path)) {
				const origin = location.source === 'flag' ? '--config' : `the ${CONFIG_ENV} environment variable`;
				throw new ConfigFileError(location.path, `the file named by ${origin} does not exist. Fix: check the path, or create it with \`mediastack config init --path ${location.path}\``);
			}
			return location;
		}
		if (existsSync(location.path)) return location;
	}
	return undefined;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
	const env = options.env ?? process.env;
	const overrides = collectOverrides(env, options.flags);
	const location = findConfigFile(options);
	if (!location) {
		return { path: undefined, config: validateConfig({}, { env, baseDir: options.cwd ?? process.cwd(), overrides }), overrides };
	}
	const raw = parseConfigFile(location.path);
	return { path: location.path, config: validateConfig(raw, { env, baseDir: dirname(location.path), file: location.path, overrides }), overrides };
}

/** Reads and parses one YAML file; syntax errors name the file, line and column. */
export function parseConfigFile(file: string): unknown {
	let text: string;
	try {
		if (statSync(file).isDirectory()) throw new ConfigFileError(file, 'is a directory, not a file. Fix: point at the YAML file itself');
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof ConfigFileError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'it does not exist' : (code ?? String(error));
		throw new ConfigFileError(file, `cannot read it (${reason})`);
	}
	return parseConfigText(text, file);
}

export function parseConfigText(text: string, file = '(config)'): unknown {
	const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	if (document.errors.length > 0) {
		const issues = firstErrorPerLocation(document.errors).map((error): ConfigIssue => {
			const where = error.linePos?.[0];
			// Only the first line: the code frame that follows may quote a secret.
			const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
			const fix = YAML_FIXES[error.code];
			return { path: '', message: `${where ? `line ${where.line}, column ${where.col}: ` : ''}${reason}${fix ? `. Fix: ${fix}` : ''}` };
		});
		throw new ConfigValidationError(issues, file, `The config file ${file} is not valid YAML`);
	}
	const data: unknown = document.toJS({ maxAliasCount: 100 });
	if (data === null || data === undefined) return {};
	if (typeof data !== 'object' || Array.isArray(data)) {
		throw new ConfigFileError(file, `the top level must be a mapping of keys (like \`services:\`), not ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}`);
	}
	return data;
}

/**
 * One mistake often trips the parser several times: a line indented too deep yields "nested
 * mappings are not allowed" and "implicit keys need to be on a single line" for it and again
 * for each line after it. Keep the first error of each place; an error that starts on a line an
 * earlier error already spans is one of its consequences.
 */
function firstErrorPerLocation(errors: readonly YAML.YAMLError[]): YAML.YAMLError[] {
	const kept: YAML.YAMLError[] = [];
	let spannedUpTo = 0;
	for (const error of errors) {
		const start = error.linePos?.[0]?.line;
		const end = error.linePos?.[1]?.line ?? start;
		if (start === undefined) {
			kept.push(error);
			continue;
		}
		if (start <= spannedUpTo) {
			spannedUpTo = Math.max(spannedUpTo, end ?? start);
			continue;
		}
		kept.push(error);
		spannedUpTo = Math.max(start, end ?? start);
	}
	return kept;
}

/** The fix for the YAML mistakes people make most (the parser's codes). */
const YAML_FIXES: Partial<Record<YAML.ErrorCode, string>> = {
	BAD_INDENT: 'indent every key of one mapping (and every `-` of one list) by the same number of spaces',
	BLOCK_AS_IMPLICIT_KEY: 'the lines after this `key: value` are indented deeper than it; indent them like the key, or put a nested mapping on the lines after `key:` alone; quote a value that contains ": "',
	MULTILINE_IMPLICIT_KEY: 'a key is missing its colon, or a value runs on into the next line; write `key: value` on one line',
	TAB_AS_INDENT: 'indent with spaces, not tabs',
	DUPLICATE_KEY: 'keep only one of the two entries',
	MISSING_CHAR: 'close the quote or bracket that was opened before this place',
};

export interface ValidateOptions {
	env?: NodeJS.ProcessEnv;
	/** Folder for relative paths; the config file's folder. */
	baseDir?: string;
	/** Named in the error message. */
	file?: string;
	/** Flag and environment overrides, put in after substitution; issues about them name their source. */
	overrides?: readonly AppliedOverride[];
}

/** Substitutes env vars, reads secret files, applies defaults and validates; throws ConfigValidationError listing every problem. */
export function validateConfig(raw: unknown, options: ValidateOptions = {}): MediastackConfig {
	const env = options.env ?? process.env;
	const baseDir = options.baseDir ?? process.cwd();
	const issues: ConfigIssue[] = [];
	const substituted = substituteEnv(raw, { env, baseDir }, issues);
	const withSecrets = applyOverrides(resolveSecretFiles(substituted, { env, baseDir }, issues), options.overrides ?? []);
	const result = buildConfigSchema({ env, baseDir }).safeParse(withSecrets, { reportInput: true });
	if (!result.success) {
		// A key whose env var or secret file failed already has a better message than "is required".
		const reported = new Set(issues.flatMap((issue) => [issue.path, issue.path.replace(/_file$/, '')]));
		for (const issue of describeIssues(result.error.issues)) {
			if (![...reported].some((path) => path !== '' && (issue.path === path || issue.path.startsWith(`${path}.`)))) issues.push(issue);
		}
	}
	if (issues.length > 0 || !result.success) {
		const named = issues.map((issue) => ({ ...issue, path: overrideLabel(options.overrides ?? [], issue.path) ?? issue.path }));
		throw new ConfigValidationError(named, options.file);
	}
	return result.data;
}

type Issue = z.core.$ZodIssue;

/** Zod issues → `key.path: message`; never includes an input value (it may be a secret). */
export function describeIssues(zodIssues: readonly Issue[]): ConfigIssue[] {
	const out: ConfigIssue[] = [];
	for (const issue of zodIssues) {
		if (issue.code === 'unrecognized_keys') {
			const allowed = issue.input && typeof issue.input === 'object' ? (allowedKeysByInput.get(issue.input as object) ?? []) : [];
			for (const key of issue.keys) {
				out.push({ path: formatKeyPath([...issue.path, key]), message: unknownKeyMessage(key, allowed) });
			}
			continue;
		}
		out.push({ path: formatKeyPath(issue.path), message: describeIssue(issue) });
	}
	return out;
}

function describeIssue(issue: Issue): string {
	const last = issue.path[issue.path.length - 1];
	const secret = typeof last === 'string' && isSecretConfigKey(last);
	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined) return issue.message.startsWith('is required') ? issue.message : 'is required';
			if (issue.message && !issue.message.startsWith('Invalid input')) return issue.message;
			return `must be ${article(issue.expected)}, not ${secret ? 'that value' : kindOf(issue.input)}`;
		case 'invalid_value':
			return `must be one of: ${issue.values.map((value) => String(value)).join(', ')}`;
		case 'too_small':
			if (issue.message && !issue.message.startsWith('Too small')) return issue.message;
			return issue.origin === 'string' ? (Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`) : `must be at least ${issue.minimum}`;
		case 'too_big':
			return issue.origin === 'string' ? `must be at most ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
		case 'invalid_key':
			return issue.issues.map((inner) => inner.message).join('; ');
		default:
			return issue.message;
	}
}

function article(expected: string): string {
	if (expected === 'int') return 'a whole number';
	if (expected === 'object' || expected === 'record') return 'a mapping of keys';
	if (expected === 'array') return 'a list';
	return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function kindOf(value: unknown): string {
	if (value === null) return 'empty';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return `${typeof value} ${String(value)}`;
}

function unknownKeyMessage(key: string, allowed: string[]): string {
	const suggestion = closest(key, allowed);
	const hint = suggestion ? `did you mean "${suggestion}"?` : allowed.length ? `allowed keys here: ${allowed.join(', ')}` : 'remove it';
	return `unknown key; ${hint}`;
}

function closest(key: string, candidates: string[]): string | undefined {
	let best: { candidate: string; distance: number } | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
		if (!best || distance < best.distance) best = { candidate, distance };
	}
	if (!best) return undefined;
	return best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}
	return row[b.length];
}

/** Every secret value in a validated config, to register with the scrubbers. */
export function configSecrets(config: MediastackConfig): string[] {
	const found: string[] = [];
	const walk = (value: unknown, key?: string): void => {
		if (typeof value === 'string') {
			if (key !== undefined && isSecretConfigKey(key)) found.push(value);
			return;
		}
		if (value && typeof value === 'object') {
			for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) walk(child, childKey);
		}
	};
	walk(config);
	return found;
}
