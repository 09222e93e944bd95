import { rmSync } from 'node:fs';
import { Client, ScheduleDescription, ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATCHUP_WINDOW, SERVICE_HEALTH_SCHEDULE_ID, ScheduleConfig, applySchedules } from '../../src/temporal/schedules';
import { TestTemporal, makeTempDir, startTestTemporal, testConfig } from '../support/temporal';

let temporal: TestTemporal;
let client: Client;
let dataDir: string;

beforeAll(async () => {
	temporal = await startTestTemporal();
	client = temporal.env.client;
	dataDir = makeTempDir('mediastack-schedules-');
});

afterAll(async () => {
	await temporal?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

function config(schedule: { enabled?: boolean; cron?: string }, timezone = 'Europe/Berlin'): ScheduleConfig {
	return testConfig({
		dataDir,
		timezone,
		temporal: { task_queue: 'mediastack-schedules-test' },
		schedules: { service_health: { enabled: schedule.enabled ?? true, cron: schedule.cron ?? '*/15 * * * *' } },
	});
}

function describeHealth(): Promise<ScheduleDescription> {
	return client.schedule.getHandle(SERVICE_HEALTH_SCHEDULE_ID).describe();
}

/** What the schedule is, without run-time info (next action times, recent actions). */
function definition(description: ScheduleDescription): unknown {
	return { schedule: description.raw.schedule, conflictToken: Buffer.from(description.raw.conflictToken ?? []).toString('hex') };
}

describe('applySchedules', () => {
	it('creates the health schedule once; a second run changes nothing and leaves other schedules alone', async () => {
		const other = await client.schedule.create({
			scheduleId: 'someone-elses-schedule',
			spec: { cronExpressions: ['0 3 * * *'] },
			action: { type: 'startWorkflow', workflowType: 'nightlyBackup', taskQueue: 'elsewhere', args: [] },
			state: { paused: true, note: 'not ours' },
		});
		const otherBefore = definition(await other.describe());

		expect(await applySchedules(client, config({}))).toEqual([{ id: SERVICE_HEALTH_SCHEDULE_ID, outcome: 'created', enabled: true, cron: '*/15 * * * *' }]);
		const first = await describeHealth();
		expect(first.action).toMatchObject({ type: 'startWorkflow', workflowType: 'serviceHealthCheck', taskQueue: 'mediastack-schedules-test', args: [{}] });
		expect(first.spec.timezone).toBe('Europe/Berlin');
		expect(first.spec.calendars?.[0]?.minute).toEqual([{ start: 0, end: 59, step: 15 }]);
		expect(first.policies.overlap).toBe('SKIP');
		expect(first.policies.catchupWindow).toBe(5 * 60_000);
		expect(CATCHUP_WINDOW).toBe('5 minutes');
		expect(first.state.paused).toBe(false);

		expect((await applySchedules(client, config({})))[0].outcome).toBe('unchanged');
		expect(definition(await describeHealth())).toEqual(definition(first));
		expect(definition(await other.describe())).toEqual(otherBefore);
	});

	it('updates the schedule when the cron or time zone changes', async () => {
		expect((await applySchedules(client, config({ cron: '0 * * * *' }, 'UTC')))[0].outcome).toBe('updated');
		const updated = await describeHealth();
		expect(updated.spec.timezone).toBe('UTC');
		expect(updated.spec.calendars?.[0]?.minute).toEqual([{ start: 0, end: 0, step: 1 }]);
		expect((await applySchedules(client, config({ cron: '0 * * * *' }, 'UTC')))[0].outcome).toBe('unchanged');
	});

	it('pauses it when disabled and resumes it when enabled again', async () => {
		expect((await applySchedules(client, config({ enabled: false })))[0].outcome).toBe('paused');
		const paused = await describeHealth();
		expect(paused.state.paused).toBe(true);
		expect(paused.state.note).toContain('schedules.service_health.enabled: false');
		expect((await applySchedules(client, config({ enabled: false })))[0].outcome).toBe('unchanged');

		expect((await applySchedules(client, config({ enabled: true })))[0].outcome).toBe('updated');
		expect((await describeHealth()).state.paused).toBe(false);
	});

	it('resumes a schedule someone paused by hand, since the config says enabled', async () => {
		await client.schedule.getHandle(SERVICE_HEALTH_SCHEDULE_ID).pause('paused in the UI');
		expect((await applySchedules(client, config({})))[0].outcome).toBe('updated');
		expect((await describeHealth()).state.paused).toBe(false);
	});

	it('does not create a disabled schedule that does not exist', async () => {
		await client.schedule.getHandle(SERVICE_HEALTH_SCHEDULE_ID).delete();
		expect((await applySchedules(client, config({ enabled: false })))[0].outcome).toBe('absent');
		await expect(describeHealth()).rejects.toBeInstanceOf(ScheduleNotFoundError);
	});
});
