import { configSecrets } from '../config/load';
import type { MediastackConfig } from '../config/schema';
import type { MamEngine } from '../mam/engine';
import type { Services } from '../services';
import { KNOWN_SERVICE_TYPES, ServiceActivities, SERVICE_REGISTRY, isServiceType } from '../services/registry';
import type { EventLog, StateStore } from '../state';
import type { EventInput, ServiceHealth, ServiceRef } from '../workflows/types';
import { mapFailures, scrubForHistory } from './errors';
import { createMamActivities } from './mam';

/**
 * Activities: thin adapters from workflow calls to the API clients. They take references
 * (a service's name) and look the URL and API key up in the config themselves, so no secret
 * ever travels through workflow history; see workflows/types.ts. Every failure goes through
 * the one mapper in ./errors.
 *
 * Names: service prefix, then a verb (prowlarrGetStatus); generic ones are verb-first. Each
 * service's own activities live in activities/<service>.ts and come in through its registry
 * definition (services/registry.ts).
 */

export interface ActivityDependencies {
	config: MediastackConfig;
	/** Builds clients with the URL and API key from the config; unknown names throw ConfigError. */
	services: Pick<Services, 'client' | 'prowlarr' | 'checkHealth'>;
	events: Pick<EventLog, 'record'>;
	state?: StateStore;
	/** MyAnonamouse sessions: shared with the API, whose cookie saves must respect the same per-session locks. */
	mam?: MamEngine;
}

export function createActivities({ config, services, events, mam }: ActivityDependencies) {
	const secrets = configSecrets(config);
	const run = <T>(body: () => Promise<T>): Promise<T> => mapFailures(secrets, body);

	const serviceActivities = Object.assign(
		{},
		...KNOWN_SERVICE_TYPES.map((type) =>
			// Always by name: without one, services.client() would pick "the only one" silently.
			SERVICE_REGISTRY[type].activities?.({ client: <C>(serviceType: string, name: string) => services.client(serviceType as never, name) as C, run }),
		),
	) as ServiceActivities;

	const checkHealth = (service: string): Promise<ServiceHealth> =>
		run(async () => {
			const report = await services.checkHealth(service);
			// The service's own texts; scrubbed like errors, since results are kept in history too.
			const issues = report.issues.map((issue) => ({ ...issue, message: scrubForHistory(issue.message, secrets) }));
			return { service, type: report.type, ok: report.ok, version: report.version, issues };
		});

	return {
		/** Configured services, by name. Asked at run time, so the schedule needs no update when services change. */
		async listServices(): Promise<ServiceRef[]> {
			return Object.entries(config.services)
				.map(([name, service]) => ({ name, type: isServiceType(service.type) ? service.type : ('unknown' as const) }))
				.sort((a, b) => a.name.localeCompare(b.name));
		},

		/** Any configured service's health, through its type's probe (status proving it is that service, then its own checks). */
		serviceCheckHealth: checkHealth,

		/** The health check workflows recorded before the registry called; kept so their histories replay. */
		prowlarrCheckHealth: checkHealth,

		async recordEvent(event: EventInput): Promise<void> {
			return run(async () => {
				await events.record(event);
			});
		},

		...serviceActivities,
		...createMamActivities(mam, run),
	};
}

export type Activities = ReturnType<typeof createActivities>;
