import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { quietRuntime, workflowBundle } from '../support/temporal';

/**
 * Histories recorded from real runs (workflows.test.ts with MEDIASTACK_RECORD_FIXTURES=1) must
 * still replay against today's workflow code: a change that would break running workflows
 * after an upgrade fails here. Needs no server.
 */
const FIXTURES = path.join(__dirname, 'fixtures');

function fixtures() {
	return readdirSync(FIXTURES)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({ workflowId: path.basename(file, '.json'), history: historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))) }));
}

describe('workflow replay', () => {
	quietRuntime();

	it('has recorded histories of both workflows to replay', () => {
		const types = fixtures().map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name);
		expect(types.sort()).toEqual(['prowlarrTest', 'serviceHealthCheck']);
	});

	it('replays every recorded history without a determinism violation', async () => {
		const results = [];
		for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, fixtures())) results.push(result);
		expect(results).toHaveLength(fixtures().length);
		for (const result of results) expect(result.error, result.workflowId).toBeUndefined();
	});

	it('catches an incompatible change to a workflow', async () => {
		const changed = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'support', 'reordered-workflows.ts'), logger: silent });
		const history = fixtures().find((fixture) => fixture.workflowId === 'service-health-check')!.history;
		await expect(Worker.runReplayHistory({ workflowBundle: changed }, history, 'service-health-check')).rejects.toBeInstanceOf(DeterminismViolationError);
	});
});

const silent = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
