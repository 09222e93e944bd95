import type { ActivityOptions, RetryPolicy } from '@temporalio/common';

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
