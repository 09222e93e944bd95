import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError, MediastackError, NetworkError, ProtocolError, RateLimitError, ServerError, ServiceInfo, TimeoutError } from '../../../clients/core/errors';
import type { Fault, FaultOptions, Violation } from '../../fakes/kit';
import { everythingShown, failureOf } from '../errors';

/**
 * The faults every client must report the same way, whatever the service: the same error
 * class, the same sentence with the service's name and fix, and never the credential in a
 * message or property. Each service's client test calls describeClientFaults once with its
 * fake, a way to build its client, and one cheap call.
 */

/** What the suite needs of a fake: an address, the credential it accepts, and the kit's fault switches. */
export interface FaultTarget {
	url: string;
	/** The credential the fake accepts (an API key, the runner's token). */
	apiKey: string;
	fault(fault: Fault, options?: FaultOptions): void;
	clearFaults(): void;
	stop(): Promise<void>;
	start(): Promise<void>;
	close(): Promise<void>;
	violations: Violation[];
}

export interface ClientFaultsSetup<C, T extends FaultTarget> {
	service: ServiceInfo;
	start(): Promise<T>;
	/** The client under test, with this base URL and credential (and a short timeout for the timeout case). */
	client(options: { baseUrl: string; apiKey: string; timeoutMs?: number }, target: T): C;
	/** One read the service answers with JSON. */
	call(client: C): Promise<unknown>;
	/** The request line the call sends, as messages name it: "GET /api/v3/series". */
	where: string;
	/**
	 * The service's own 401 body already says how to fix it (our runner's does): the message
	 * then carries that fix instead of ours.
	 */
	ownAuthFix?: boolean;
	/** A wrong credential of the service's shape (default: 32 hex digits). */
	wrongKey?: string;
}

const AUTHENTIK_PAGE = '<!DOCTYPE html><html><head><title>Login - Authentik</title></head><body><form method="post"></form></body></html>';

