import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { startRunner } from '../../src/runner';
import { isProcessAlive } from '../../src/temporal/lock';
import { SERVICE_HEALTH_SCHEDULE_ID } from '../../src/temporal/schedules';
import { TestTemporal, makeTempDir, startTestTemporal } from '../support/temporal';

/** With temporal.address set, the runner uses that server and starts none of its own. */
let temporal: TestTemporal;
let dataDir: string;

beforeAll(async () => {
	temporal = await startTestTemporal();
	dataDir = makeTempDir('mediastack-runner-external-');
});

afterAll(async () => {
	await temporal?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

const quiet = () => createLogger('error', { destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });

describe('startRunner with temporal.address set', () => {
	it('connects to that server, starts no embedded one, and leaves the server running on stop', async () => {
		const configPath = path.join(dataDir, 'config.yaml');
		writeFileSync(
			configPath,
			[`data_dir: ${dataDir}`, 'temporal:', `  address: '${temporal.server.address}'`, '  task_queue: external-test', 'api: { enabled: false }', 'services: {}', ''].join('\n'),
		);
		const runner = await startRunner({ configPath, logger: quiet() });
		try {
			expect(runner.temporalAddress).toBe(temporal.server.address);
			expect(runner.webUiUrl).toBeUndefined();
			expect(runner.apiUrl).toBeUndefined();
			expect(existsSync(path.join(dataDir, 'temporal'))).toBe(false);
			const health = await runner.health();
			expect(health).toMatchObject({ ok: true, temporal: { embedded: false, reachable: true, taskQueue: 'external-test' }, worker: { state: 'RUNNING' } });
			const schedule = await temporal.env.client.schedule.getHandle(SERVICE_HEALTH_SCHEDULE_ID).describe();
			expect(schedule.action.taskQueue).toBe('external-test');
		} finally {
			await runner.stop();
		}
		expect(isProcessAlive(temporal.server.pid)).toBe(true);
		expect((await temporal.env.client.workflowService.getSystemInfo({})).capabilities).toBeDefined();
	});

	it('fails quickly and clearly when nothing listens at temporal.address', async () => {
		const configPath = path.join(dataDir, 'unreachable.yaml');
		writeFileSync(configPath, [`data_dir: ${dataDir}`, 'temporal:', "  address: '127.0.0.1:9'", 'api: { enabled: false }', ''].join('\n'));
		const started = Date.now();
		await expect(startRunner({ configPath, logger: quiet() })).rejects.toThrow(/Temporal is not reachable at 127\.0\.0\.1:9/);
		expect(Date.now() - started).toBeLessThan(5_000);
		// The failed start released the data dir.
		expect(existsSync(path.join(dataDir, 'runner.lock'))).toBe(false);
	});
});
