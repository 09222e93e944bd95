import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/specs';

/**
 * The layering rules of eslint.config.mjs, applied to small sources placed (virtually) where
 * they would break the architecture. Each case would pass lint if its rule were missing.
 */
let eslint: ESLint;

beforeAll(() => {
	// With CI=true typescript-eslint switches to "single run": it builds the program once from the
	// files on disk and lints those, not the text given here. These probes exist only in memory.
	eslint = new ESLint({ cwd: repoRoot, overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } } });
});

async function ruleIds(file: string, source: string): Promise<string[]> {
	const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
	return result.messages.map((message) => message.ruleId ?? message.message);
}

describe('architecture boundaries', () => {
	it('keeps n8n and Temporal out of the clients', async () => {
		expect(await ruleIds('clients/sonarr/boundary-probe.ts', "import { NodeOperationError } from 'n8n-workflow';\nexport const probe = NodeOperationError;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
		expect(await ruleIds('clients/sonarr/boundary-probe.ts', "import { Context } from '@temporalio/activity';\nexport const probe = Context;\n")).toContain('@typescript-eslint/no-restricted-imports');
	});

	it('keeps the clients from importing nodes or the runner', async () => {
		expect(await ruleIds('clients/sonarr/boundary-probe.ts', "import { Prowlarr } from '../../nodes/Prowlarr/Prowlarr.node';\nexport const probe = Prowlarr;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
		expect(await ruleIds('clients/sonarr/boundary-probe.ts', "import { createServices } from '../../worker/src/services';\nexport const probe = createServices;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
	});

	it('keeps the runner out of the n8n package', async () => {
		expect(await ruleIds('nodes/Prowlarr/boundary-probe.ts', "import { createServices } from '../../worker/src/services';\nexport const probe = createServices;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
		expect(await ruleIds('credentials/BoundaryProbe.credentials.ts', "import { loadConfig } from '../worker/src/config';\nexport const probe = loadConfig;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
	});

	it('keeps I/O out of workflow code, but lets it import activity types', async () => {
		// An existing file of the runner's program: its rules need type information.
		const file = 'worker/src/workflows/failures.ts';
		expect(await ruleIds(file, "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n")).toContain('@typescript-eslint/no-restricted-imports');
		expect(await ruleIds(file, "import fs from 'fs';\nexport const probe = fs;\n")).toContain('@typescript-eslint/no-restricted-imports');
		expect(await ruleIds(file, "import { ProwlarrClient } from '../../../clients/prowlarr/client';\nexport const probe = ProwlarrClient;\n")).toContain(
			'@typescript-eslint/no-restricted-imports',
		);
		expect(await ruleIds(file, "import axios from 'axios';\nexport const probe = axios;\n")).toContain('@typescript-eslint/no-restricted-imports');
		expect(await ruleIds(file, "import type { Activities } from '../activities';\nexport type Probe = Activities;\n")).not.toContain('@typescript-eslint/no-restricted-imports');
	});

	it('flags a promise nobody awaits in the runner', async () => {
		const ids = await ruleIds('worker/src/services/index.ts', "async function work(): Promise<void> {}\nexport function probe(): void {\n\twork();\n}\n");
		expect(ids).toContain('@typescript-eslint/no-floating-promises');
	});
});
