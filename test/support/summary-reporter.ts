import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface Counts {
	passed: number;
	failed: number;
	skipped: number;
}

/**
 * The closing line: `tests: N passed, N failed, N skipped`, and when several vitest projects ran
 * (test/n8n runs once per n8n line), what each contributed, e.g. `(main: 870 passed; n8n-1: 170 passed)`.
 * A file run by two projects counts in both: its tests ran twice.
 */
export function summaryLine(testModules: ReadonlyArray<TestModule>): string {
	const total: Counts = { passed: 0, failed: 0, skipped: 0 };
	const byProject = new Map<string, Counts>();
	for (const module of testModules) {
		const name = module.project.name || 'default';
		const counts = byProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
		byProject.set(name, counts);
		const count = (state: keyof Counts) => {
			total[state]++;
			counts[state]++;
		};
		for (const test of module.children.allTests()) {
			const state = test.result().state;
			if (state === 'passed') count('passed');
			else if (state === 'failed') count('failed');
			else count('skipped');
		}
		// A file that failed to load has no tests but still failed.
		if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count('failed');
	}
	const line = `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
	if (byProject.size < 2) return line;
	const parts = [...byProject].sort(([a], [b]) => a.localeCompare(b)).map(([name, counts]) => {
		const extra = [counts.failed ? `${counts.failed} failed` : '', counts.skipped ? `${counts.skipped} skipped` : ''].filter(Boolean);
		return [`${name}: ${counts.passed} passed`, ...extra].join(', ');
	});
	return `${line} (${parts.join('; ')})`;
}

/**
 * Prints the summary line after vitest's own summary (and into .cache/test-summary.txt), so CI
 * logs can be read without knowing vitest's format.
 */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		const line = summaryLine(testModules);
		process.stdout.write(`\n${line}\n`);
		// .ci/run prints it again as the very last line of the log.
		const dir = join(__dirname, '..', '..', '.cache');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'test-summary.txt'), line + '\n');
	}
}
