/**
 * Workflow bundle entry. Workflow code is replayed from history, so it must be deterministic:
 * no I/O, no Node built-ins, no real clock (Date is workflow time here). All I/O happens in
 * activities, which are imported as types only.
 */
import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { summarizeFailure } from './failures';
import { READ_ACTIVITY, WRITE_ACTIVITY } from './policies';
import type {
	ProwlarrTestInput,
	ProwlarrTestResult,
	ServiceHealth,
	ServiceHealthCheckInput,
	ServiceHealthCheckResult,
	ServiceRef,
} from './types';

const reads = proxyActivities<Activities>(READ_ACTIVITY);
const writes = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * Every known service type has a health probe in the registry, behind one activity. Histories
 * recorded before that called the Prowlarr-only activity; the patch marker keeps them replaying.
 */
function healthCheckFor(target: ServiceRef): ((service: string) => Promise<ServiceHealth>) | undefined {
	if (target.type === 'unknown') return undefined;
	if (patched('service-registry-health')) return (service) => reads.serviceCheckHealth(service);
	return target.type === 'prowlarr' ? (service) => reads.prowlarrCheckHealth(service) : undefined;
}

/**
 * Checks every configured service (or the ones named), records a `service_health` event per
 * service and returns a summary. One service failing does not stop the others.
 */
export async function serviceHealthCheck(input: ServiceHealthCheckInput = {}): Promise<ServiceHealthCheckResult> {
	const checkedAt = new Date().toISOString();
	const targets = await resolveServices(input.services);
	const services = await Promise.all(targets.map((target) => checkOne(target)));
	return { ok: services.every((service) => service.ok), checkedAt, services };
}

async function resolveServices(names: string[] | undefined): Promise<ServiceRef[]> {
	const configured = await reads.listServices();
	if (!names || names.length === 0) return configured;
	// A name that is not configured still gets a result (and an event), so a typo is visible.
	return names.map((name) => configured.find((service) => service.name === name) ?? { name, type: 'unknown' });
}

async function checkOne(target: ServiceRef): Promise<ServiceHealth> {
	let health: ServiceHealth;
	const check = healthCheckFor(target);
	if (!check) {
		health = {
			service: target.name,
			type: target.type,
			ok: false,
			issues: [],
			error: { type: 'ConfigError', message: `"${target.name}" is not a configured service with a health check.` },
		};
	} else {
		try {
			health = await check(target.name);
		} catch (error) {
			health = { service: target.name, type: target.type, ok: false, issues: [], error: summarizeFailure(error) };
		}
	}
	try {
		await writes.recordEvent({
			type: 'service_health',
			subject: target.name,
			ok: health.ok,
			details: {
				version: health.version,
				issues: health.issues,
				error: health.error,
			},
		});
	} catch (error) {
		// The check itself worked; a full disk should not turn it into a failed workflow.
		log.warn('could not record the service_health event', { service: target.name, error: summarizeFailure(error) });
	}
	return health;
}

/** Connection test for one Prowlarr: its status, and the MyAnonamouse indexer if there is one. */
export async function prowlarrTest(input: ProwlarrTestInput): Promise<ProwlarrTestResult> {
	const status = await reads.prowlarrGetStatus(input.service);
	let myAnonamouse: ProwlarrTestResult['myAnonamouse'] = null;
	try {
		myAnonamouse = await reads.prowlarrFindMyAnonamouse(input.service);
	} catch (error) {
		if (summarizeFailure(error).type !== 'NotFoundError') throw error;
	}
	return { status, myAnonamouse };
}

export { mamRotation, mamSessionCheck } from './mam';
