export interface ConfigIssue {
	/** Dotted key path as written in the YAML, e.g. `services.prowlarr.api_key`; '' for the whole file. */
	path: string;
	/** What is wrong and, where we know it, the fix. Never contains a secret value. */
	message: string;
}

/**
 * Every problem with the configuration, listed at once so the user fixes them in one go.
 * The message reads as `key.path: what is wrong (and the fix)`, one line per problem.
 */
export class ConfigValidationError extends Error {
	readonly issues: ConfigIssue[];
	/** The config file the issues are about, when there is one. */
	readonly file?: string;

	constructor(issues: ConfigIssue[], file?: string, heading?: string) {
		const title = heading ?? (file ? `The config file ${file} is invalid` : 'The configuration is invalid');
		const lines = issues.map((issue) => `  - ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
		super(`${title}:\n${lines.join('\n')}`);
		this.name = new.target.name;
		this.issues = issues;
		this.file = file;
	}
}

/** The file itself is the problem: missing when named explicitly, unreadable, or not YAML. */
export class ConfigFileError extends ConfigValidationError {
	constructor(file: string, message: string) {
		super([{ path: '', message }], file, `Cannot use the config file ${file}`);
	}
}

/** Turns a path array into `a.b[0].c`. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += (out ? '.' : '') + String(part);
	}
	return out;
}
