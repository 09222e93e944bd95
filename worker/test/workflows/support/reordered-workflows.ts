/**
 * A deliberately incompatible change to serviceHealthCheck: it records events before checking.
 * The replay test uses it to show that replay really catches a non-deterministic change.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../src/activities';
import type { ServiceHealthCheckInput, ServiceHealthCheckResult } from '../../../src/workflows/types';

const { recordEvent, listServices } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export async function serviceHealthCheck(_input: ServiceHealthCheckInput = {}): Promise<ServiceHealthCheckResult> {
	await recordEvent({ type: 'service_health', subject: 'all', ok: true });
	await listServices();
	return { ok: true, checkedAt: new Date().toISOString(), services: [] };
}
