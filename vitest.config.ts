import { defineConfig } from 'vitest/config';

import { N8N_LINE_ENV, n8nLinePackages } from './test/support/n8n-line';

const n8nV1 = n8nLinePackages(1);

export default defineConfig({
	test: {
		// Real servers (Temporal, n8n, Debian daemons) start inside tests; give them room.
		testTimeout: 60_000,
		hookTimeout: 180_000,
		pool: 'forks',
		// Two cores: run files two at a time so real servers do not starve each other.
		poolOptions: { forks: { maxForks: 2, minForks: 1 } },
		reporters: ['default', './test/support/summary-reporter.ts'],
		projects: [
			{
				extends: true,
				test: {
					name: 'main',
					include: ['test/**/*.test.ts', 'worker/test/**/*.test.ts'],
				},
			},
			{
				// The in-process node tests again, on n8n 1.x: n8n-core and n8n-workflow resolve to
				// n8n-core 1.x and the very n8n-workflow copy it requires (test/support/n8n-line.ts).
				extends: true,
				resolve: {
					alias: [
						{ find: /^n8n-core$/, replacement: n8nV1.core },
						{ find: /^n8n-workflow$/, replacement: n8nV1.workflow },
					],
				},
				test: {
					name: 'n8n-1',
					include: ['test/n8n/*.test.ts'],
					// N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 2.x's default; 1.x warns on every run without it.
					env: { [N8N_LINE_ENV]: '1', N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true' },
				},
			},
		],
	},
});