export function describeClientFaults<C, T extends FaultTarget>(setup: ClientFaultsSetup<C, T>): void {
	const { service, where } = setup;
	const name = service.name;

	describe(`${name} client faults (shared suite)`, () => {
		let target: T;
		const clientFor = (options: { apiKey?: string; timeoutMs?: number } = {}): C =>
			setup.client({ baseUrl: target.url, apiKey: options.apiKey ?? target.apiKey, timeoutMs: options.timeoutMs }, target);

		/** The credential must not show anywhere a user or a log could see it. */
		const expectNoSecret = (error: MediastackError, ...secrets: string[]): void => {
			const shown = everythingShown(error) + JSON.stringify(Object.entries(error));
			for (const secret of [target.apiKey, ...secrets]) expect(shown).not.toContain(secret);
		};

		beforeEach(async () => {
			target = await setup.start();
		});

		afterEach(async () => {
			await target.close();
		});

		it(`reports ${name} being down as a retryable NetworkError naming the address and the fix, and works again once it is back`, async () => {
			const client = clientFor();
			await target.stop();
			const error = await failureOf(setup.call(client));
			expect(error).toBeInstanceOf(NetworkError);
			expect(error.retryable).toBe(true);
			expect(error.message).toBe(`${name} is not reachable at ${target.url} (connection refused). Fix: ${service.reachFix}`);
			expect(error.fix).toBe(service.reachFix);
			expectNoSecret(error);
			await target.start();
			await expect(setup.call(client)).resolves.toBeDefined();
		});

		it('reports a connection reset as a retryable NetworkError', async () => {
			target.fault({ kind: 'reset' }, { times: 1 });
			const error = await failureOf(setup.call(clientFor()));
			expect(error).toBeInstanceOf(NetworkError);
			expect(error.retryable).toBe(true);
			expect(error.message).toBe(`${name} is not reachable at ${target.url} (connection reset). Fix: ${service.reachFix}`);
			expectNoSecret(error);
		});

		it('gives up after the timeout with a retryable TimeoutError naming the fix', async () => {
			target.fault({ kind: 'delay', ms: 2_000 }, { times: 1 });
			const started = Date.now();
			const error = await failureOf(setup.call(clientFor({ timeoutMs: 150 })));
			expect(Date.now() - started).toBeLessThan(1_500);
			expect(error).toBeInstanceOf(TimeoutError);
			expect(error.retryable).toBe(true);
			expect(error.message).toBe(`${name} did not answer within 150 ms at ${target.url}. Fix: ${service.reachFix}`);
			expectNoSecret(error);
		});

		it('explains an HTML page (a proxy login) as a ProtocolError', async () => {
			target.fault({ kind: 'html', body: AUTHENTIK_PAGE });
			const error = await failureOf(setup.call(clientFor()));
			expect(error).toBeInstanceOf(ProtocolError);
			expect(error.retryable).toBe(false);
			expect(error.message).toBe(
				`${name} answered ${where} with an HTML page ("Login - Authentik") where JSON was expected. Fix: check the URL points at ${name} itself, with its URL base, and not at a reverse proxy or login page.`,
			);
			expectNoSecret(error);
		});

		it('reports 503 as a retryable ServerError, and recovers when the fault passes', async () => {
			const client = clientFor();
			target.fault({ kind: 'status', status: 503 }, { times: 1 });
			const error = await failureOf(setup.call(client));
			expect(error).toBeInstanceOf(ServerError);
			expect(error.retryable).toBe(true);
			expect(error.status).toBe(503);
			expect(error.message).toBe(`${name} failed with HTTP 503 on ${where}: Service Unavailable. It is usually temporary; check ${name}'s logs if it persists.`);
			await expect(setup.call(client)).resolves.toBeDefined();
		});

		it('quotes the service’s own message of a 500', async () => {
			target.fault({ kind: 'status', status: 500, body: { message: 'database is locked' } }, { times: 1 });
			const error = await failureOf(setup.call(clientFor()));
			expect(error).toBeInstanceOf(ServerError);
			expect(error.message).toBe(`${name} failed with HTTP 500 on ${where}: database is locked. It is usually temporary; check ${name}'s logs if it persists.`);
			expectNoSecret(error);
		});

		it('reports 429 as a RateLimitError carrying Retry-After as retryAfterMs', async () => {
			target.fault({ kind: 'status', status: 429, body: '', headers: { 'retry-after': '30' } });
			const error = await failureOf(setup.call(clientFor()));
			expect(error).toBeInstanceOf(RateLimitError);
			expect(error.retryable).toBe(true);
			expect((error as RateLimitError).retryAfterMs).toBe(30_000);
			expect(error.message).toBe(`${name} is rate limiting requests (HTTP 429 on ${where}); try again in 30 s.`);
			target.clearFaults();
			await expect(setup.call(clientFor())).resolves.toBeDefined();
		});

		it(`reports a refused credential as a non-retryable AuthError naming ${name} and the fix, without either key`, async () => {
			const wrongKey = setup.wrongKey ?? '0123456789abcdef0123456789abcdef';
			const error = await failureOf(setup.call(clientFor({ apiKey: wrongKey })));
			expect(error).toBeInstanceOf(AuthError);
			expect(error.status).toBe(401);
			expect(error.retryable).toBe(false);
			expect(error.message.startsWith(`${name} refused the credentials (HTTP 401 on ${where})`)).toBe(true);
			expect(error.message).toContain('Fix:');
			if (!setup.ownAuthFix) expect(error.message.endsWith(`Fix: ${service.authFix}`)).toBe(true);
			expect(error.fix).toBe(service.authFix);
			expectNoSecret(error, wrongKey);
			// A wrong key is the fake answering like the service, not a broken request.
			expect(target.violations).toEqual([]);
		});

		it('refuses a base URL without a scheme before sending anything, as a ConfigError naming an example', () => {
			const build = () => setup.client({ baseUrl: '127.0.0.1:1234', apiKey: target.apiKey }, target);
			expect(build).toThrow(ConfigError);
			const subject = /^the /i.test(name) ? name : `The ${name}`;
			expect(build).toThrow(`${subject} URL "127.0.0.1:1234" is not an http:// or https:// address with a host. Fix: give the address ${name} answers at, including its URL base if one is set, e.g. ${service.exampleUrl}.`);
		});
	});
}
