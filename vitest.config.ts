import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'worker/test/**/*.test.ts'],
		// Real servers (Temporal, n8n, Debian daemons) start inside tests; give them room.
		testTimeout: 60_000,
		hookTimeout: 180_000,
		pool: 'forks',
		// Two cores: run files two at a time so real servers do not starve each other.
		poolOptions: { forks: { maxForks: 2, minForks: 1 } },
		reporters: ['default', './test/support/summary-reporter.ts'],
	},
});
