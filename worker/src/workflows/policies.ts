import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/common';

/**
 * Retry policies for activities. Pure data: imported by workflow code.
 *
 * Errors that retrying cannot fix. The activities already mark them nonRetryable (see
 * activities/errors.ts); listing them here too keeps a thrown-but-unmapped error of these
 * types from being retried. A test checks this list against the error classes.
 */
export const NON_RETRYABLE_ERROR_TYPES = ['AuthError', 'ProtocolError', 'ConfigError', 'NotFoundError', 'ClientError'];

/** Reads are safe to repeat: more attempts, backing off to half a minute. */
export const READ_RETRY: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '30 seconds',
	maximumAttempts: 5,
	nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
};

/** Writes may have happened before the failure was seen: few attempts. */
export const WRITE_RETRY: RetryPolicy = {
	initialInterval: '2 seconds',
	backoffCoefficient: 2,
	maximumInterval: '30 seconds',
	maximumAttempts: 3,
	nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
};

/** A Prowlarr call may take the service's timeout (30 s by default) twice in one activity. */
export const READ_ACTIVITY: ActivityOptions = { startToCloseTimeout: '2 minutes', retry: READ_RETRY };
export const WRITE_ACTIVITY: ActivityOptions = { startToCloseTimeout: '30 seconds', retry: WRITE_RETRY };

/**
 * A MAM call rotates the cookie it was given, which is saved first: repeating it loses nothing.
 * It heartbeats, so a worker that dies during the call is noticed within 5 seconds (not at the
 * start-to-close timeout) and the call runs again 2 seconds later on the next worker, while the
 * user who started it is still waiting.
 */
export const MAM_CALL_ACTIVITY: ActivityOptions = {
	startToCloseTimeout: '2 minutes',
	heartbeatTimeout: '5 seconds',
	retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
};

/**
 * Pushing the cookie to Prowlarr retries until Prowlarr is back: every second at first, then
 * at most once a minute, for up to a day. It is idempotent (it skips the write when Prowlarr
 * already holds the cookie), so a retry after a crash in the middle does not write twice. The
 * heartbeat lets another worker take over within half a minute when this one dies.
 */
export const PROWLARR_PUSH_RETRY: RetryPolicy = {
	initialInterval: '1 second',
	backoffCoefficient: 2,
	maximumInterval: '1 minute',
	// No maximumAttempts: no limit on attempts; the schedule-to-close timeout bounds them.
	nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
};
export const PROWLARR_PUSH_ACTIVITY: ActivityOptions = {
	startToCloseTimeout: '5 minutes',
	heartbeatTimeout: '30 seconds',
	scheduleToCloseTimeout: '24 hours',
	retry: PROWLARR_PUSH_RETRY,
};

/**
 * A batch of up to 100 session checks; repeating one is harmless (markers, the latch and the
 * notification keys prevent duplicate messages). The heartbeat notices a dead worker within
 * 15 seconds.
 */
export const MAM_CHECK_ACTIVITY: ActivityOptions = {
	startToCloseTimeout: '15 minutes',
	heartbeatTimeout: '15 seconds',
	retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 2, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
};

/** Sending never throws for a channel; a retry would only repeat messages that already went out. */
export const NOTIFY_ACTIVITY: ActivityOptions = {
	startToCloseTimeout: '3 minutes',
	retry: { maximumAttempts: 1 },
};

/** Local bookkeeping (config, state, event log): quick, and safe to repeat. */
export const LOCAL_READ_ACTIVITY: LocalActivityOptions = { startToCloseTimeout: '30 seconds', retry: READ_RETRY };
export const LOCAL_WRITE_ACTIVITY: LocalActivityOptions = { startToCloseTimeout: '30 seconds', retry: WRITE_RETRY };
/** Like NOTIFY_ACTIVITY, run in the workflow's own worker. */
export const LOCAL_NOTIFY_ACTIVITY: LocalActivityOptions = { startToCloseTimeout: '3 minutes', retry: { maximumAttempts: 1 } };
