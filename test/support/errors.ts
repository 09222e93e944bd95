import { expect } from 'vitest';
import { MediastackError } from '../../clients/core/errors';

/** Everything an error could show a user or a log: message, stack, JSON summary, and the same for its causes. */
export function everythingShown(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current instanceof Error) {
			// JSON.stringify uses a MediastackError's toJSON(), and shows any other error's own fields.
			parts.push(current.message, current.stack ?? '', JSON.stringify(current));
			current = (current as { cause?: unknown }).cause;
		} else {
			parts.push(String(current));
			break;
		}
	}
	return parts.join('\n');
}

/** The typed error a call fails with; the test fails when it succeeds or throws anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<MediastackError> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeInstanceOf(MediastackError);
	return outcome as MediastackError;
}
