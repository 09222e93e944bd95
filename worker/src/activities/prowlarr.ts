import { NotFoundError } from '../../../clients/core/errors';
import { PROWLARR, ProwlarrClient, findMyAnonamouse } from '../../../clients/prowlarr/client';
import type { ServiceActivityDependencies } from '../services/definition';
import type { IndexerRef, ProwlarrStatusSummary } from '../workflows/types';
import { arrStatusSummary } from './arr';

/**
 * Prowlarr's activities (the MAM cookie push lives with the MAM activities). They take the
 * service's name and look the URL and key up in the config: no secret travels in history.
 */
export function createProwlarrActivities({ client, run }: ServiceActivityDependencies) {
	const prowlarr = (service: string) => client<ProwlarrClient>('prowlarr', service);
	return {
		async prowlarrGetStatus(service: string): Promise<ProwlarrStatusSummary> {
			return run(() => arrStatusSummary(service, prowlarr(service)));
		},

		/** The MyAnonamouse indexer's id and name only: its settings hold the mam_id cookie. */
		async prowlarrFindMyAnonamouse(service: string): Promise<IndexerRef> {
			return run(async () => {
				const found = findMyAnonamouse(await prowlarr(service).listIndexers());
				if (!found) {
					throw new NotFoundError(`Prowlarr "${service}" has no MyAnonamouse indexer. Fix: add MyAnonamouse in Prowlarr → Indexers → Add Indexer.`, {
						service: PROWLARR.name,
						fix: 'add the MyAnonamouse indexer in Prowlarr.',
					});
				}
				return { id: found.id, name: found.name ?? 'MyAnonamouse' };
			});
		},

		/** "Sync App Indexers": Prowlarr pushes its indexers to Sonarr, Radarr... Returns the queued command's id. */
		async prowlarrSyncApplications(service: string): Promise<{ commandId: number; status: string }> {
			return run(async () => {
				const command = await prowlarr(service).syncApplications();
				return { commandId: command.id, status: command.status };
			});
		},
	};
}
