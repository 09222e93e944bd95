// Two worlds in one repository. Everything shipped in the n8n package (nodes/, credentials/
// and the clients/ they import) follows the community-node rules, including the n8n Cloud
// import and global restrictions. Tests, the runner, benchmarks and scripts never ship to
// n8n and get plain typescript-eslint.
import { builtinModules } from 'node:module';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const SHIPPED = ['nodes/**/*.ts', 'credentials/**/*.ts', 'clients/**/*.ts'];
const TOOLING = [
	'test/**/*.{ts,mts,cts,js,mjs,cjs}',
	'worker/src/**/*.{ts,mts,cts,js,mjs,cjs}',
	'worker/test/**/*.{ts,mts,cts,js,mjs,cjs}',
	'bench/**/*.{ts,mts,cts,js,mjs,cjs}',
	'scripts/**/*.{ts,mts,cts,js,mjs,cjs}',
	'vitest.config.ts',
];

const { recommended } = n8nCommunityNodesPlugin.configs;

// n8n's community-package scanner (@n8n/scan-community-package 0.32, buildScanConfig) also runs
// eslint-plugin-n8n-nodes-base's community, credentials and nodes rule sets, with these rules
// off. Wired the same way here, so an editor shows what the scanner would reject;
// scripts/scan-package.mjs (part of `npm run lint`) runs the scanner's own config on the source
// and on the packed tarball, where eslint-disable comments do not count.
const NODES_BASE = [
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];

// The architecture's boundaries, as import rules (see README, "Layout"): clients are shared by
// the n8n package and the runner, so they know neither; the n8n package never reaches into the
// runner; workflow code is replayed by Temporal, so it does no I/O of its own. Type-only imports
// are allowed across: they vanish from the compiled code.
const NODE_BUILTINS = [...builtinModules.filter((name) => !name.startsWith('_')), ...builtinModules.map((name) => `node:${name}`)];
const boundary = (patterns, paths = []) => ['error', { paths, patterns: patterns.map((pattern) => ({ allowTypeImports: true, ...pattern })) }];
const BOUNDARIES = [
	{
		files: ['clients/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': boundary([
				{ group: ['n8n-workflow', 'n8n-core', '@n8n/*', '@temporalio/*'], message: 'clients/ is shared by the n8n nodes and the runner: no n8n or Temporal imports here.' },
				{ group: ['**/nodes/**', '**/credentials/**', '**/worker/**'], message: 'clients/ must not depend on the n8n nodes, the credentials or the runner.' },
			]),
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': boundary([
				{ group: ['**/worker/**', '@temporalio/*'], message: 'The n8n package never imports the runner: it must install without it.' },
			]),
		},
	},
	{
		files: ['worker/src/workflows/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': boundary(
				[
					{ group: ['**/clients/**', '**/activities', '**/activities/**', '**/services/**', '**/state/**', '**/http/**', '**/notify/**', '**/mam/**', '**/config/**'], message: 'Workflow code is replayed by Temporal: do I/O in an activity and import activities as types only.' },
					{ group: ['axios', 'fastify', 'pino', 'nodemailer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code runs in Temporal\'s sandbox: only @temporalio/workflow and @temporalio/common.' },
				],
				NODE_BUILTINS.map((name) => ({ name, message: 'Workflow code is replayed by Temporal: no Node built-ins (do it in an activity).' })),
			),
		},
	},
];

export default tseslint.config(
	{
		ignores: ['dist/', 'worker/dist/', '**/node_modules/', 'coverage/', '**/*.d.ts'],
	},
	{
		files: SHIPPED,
		extends: [tseslint.configs.base],
		plugins: recommended.plugins,
		rules: recommended.rules,
	},
	{
		// Clients know nothing of n8n (the runner uses them too), so they cannot wrap errors in
		// NodeApiError; the node's error mapper does that once. The import and global rules stay.
		files: ['clients/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The package-level rules (no runtime dependencies, n8n section, peer dependencies...).
		// typescript-estree reads a .json file as one object expression, which these rules expect.
		files: ['package.json'],
		extends: [tseslint.configs.base],
		plugins: recommended.plugins,
		rules: recommended.rules,
	},
	...NODES_BASE,
	{
		files: TOOLING,
		extends: [tseslint.configs.recommended],
		rules: {
			// A leading underscore marks a deliberately unused name (a required signature, a stub).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
			],
		},
	},
	...BOUNDARIES.map((boundaryConfig) => ({ ...boundaryConfig, plugins: { '@typescript-eslint': tseslint.plugin } })),
	{
		// A promise nobody awaits in the runner is a failure nobody sees (and, in a workflow, a
		// non-deterministic one). Needs type information, so it reads the runner's tsconfig.
		files: ['worker/src/**/*.ts'],
		languageOptions: { parserOptions: { project: './worker/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
		rules: { '@typescript-eslint/no-floating-promises': 'error' },
	},
);
