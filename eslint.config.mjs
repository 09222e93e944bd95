// Two worlds in one repository. Everything shipped in the n8n package (nodes/, credentials/
// and the clients/ they import) follows the community-node rules, including the n8n Cloud
// import and global restrictions. Tests, the runner, benchmarks and scripts never ship to
// n8n and get plain typescript-eslint.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
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
);
