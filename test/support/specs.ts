import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (this file lives in <root>/test/support). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Where the upstream API specs live: $MEDIASTACK_SPECS_DIR, else the sibling `shared/specs` folder. */
export function specsDir(): string {
	return process.env.MEDIASTACK_SPECS_DIR ?? path.resolve(repoRoot, '../shared/specs');
}

export function specPath(file: string): string {
	return path.isAbsolute(file) ? file : path.join(specsDir(), file);
}

export function specAvailable(file: string): boolean {
	return existsSync(specPath(file));
}

const warned = new Set<string>();

/**
 * Says loudly, once per spec and process, that a fake runs without its spec, so a green run
 * without specs is never mistaken for a checked one.
 */
export function warnSpecMissing(file: string, consumer: string): void {
	if (warned.has(file)) return;
	warned.add(file);
	console.warn(
		`SPEC CHECKS SKIPPED: ${specPath(file)} not found, so ${consumer} answers without checking requests against the API spec. ` +
			'Set MEDIASTACK_SPECS_DIR to the folder holding the upstream specs.',
	);
}
