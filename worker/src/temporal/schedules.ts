import { createHash } from 'node:crypto';
import { Client, ScheduleAlreadyRunning, ScheduleDescription, ScheduleNotFoundError, ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { DEFAULTS, MediastackConfig } from '../config/schema';

/**
 * The config is the source of truth for mediastack's schedules. At every start each one is
 * created, updated or paused to match it; schedules with other ids are never touched. A
 * fingerprint of the wanted settings is kept in the schedule's note, so an unchanged config
 * leaves the schedule alone (no update, no new conflict token) and a changed one replaces it.
 */
export const SERVICE_HEALTH_SCHEDULE_ID = 'mediastack-service-health';
export const MAM_SESSION_CHECK_SCHEDULE_ID = 'mediastack-mam-session-check';

/** Missed runs older than this are dropped after downtime; one late health check is enough. */
export const CATCHUP_WINDOW = '5 minutes';
/** Bounds a stuck run, which would otherwise make SKIP skip every later one. */
export const RUN_TIMEOUT = '10 minutes';
/** A daily check missed by a few hours (the machine was off at 08:00) still runs when it is back. */
export const MAM_CATCHUP_WINDOW = '12 hours';

const NOTE_PREFIX = 'managed by mediastack';

export type ScheduleConfig = Pick<MediastackConfig, 'timezone' | 'schedules'> & {
	temporal: Pick<MediastackConfig['temporal'], 'task_queue'>;
	mam?: Pick<NonNullable<MediastackConfig['mam']>, 'sessions'>;
};

export interface WantedSchedule {
	id: string;
	/** The config key that controls it, for messages. */
	configKey: string;
	enabled: boolean;
	options: ScheduleOptions;
	/** Not reported while it does not exist and is not wanted (the MAM check without MAM sessions). */
	omitWhenAbsent?: boolean;
}

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged' | 'paused' | 'absent';

export interface ScheduleResult {
	id: string;
	outcome: ScheduleOutcome;
	enabled: boolean;
	cron?: string;
}

export function wantedSchedules(config: ScheduleConfig): WantedSchedule[] {
	const health = config.schedules.service_health;
	return [
		{
			id: SERVICE_HEALTH_SCHEDULE_ID,
			configKey: 'schedules.service_health',
			enabled: health.enabled,
			options: {
				scheduleId: SERVICE_HEALTH_SCHEDULE_ID,
				spec: { cronExpressions: [health.cron], timezone: config.timezone },
				action: {
					type: 'startWorkflow',
					workflowType: 'serviceHealthCheck',
					// Empty input: the workflow asks the config which services exist at run time.
					args: [{}],
					taskQueue: config.temporal.task_queue,
					workflowId: SERVICE_HEALTH_SCHEDULE_ID,
					workflowRunTimeout: RUN_TIMEOUT,
				},
				policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW },
			},
		},
		mamSessionCheckSchedule(config),
	];
}

/** The daily MAM session check; paused (or never created) while no session is configured. */
function mamSessionCheckSchedule(config: ScheduleConfig): WantedSchedule {
	const setting = config.schedules.mam_session_check ?? DEFAULTS.schedules.mam_session_check;
	const hasSessions = (config.mam?.sessions.length ?? 0) > 0;
	return {
		id: MAM_SESSION_CHECK_SCHEDULE_ID,
		configKey: 'schedules.mam_session_check',
		enabled: setting.enabled && hasSessions,
		omitWhenAbsent: true,
		options: {
			scheduleId: MAM_SESSION_CHECK_SCHEDULE_ID,
			spec: { cronExpressions: [setting.cron], timezone: config.timezone },
			action: {
				type: 'startWorkflow',
				workflowType: 'mamSessionCheck',
				// Empty input: the workflow asks the config which sessions exist at run time.
				args: [{}],
				taskQueue: config.temporal.task_queue,
				workflowId: MAM_SESSION_CHECK_SCHEDULE_ID,
				workflowRunTimeout: RUN_TIMEOUT,
			},
			policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: MAM_CATCHUP_WINDOW },
		},
	};
}

/** Creates, updates or pauses every mediastack schedule to match the config. */
export async function applySchedules(client: Client, config: ScheduleConfig): Promise<ScheduleResult[]> {
	const results: ScheduleResult[] = [];
	for (const wanted of wantedSchedules(config)) {
		const result = await applySchedule(client, wanted);
		if (!(wanted.omitWhenAbsent && result.outcome === 'absent')) results.push(result);
	}
	return results;
}

export async function applySchedule(client: Client, wanted: WantedSchedule): Promise<ScheduleResult> {
	const note = noteFor(wanted);
	const cron = wanted.options.spec.cronExpressions?.[0];
	const result = (outcome: ScheduleOutcome): ScheduleResult => ({ id: wanted.id, outcome, enabled: wanted.enabled, cron });
	const handle = client.schedule.getHandle(wanted.id);
	const current = await describeIfExists(client, wanted.id);
	if (!current) {
		// A disabled schedule that never existed stays absent rather than being created paused.
		if (!wanted.enabled) return result('absent');
		try {
			await client.schedule.create({ ...wanted.options, state: { paused: false, note } });
			return result('created');
		} catch (error) {
			// Another runner created it between our describe and create: fall through to update.
			if (!(error instanceof ScheduleAlreadyRunning)) throw error;
		}
	} else if (matches(current, wanted, note)) {
		return result('unchanged');
	}
	await handle.update(() => ({
		spec: wanted.options.spec,
		action: wanted.options.action,
		policies: wanted.options.policies,
		state: { paused: !wanted.enabled, note },
	}));
	return result(wanted.enabled ? 'updated' : 'paused');
}

async function describeIfExists(client: Client, id: string): Promise<ScheduleDescription | undefined> {
	try {
		return await client.schedule.getHandle(id).describe();
	} catch (error) {
		if (error instanceof ScheduleNotFoundError) return undefined;
		throw error;
	}
}

/**
 * The server compiles cron strings into calendars, so the described spec cannot be compared
 * with the config directly; the fingerprint in the note stands in for it. The fields someone
 * may change by hand in the UI (pause, task queue) are compared as well.
 */
function matches(current: ScheduleDescription, wanted: WantedSchedule, note: string): boolean {
	return (
		current.state.note === note &&
		current.state.paused === !wanted.enabled &&
		current.action.workflowType === wanted.options.action.workflowType &&
		current.action.taskQueue === wanted.options.action.taskQueue &&
		current.policies.overlap === wanted.options.policies?.overlap
	);
}

function noteFor(wanted: WantedSchedule): string {
	const fingerprint = createHash('sha256').update(JSON.stringify({ enabled: wanted.enabled, options: wanted.options })).digest('hex').slice(0, 16);
	const status = wanted.enabled ? '' : ` (disabled by ${wanted.configKey}.enabled: false)`;
	return `${NOTE_PREFIX}${status}; config ${fingerprint}`;
}
