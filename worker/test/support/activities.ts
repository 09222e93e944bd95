import { ApplicationFailure } from '@temporalio/common';
import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { expect } from 'vitest';

/**
 * A mock activity context whose log shows errors only: the tests assert the failures, and the
 * SDK's "activity failed" warnings would only repeat them.
 */
export function quietActivityEnvironment(info?: Partial<Info>): MockActivityEnvironment {
	return new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
}

/** The ApplicationFailure an activity's promise rejects with; anything else fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(ApplicationFailure);
	return error as ApplicationFailure;
}
