import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Which n8n line the in-process node tests run on. Users still run n8n 1.x (1.122 is its last
 * minor) next to 2.x, so vitest runs test/n8n twice: once on the devDependencies `n8n-core` /
 * `n8n-workflow` (2.x), once on `n8n-core-v1` (an npm alias of n8n-core 1.x) and the
 * n8n-workflow 1.x it depends on. The vitest project sets MEDIASTACK_N8N_LINE=1 for the latter.
 */
export type N8nLine = 1 | 2;

export const N8N_LINE_ENV = 'MEDIASTACK_N8N_LINE';

/** The package each line's n8n-core is installed as (see package.json devDependencies). */
const CORE_PACKAGE: Record<N8nLine, string> = { 1: 'n8n-core-v1', 2: 'n8n-core' };

export function currentN8nLine(): N8nLine {
	const value = process.env[N8N_LINE_ENV];
	if (value === undefined || value === '' || value === '2') return 2;
	if (value === '1') return 1;
	throw new Error(`${N8N_LINE_ENV} must be 1 or 2, not "${value}"`);
}

export interface N8nLinePackages {
	/** The CommonJS entry of the line's n8n-core. */
	core: string;
	/**
	 * The CommonJS entry of n8n-workflow exactly as that n8n-core requires it. n8n loads nodes
	 * with require(), so nodes and n8n-core share this one copy; any other copy (the ESM build,
	 * or another version) has error classes that fail n8n-core's instanceof checks.
	 */
	workflow: string;
	/** The folder of that n8n-workflow package. */
	workflowDir: string;
	/** Versions, for messages and the test title. */
	coreVersion: string;
	workflowVersion: string;
}

const repoRequire = createRequire(path.join(__dirname, '..', '..', 'package.json'));

export function n8nLinePackages(line: N8nLine = currentN8nLine()): N8nLinePackages {
	const core = repoRequire.resolve(CORE_PACKAGE[line]);
	const coreRequire = createRequire(core);
	const workflow = coreRequire.resolve('n8n-workflow');
	const version = (from: NodeJS.Require, name: string) => (from(`${name}/package.json`) as { version: string }).version;
	const workflowDir = path.dirname(coreRequire.resolve('n8n-workflow/package.json'));
	return { core, workflow, workflowDir, coreVersion: version(repoRequire, CORE_PACKAGE[line]), workflowVersion: version(coreRequire, 'n8n-workflow') };
}
