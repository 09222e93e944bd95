import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AuthError, ERROR_CLASSES, NetworkError, RateLimitError } from '../../../clients/core/errors';
import { mapFailures, toApplicationFailure } from '../../src/activities/errors';
import { NON_RETRYABLE_ERROR_TYPES } from '../../src/workflows/policies';

const SECRET = 'sk-live-0123456789abcdef-secret';

describe('toApplicationFailure', () => {
	it('keeps the class name as type and follows `retryable` for every error class', () => {
		for (const [name, ErrorClass] of Object.entries(ERROR_CLASSES)) {
			const error = new ErrorClass(`${name} happened`, { service: 'Prowlarr' });
			const failure = toApplicationFailure(error) as ApplicationFailure;
			expect(failure).toBeInstanceOf(ApplicationFailure);
			expect(failure.type).toBe(name);
			expect(failure.nonRetryable).toBe(!error.retryable);
		}
	});

	it('the workflows list exactly the non-retryable error classes in nonRetryableErrorTypes', () => {
		const nonRetryable = Object.entries(ERROR_CLASSES)
			.filter(([, ErrorClass]) => !new ErrorClass('x', { service: 'x' }).retryable)
			.map(([name]) => name);
		expect([...NON_RETRYABLE_ERROR_TYPES].sort()).toEqual(nonRetryable.sort());
	});

	it('turns Retry-After into nextRetryDelay', () => {
		const failure = toApplicationFailure(new RateLimitError('slow down', { service: 'AniList', retryAfterMs: 42_000 })) as ApplicationFailure;
		expect(failure.nextRetryDelay).toBe(42_000);
		expect((toApplicationFailure(new NetworkError('down', { service: 'x' })) as ApplicationFailure).nextRetryDelay).toBeUndefined();
	});

	it('scrubs secrets from message, details and stack, and drops the cause (HTTP errors carry request headers)', () => {
		const cause = Object.assign(new Error('request failed'), { config: { headers: { 'X-Api-Key': SECRET } } });
		const error = new AuthError(`Prowlarr refused key ${SECRET}`, { service: 'Prowlarr', url: `http://p:9696/api/v1/health?apikey=${SECRET}`, cause });
		const failure = toApplicationFailure(error, [SECRET]) as ApplicationFailure;
		const everything = JSON.stringify({ message: failure.message, details: failure.details, stack: failure.stack });
		expect(everything).not.toContain(SECRET);
		expect(failure.message).toContain('...f-secret');
		expect(failure.cause).toBeUndefined();
		expect(failure.details?.[0]).toMatchObject({ name: 'AuthError', kind: 'auth', service: 'Prowlarr', retryable: false });
	});

	it('treats unknown errors as retryable under their own name, and passes failures and cancellation through', () => {
		const failure = toApplicationFailure(new TypeError(`x of ${SECRET}`), [SECRET]) as ApplicationFailure;
		expect(failure.type).toBe('TypeError');
		expect(failure.nonRetryable).toBe(false);
		expect(failure.message).not.toContain(SECRET);
		const mapped = ApplicationFailure.nonRetryable('already mapped', 'Custom');
		expect(toApplicationFailure(mapped)).toBe(mapped);
		const cancelled = new CancelledFailure('cancelled');
		expect(toApplicationFailure(cancelled)).toBe(cancelled);
	});

	it('mapFailures maps what the body throws and returns what it returns', async () => {
		await expect(mapFailures([], async () => 7)).resolves.toBe(7);
		await expect(
			mapFailures([], async () => {
				throw new AuthError('no', { service: 'x' });
			}),
		).rejects.toMatchObject({ type: 'AuthError', nonRetryable: true });
	});
});
