import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll } from 'vitest';

// n8n-core keeps instance settings (an encryption key) under N8N_USER_FOLDER, or ~/.n8n when
// unset. Imported by the harness before n8n-core so a test run never touches the home folder.
const OWN_FOLDER = Symbol.for('mediastack.test.n8nUserFolder');
const registry = globalThis as { [OWN_FOLDER]?: string };

if (!process.env.N8N_USER_FOLDER || process.env.N8N_USER_FOLDER === registry[OWN_FOLDER]) {
	const folder = mkdtempSync(path.join(tmpdir(), 'mediastack-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	registry[OWN_FOLDER] = folder;
	// vitest ends its workers without a normal exit, so clean up with the test file.
	afterAll(() => rmSync(folder, { recursive: true, force: true }));
}

export const n8nUserFolder = process.env.N8N_USER_FOLDER;
