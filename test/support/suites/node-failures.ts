import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { ServiceInfo } from '../../../clients/core/errors';
import type { Fault, FaultOptions, RecordedRequest } from '../../fakes/kit';
import { PACKAGE_NAME, errorText, runWorkflow, singleNodeWorkflow, testCredential } from '../../n8n/harness';

/** What the shared node suites need of a service's fake. */
export interface SuiteFake {
	url: string;
	apiKey: string;
	readonly requests: RecordedRequest[];
	fault(fault: Fault, options?: FaultOptions): void;
	clearFaults(): void;
	stop(): Promise<void>;
	start(): Promise<void>;
}

export interface NodeFailureSuite {
	service: ServiceInfo;
	/** The node's `name`, e.g. `sonarr`. */
	nodeName: string;
	credentialType: string;
	fake: () => SuiteFake;
	/** A working credential for the fake. */
	credentials: (fake: SuiteFake) => ICredentialDataDecryptedObject;
	/** The same credential with a wrong key (whatever the service calls it). */
	wrongCredentials: (fake: SuiteFake) => ICredentialDataDecryptedObject;
	/** Parameters of a cheap read that makes one request per item. */
	parameters: INodeParameters;
	/** The path that read requests, e.g. `/api/v3/system/status` (for messages). */
	path: string;
}

/**
 * How every service's node fails, the same way: Continue On Fail turns a failing item into an
 * error item paired with its input and carries on; without it the run stops at that item,
 * naming its index; a wrong key, an unreachable service, a login page and a 5xx each read as
 * the client's sentence with the service's name and fix; no credential ever shows.
 */
export function describeNodeFailures(suite: NodeFailureSuite): void {
	const node = { id: suite.nodeName, name: suite.service.name, type: `${PACKAGE_NAME}.${suite.nodeName}` };
	const run = (credentials: ICredentialDataDecryptedObject, extra: Parameters<typeof singleNodeWorkflow>[2] = {}, items = 1) =>
		runWorkflow(singleNodeWorkflow(node, suite.parameters, extra), {
			credentials: { [suite.credentialType]: credentials },
			triggerItems: Array.from({ length: items }, (_unused, index) => ({ index })),
		});
	const where = (method = 'GET') => `${method} ${suite.path}`;

	describe(`${suite.service.name} node: failures (shared suite)`, () => {
		it('turns a failing item into an error item with Continue On Fail, paired with its input, and carries on', async () => {
			const fake = suite.fake();
			fake.fault({ kind: 'status', status: 500, body: { message: 'Database is locked' } }, { times: 1 });
			const result = await run(suite.credentials(fake), { onError: 'continueRegularOutput' }, 2);
			fake.clearFaults();

			expect(result.status).toBe('success');
			const items = result.outputByNode[node.name];
			expect(items.map((item) => item.pairedItem)).toEqual(expect.arrayContaining([{ item: 0 }, { item: 1 }]));
			const failed = items.find((item) => item.json.error !== undefined);
			expect(failed?.pairedItem).toEqual({ item: 0 });
			expect(String(failed?.json.error)).toContain(`${suite.service.name} failed with HTTP 500 on ${where()}: Database is locked`);
			expect(items.some((item) => item.json.error === undefined && (item.pairedItem as { item: number }).item === 1)).toBe(true);
		});

		it('stops at the failing item without Continue On Fail, naming its index', async () => {
			const fake = suite.fake();
			const ok = fake.requests.length;
			fake.fault({ kind: 'status', status: 503 }, { times: 1 });
			const result = await run(suite.credentials(fake), {}, 2);
			fake.clearFaults();

			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.context?.itemIndex).toBe(0);
			expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('503');
			expect(fake.requests.length - ok).toBe(1);
		});

		it('explains a wrong key: a NodeApiError naming the service and the fix, without any key', async () => {
			const fake = suite.fake();
			const wrong = suite.wrongCredentials(fake);
			const result = await run(wrong);

			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toContain(`${suite.service.name} refused the credentials (HTTP 401 on ${where()})`);
			expect(result.error?.description).toBe(`Fix: ${suite.service.authFix}`);
			const text = errorText(result.error);
			for (const secret of [...secretsOf(wrong), ...secretsOf(suite.credentials(fake))]) {
				expect(text).not.toContain(secret);
				expect(text).not.toContain(secret.slice(-8));
			}
		});

		it('says the service is not reachable when nothing listens, with the fix', async () => {
			const fake = suite.fake();
			await fake.stop();
			try {
				const result = await run(suite.credentials(fake));
				expect(result.error?.name).toBe('NodeApiError');
				expect(result.error?.message).toBe(`${suite.service.name} is not reachable at ${fake.url} (connection refused). Fix: ${suite.service.reachFix}`);
			} finally {
				await fake.start();
			}
		});

		it('explains a login page where the API should answer', async () => {
			const fake = suite.fake();
			fake.fault({ kind: 'html' });
			const result = await run(suite.credentials(fake));
			fake.clearFaults();

			expect(result.error?.message).toMatch(new RegExp(`^${escape(suite.service.name)} answered ${escape(where())} with an HTML page \\("Sign in"\\) where JSON was expected`));
		});

		it('passes its connection test, and fails it with the node\'s message for a wrong key and a login page', async () => {
			const fake = suite.fake();
			await expect(testCredential(suite.credentialType, suite.credentials(fake))).resolves.toMatchObject({ status: 'OK' });

			const wrong = await testCredential(suite.credentialType, suite.wrongCredentials(fake));
			expect(wrong.status).toBe('Error');
			expect(wrong.message).toContain(`${suite.service.name} refused the credentials (HTTP 401`);
			expect(wrong.message).toContain(`Fix: ${suite.service.authFix}`);
			for (const secret of secretsOf(suite.wrongCredentials(fake))) expect(wrong.message).not.toContain(secret);

			fake.fault({ kind: 'html' });
			const page = await testCredential(suite.credentialType, suite.credentials(fake));
			fake.clearFaults();
			expect(page.status).toBe('Error');
			expect(page.message).toContain('with an HTML page');

			const down = await testCredential(suite.credentialType, { ...suite.credentials(fake), url: 'http://127.0.0.1:1' });
			expect(down).toEqual({ status: 'Error', message: `${suite.service.name} is not reachable at http://127.0.0.1:1 (connection refused). Fix: ${suite.service.reachFix}` });
		});
	});
}

/** The credential's secret values: everything but the URL. */
function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return Object.entries(credentials)
		.filter(([key, value]) => key !== 'url' && typeof value === 'string' && value.length >= 8)
		.map(([, value]) => value as string);
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
