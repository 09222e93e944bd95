import type { TestModule } from 'vitest/node';
import { describe, expect, it } from 'vitest';

import { summaryLine } from './summary-reporter';

type State = 'passed' | 'failed' | 'skipped' | 'pending';

/** The part of vitest's TestModule the summary reads. */
function module(project: string, states: State[], moduleState: 'passed' | 'failed' = states.includes('failed') ? 'failed' : 'passed'): TestModule {
	const tests = states.map((state) => ({ result: () => ({ state }) }));
	return {
		project: { name: project },
		state: () => moduleState,
		children: { allTests: () => tests[Symbol.iterator]() },
	} as unknown as TestModule;
}

describe('test summary line', () => {
	it('counts passed, failed and skipped tests, with no breakdown for one project', () => {
		expect(summaryLine([module('main', ['passed', 'passed', 'failed']), module('main', ['skipped', 'pending'])])).toBe('tests: 2 passed, 1 failed, 2 skipped');
	});

	it('counts a file that failed to load as one failure', () => {
		expect(summaryLine([module('main', [], 'failed'), module('main', ['passed'])])).toBe('tests: 1 passed, 1 failed, 0 skipped');
	});

	it('counts a file each project ran in both, and says what each project contributed', () => {
		const line = summaryLine([module('main', ['passed', 'passed']), module('n8n-1', ['passed', 'failed']), module('main', ['skipped']), module('n8n-1', [], 'failed')]);
		expect(line).toBe('tests: 3 passed, 2 failed, 1 skipped (main: 2 passed, 1 skipped; n8n-1: 1 passed, 2 failed)');
	});
});
