import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { WorkflowJson } from './harness';
import { MANUAL_TRIGGER_TYPE, runWorkflow } from './harness';
import { PROWLARR, ProwlarrClient } from '../../clients/prowlarr/client';
import { mapItems } from '../../nodes/shared/items';
import { createNodeTransport } from '../../nodes/shared/transport';
import { FakeProwlarr, startFakeProwlarr } from '../fakes/prowlarr';

const PROBE_TYPE = 'test.transportProbe';
/** Short enough to trip on the fake's delay fault; only the timeout test uses it. */
const SHORT_TIMEOUT_MS = 150;

/** A node with an adjustable timeout, so the transport's failure mapping can be watched end to end. */
class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Calls Prowlarr through the shared node transport',
		defaults: { name: 'Transport Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'prowlarrApi', required: true }],
		properties: [{ displayName: 'Timeout (ms)', name: 'timeoutMs', type: 'number', default: 10_000 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			await mapItems.call(this, this.getInputData(), async (itemIndex) => {
				const { url } = await this.getCredentials<{ url: string }>('prowlarrApi');
				const timeoutMs = this.getNodeParameter('timeoutMs', itemIndex) as number;
				const transport = createNodeTransport(this, { credentialType: 'prowlarrApi', service: PROWLARR, timeoutMs });
				return await new ProwlarrClient({ baseUrl: url, transport }).getSystemStatus();
			}),
		];
	}
}

function probeWorkflow(timeoutMs?: number): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'probe', name: 'Probe', type: PROBE_TYPE, typeVersion: 1, position: [220, 0], parameters: timeoutMs === undefined ? {} : { timeoutMs } },
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
}

let fake: FakeProwlarr;

beforeEach(async () => {
	fake = await startFakeProwlarr();
});

afterEach(async () => {
	await fake.close();
});

async function runProbe(timeoutMs?: number) {
	return await runWorkflow(probeWorkflow(timeoutMs), {
		credentials: { prowlarrApi: { url: fake.url, apiKey: fake.apiKey } },
		nodeTypes: { [PROBE_TYPE]: new TransportProbe() },
	});
}

describe('shared node transport', () => {
	it('returns the parsed answer through the client', async () => {
		const result = await runProbe();

		expect(result.status).toBe('success');
		expect(result.outputByNode.Probe[0].json.appName).toBe('Prowlarr');
	});

	it('maps a slow answer to a timeout that names the limit and the fix', async () => {
		fake.fault({ kind: 'delay', ms: 2_000 }, { times: 1 });

		const result = await runProbe(SHORT_TIMEOUT_MS);

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			`Prowlarr did not answer within ${SHORT_TIMEOUT_MS} ms at ${fake.url}. Fix: check that Prowlarr is running and that the URL (scheme, host, port and URL base) is right.`,
		);
		expect(JSON.stringify(result.error)).not.toContain(fake.apiKey);
	});

	it('maps a dropped connection to a network error', async () => {
		fake.fault({ kind: 'reset' }, { times: 1 });

		const result = await runProbe();

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Prowlarr is not reachable at ${fake.url} (connection reset). Fix: check that Prowlarr is running and that the URL (scheme, host, port and URL base) is right.`);
	});

	it('does not follow a redirect with the API key, and says where it pointed', async () => {
		fake.fault({ kind: 'status', status: 302, headers: { location: 'https://auth.example.com/login' } }, { times: 1 });

		const result = await runProbe();

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/redirected GET \/api\/v1\/system\/status \(HTTP 302\) to https:\/\/auth\.example\.com\/login/);
	});
});
