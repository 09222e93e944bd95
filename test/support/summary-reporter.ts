import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own
 * summary (and into .cache/test-summary.txt), so CI logs can be read without knowing vitest's format.
 */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of testModules) {
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') passed++;
				else if (state === 'failed') failed++;
				else skipped++;
			}
			// A file that failed to load has no tests but still failed.
			if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
		}
		const line = `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
		process.stdout.write(`\n${line}\n`);
		// .ci/run prints it again as the very last line of the log.
		const dir = join(__dirname, '..', '..', '.cache');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'test-summary.txt'), line + '\n');
	}
}
