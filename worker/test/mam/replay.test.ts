import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { quietRuntime, workflowBundle } from '../support/temporal';

/**
 * Histories of real MAM workflow runs (workflows.test.ts with MEDIASTACK_RECORD_FIXTURES=1)
 * must replay against today's code: a change that would break rotations still running when
 * the runner is upgraded fails here. Needs no server.
 */
const FIXTURES = path.join(__dirname, 'fixtures');

function fixtures() {
	return readdirSync(FIXTURES)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({ workflowId: path.basename(file, '.json'), history: historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))) }));
}

describe('MAM workflow replay', () => {
	quietRuntime();

	it('has a recorded rotation, one MAM refused after rotating the cookie (recorded before the Prowlarr sync patch), and a recorded session check that started one', () => {
		const types = fixtures().map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name);
		expect(types.sort()).toEqual(['mamRotation', 'mamRotation', 'mamSessionCheck']);
		const refused = fixtures().find((fixture) => fixture.workflowId === 'mam-rotation-refused-rotated')!;
		expect(refused.history.events?.at(-1)?.workflowExecutionFailedEventAttributes?.failure?.message).toContain('Invalid session - ASN mismatch');
		expect(refused.history.events?.some((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(false);
		const check = fixtures().find((fixture) => fixture.workflowId === 'mam-session-check')!;
		expect(check.history.events?.some((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === 'mamRotation')).toBe(true);
	});

	it('replays every recorded history without a determinism violation', async () => {
		const results = [];
		for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, fixtures())) results.push(result);
		expect(results).toHaveLength(3);
		for (const result of results) expect(result.error, result.workflowId).toBeUndefined();
	});
});
