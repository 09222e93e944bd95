import { NotFoundError } from '../../../clients/core/errors';
import { PROWLARR, findMyAnonamouse } from '../../../clients/prowlarr/client';
import { configSecrets } from '../config/load';
import type { MediastackConfig } from '../config/schema';
import type { MamEngine } from '../mam/engine';
import type { Services } from '../services';
import type { EventLog, StateStore } from '../state';
import type { EventInput, HealthIssue, HealthIssueLevel, IndexerRef, ProwlarrStatusSummary, ServiceHealth, ServiceRef } from '../workflows/types';
import { mapFailures, scrubForHistory } from './errors';
import { createMamActivities } from './mam';

/**
 * Activities: thin adapters from workflow calls to the API clients. They take references
 * (a service's name) and look the URL and API key up in the config themselves, so no secret
 * ever travels through workflow history; see workflows/types.ts. Every failure goes through
 * the one mapper in ./errors.
 *
 * Names: service prefix, then a verb (prowlarrGetStatus); generic ones are verb-first.
 */

export interface ActivityDependencies {
	config: MediastackConfig;
	/** Builds clients with the URL and API key from the config; unknown names throw ConfigError. */
	services: Pick<Services, 'prowlarr'>;
	events: Pick<EventLog, 'record'>;
	state?: StateStore;
	/** MyAnonamouse sessions: shared with the API, whose cookie saves must respect the same per-session locks. */
	mam?: MamEngine;
}

export function createActivities({ config, services, events, mam }: ActivityDependencies) {
	const secrets = configSecrets(config);
	const run = <T>(body: () => Promise<T>): Promise<T> => mapFailures(secrets, body);

	// Always by name: without one, services.prowlarr() would pick "the only one" silently.
	const prowlarr = (service: string) => services.prowlarr(service);

	return {
		/** Configured services, by name. Asked at run time, so the schedule needs no update when services change. */
		async listServices(): Promise<ServiceRef[]> {
			return Object.entries(config.services)
				.map(([name, service]) => ({ name, type: service.type }))
				.sort((a, b) => a.name.localeCompare(b.name));
		},

		async prowlarrGetStatus(service: string): Promise<ProwlarrStatusSummary> {
			return run(async () => {
				const status = await prowlarr(service).getSystemStatus();
				return { service, appName: status.appName, version: status.version, instanceName: status.instanceName };
			});
		},

		/** The MyAnonamouse indexer's id and name only: its settings hold the mam_id cookie. */
		async prowlarrFindMyAnonamouse(service: string): Promise<IndexerRef> {
			return run(async () => {
				const client = prowlarr(service);
				const indexers = await client.listIndexers();
				const found = findMyAnonamouse(indexers);
				if (!found) {
					throw new NotFoundError(`Prowlarr "${service}" has no MyAnonamouse indexer. Fix: add MyAnonamouse in Prowlarr → Indexers → Add Indexer.`, {
						service: PROWLARR.name,
						fix: 'add the MyAnonamouse indexer in Prowlarr.',
					});
				}
				return { id: found.id, name: found.name ?? 'MyAnonamouse' };
			});
		},

		/** Status plus Prowlarr's own health checks; only "error" level checks make it unhealthy. */
		async prowlarrCheckHealth(service: string): Promise<ServiceHealth> {
			return run(async () => {
				const client = prowlarr(service);
				const status = await client.getSystemStatus();
				const checks = await client.getHealth();
				const issues: HealthIssue[] = checks.map((check) => ({
					level: normalizeLevel(check.type),
					source: check.source,
					// Prowlarr's own texts; scrubbed like errors, since results are kept in history too.
					message: scrubForHistory(check.message ?? '', secrets),
				}));
				return { service, type: 'prowlarr', ok: !issues.some((issue) => issue.level === 'error'), version: status.version, issues };
			});
		},

		async recordEvent(event: EventInput): Promise<void> {
			return run(async () => {
				await events.record(event);
			});
		},

		...createMamActivities(mam, run),
	};
}

export type Activities = ReturnType<typeof createActivities>;

function normalizeLevel(level: string | undefined): HealthIssueLevel {
	return level === 'ok' || level === 'notice' || level === 'warning' || level === 'error' ? level : 'warning';
}
