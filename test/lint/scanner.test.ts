import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/specs';

/**
 * n8n's community-package scanner (@n8n/scan-community-package, the gate before n8n lists a
 * package as verified) on the package's source, with the scanner's own config and inline config
 * off, as scripts/scan-package.mjs runs it in `npm run lint`; and the same rule sets in
 * eslint.config.mjs, so an editor flags what the scanner would reject.
 */
/** The scan as `npm run lint` runs it, in its own Node process (vitest's module loader changes what its rules see). */
function scanSource(): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'scan-package.mjs'), '--source'], { cwd: repoRoot, encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function ruleIds(file: string, source: string): Promise<string[]> {
	const [result] = await new ESLint({ cwd: repoRoot }).lintText(source, { filePath: path.join(repoRoot, file) });
	return result.messages.map((message) => message.ruleId ?? message.message);
}

const probe = (property: string) => `import type { INodeProperties } from 'n8n-workflow';\nexport const properties: INodeProperties[] = [\n${property}\n];\n`;

describe('n8n community-package scanner', () => {
	it('finds no error in package.json, nodes/ and credentials/', () => {
		const result = scanSource();
		expect(result.output).toMatch(/\[scan\] source \(package\.json, \{nodes,credentials\}\/\*\*\/\*\.\{js,ts,json\}\): \d+ files, 0 errors, \d+ warnings/);
		expect(result.status, result.output).toBe(0);
	}, 60_000);

	it('is wired into the project lint: the rules it found broken here are errors in eslint.config.mjs too', async () => {
		const operation = "{ displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, options: [{ name: 'Test', value: 'test', action: 'Test the Prowlarr connection' }], default: 'test' },";
		expect(await ruleIds('nodes/Probe/actions/probe.ts', probe(operation))).toContain('n8n-nodes-base/node-param-operation-option-action-miscased');
		const limit = "{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 100, description: 'Max number of results to return' },";
		expect(await ruleIds('nodes/Probe/actions/probe.ts', probe(limit))).toContain('n8n-nodes-base/node-param-default-wrong-for-limit');
		const json = "{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'e.g. {{ $json.outcome }}' },";
		expect(await ruleIds('nodes/Probe/actions/probe.ts', probe(json))).toContain('n8n-nodes-base/node-param-description-miscased-json');
	});
});
