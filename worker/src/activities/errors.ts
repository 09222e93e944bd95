import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MediastackError, isMediastackError } from '../../../clients/core/errors';
import { scrubSecrets } from '../../../clients/core/redact';
import { scrubText, scrubValue } from '../state/scrub';

/**
 * The one place where a client error becomes a Temporal failure. The failure's `type` is the
 * error class name (what `nonRetryableErrorTypes` and callers match on), `nonRetryable` follows
 * the error's own `retryable`, and a rate limit's `retryAfterMs` becomes `nextRetryDelay` so
 * Temporal waits as long as the service asked.
 *
 * Everything in a failure is written to the workflow history (and the history DB on disk), so
 * the message, details and stack are scrubbed of secrets, and the original error is not
 * attached as `cause`: HTTP library errors carry request headers, including API keys.
 */
export function toApplicationFailure(error: unknown, secrets: ReadonlyArray<string | undefined> = []): Error {
	// Cancellation and failures that were already mapped pass through untouched.
	if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return error;
	const clean = (text: string): string => scrubForHistory(text, secrets);
	if (isMediastackError(error)) {
		const failure = ApplicationFailure.create({
			message: clean(error.message),
			type: error.name,
			nonRetryable: !error.retryable,
			nextRetryDelay: retryAfterMs(error),
			details: [scrubValue(JSON.parse(clean(JSON.stringify(error.toJSON()))))],
		});
		failure.stack = error.stack === undefined ? undefined : clean(error.stack);
		return failure;
	}
	// A bug (TypeError, ...) or an unexpected library error: retryable, as Temporal would treat it.
	const name = error instanceof Error ? error.name || 'Error' : 'Error';
	const message = error instanceof Error ? error.message : String(error);
	const failure = ApplicationFailure.create({ message: clean(message), type: name, nonRetryable: false });
	failure.stack = error instanceof Error && error.stack !== undefined ? clean(error.stack) : undefined;
	return failure;
}

/** Masks the given secrets and every secret registered with the runner's scrubber. */
export function scrubForHistory(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	return scrubText(scrubSecrets(text, [...secrets]));
}

function retryAfterMs(error: MediastackError): number | undefined {
	const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Runs an activity body and maps whatever it throws. */
export async function mapFailures<T>(secrets: ReadonlyArray<string | undefined>, body: () => Promise<T>): Promise<T> {
	try {
		return await body();
	} catch (error) {
		throw toApplicationFailure(error, secrets);
	}
}
