import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigIssue, formatKeyPath } from './errors';
import { expandHome, isSecretConfigKey } from './schema';

/**
 * Steps between parsing the YAML and validating it: `${ENV}` substitution in string values,
 * then `<secret>_file` indirection (Docker secrets). Both report problems as issues with
 * the key path instead of throwing, so the user sees every problem at once.
 */

const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const UNTERMINATED = /\$\{(?![A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\})/;

export interface ResolveContext {
	env: NodeJS.ProcessEnv;
	/** Relative `_file` paths are resolved against this folder (the config file's). */
	baseDir: string;
}

export function substituteEnv(value: unknown, ctx: ResolveContext, issues: ConfigIssue[], path: PropertyKey[] = []): unknown {
	if (typeof value === 'string') return substituteString(value, ctx.env, issues, path);
	if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, ctx, issues, [...path, index]));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = substituteEnv(item, ctx, issues, [...path, key]);
		return out;
	}
	return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, issues: ConfigIssue[], path: PropertyKey[]): string | undefined {
	if (!text.includes('${')) return text;
	let missing = false;
	const withoutEscapes = text.replace(/\$\$\{/g, '');
	if (UNTERMINATED.test(withoutEscapes)) {
		issues.push({ path: formatKeyPath(path), message: 'has a malformed ${...} reference. Fix: write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $${ for a literal "${"' });
		return undefined;
	}
	const result = text.replace(VARIABLE, (match, name: string | undefined, fallback: string | undefined) => {
		if (match === '$${') return '${';
		const current = env[name as string];
		// Shell semantics: `:-` also applies when the variable is set but empty.
		if (current !== undefined && current !== '') return current;
		if (fallback !== undefined) return fallback;
		if (current === '') return '';
		missing = true;
		issues.push({
			path: formatKeyPath(path),
			message: `uses the environment variable ${name}, which is not set. Fix: set ${name}, or give a default with \${${name}:-value}`,
		});
		return match;
	});
	return missing ? undefined : result;
}

/** Replaces `api_key_file: /run/secrets/x` by `api_key: <file contents>` for secret keys. */
export function resolveSecretFiles(value: unknown, ctx: ResolveContext, issues: ConfigIssue[], path: PropertyKey[] = []): unknown {
	if (Array.isArray(value)) return value.map((item, index) => resolveSecretFiles(item, ctx, issues, [...path, index]));
	if (!value || typeof value !== 'object') return value;
	const input = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(input)) {
		const target = key.endsWith('_file') ? key.slice(0, -'_file'.length) : undefined;
		if (target === undefined || !isSecretConfigKey(target)) {
			out[key] = resolveSecretFiles(item, ctx, issues, [...path, key]);
			continue;
		}
		const keyPath = formatKeyPath([...path, key]);
		if (input[target] !== undefined && input[target] !== null && input[target] !== '') {
			issues.push({ path: keyPath, message: `${target} and ${key} are both set. Fix: keep only one of them` });
			continue;
		}
		if (item === undefined || item === null) continue;
		if (typeof item !== 'string' || item.trim() === '') {
			issues.push({ path: keyPath, message: `must be the path of a file holding the ${target}` });
			continue;
		}
		const file = resolve(ctx.baseDir, expandHome(item.trim(), ctx.env));
		let contents: string;
		try {
			contents = readFileSync(file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
			issues.push({ path: keyPath, message: `cannot read ${file} (${reason}). Fix: check the path, or that the Docker secret is mounted` });
			continue;
		}
		// Secret files usually end with a newline (echo, Docker secrets); keys never contain whitespace.
		const secret = contents.trim();
		if (secret === '') {
			issues.push({ path: keyPath, message: `the file ${file} is empty. Fix: write the ${target} into it` });
			continue;
		}
		out[target] = secret;
	}
	return out;
}
