import { ArrClient } from '../arr/client';
import { fieldValue, withField, withFields } from '../arr/fields';
import { ClientError, NotFoundError, ServiceInfo } from '../core/errors';
import type { JsonClientOptions } from '../core/json-client';
import { segment } from '../core/json-client';
import type {
	ProwlarrApplication,
	ProwlarrIndexer,
	ProwlarrIndexerStats,
	ProwlarrIndexerStatus,
	ProwlarrSearchOptions,
	ProwlarrSearchResult,
	ProwlarrStatsOptions,
} from './types';
import type { ArrCommand } from '../arr/types';

export const PROWLARR: ServiceInfo = {
	name: 'Prowlarr',
	authFix: 'copy the API key from Prowlarr → Settings → General → Security into the Prowlarr credential (or `services.prowlarr.api_key`).',
	reachFix: 'check that Prowlarr is running and that the URL (scheme, host, port and URL base) is right.',
	exampleUrl: 'http://prowlarr:9696',
};

/** Name of the MyAnonamouse implementation and of its cookie field in Prowlarr. */
export const MAM_IMPLEMENTATION = 'MyAnonamouse';
export const MAM_ID_FIELD = 'mamId';

/** The command behind Prowlarr's "Sync App Indexers" button. */
export const APPLICATION_SYNC_COMMAND = 'ApplicationIndexerSync';

export type ProwlarrClientOptions = JsonClientOptions;

export interface UpdateFieldOptions {
	/** Skip Prowlarr's validation and indexer test on save. */
	forceSave?: boolean;
}

export interface NewApplicationOptions {
	/** The kind of app, as Prowlarr names it: Sonarr, Radarr, Lidarr, Readarr... */
	implementation: string;
	name: string;
	/** How the app reaches Prowlarr, e.g. http://prowlarr:9696. */
	prowlarrUrl: string;
	/** How Prowlarr reaches the app, e.g. http://sonarr:8989. */
	baseUrl: string;
	/** The app's own API key (Prowlarr adds indexers to it with it). */
	apiKey: string;
	syncLevel?: 'disabled' | 'addOnly' | 'fullSync';
	tags?: number[];
}

export interface ProviderTestResult {
	ok: boolean;
	/** Prowlarr's validation messages when the test failed. */
	errors: string[];
}

/**
 * Prowlarr API v1 on the shared *arr base: indexers (and the MyAnonamouse cookie among their
 * settings), search, statistics, and the applications (Sonarr, Radarr...) Prowlarr feeds.
 */
export class ProwlarrClient extends ArrClient {
	constructor(options: ProwlarrClientOptions) {
		super(PROWLARR, options, 'v1');
	}

	listIndexers(): Promise<ProwlarrIndexer[]> {
		return this.call('GET', 'indexer');
	}

	getIndexer(id: number): Promise<ProwlarrIndexer> {
		return this.call('GET', `indexer/${segment(id)}`);
	}

	/**
	 * The MyAnonamouse indexer: matched by implementation first (it survives renames), then
	 * by a name containing "MyAnonamouse" for indexers added through a custom definition.
	 */
	async findMyAnonamouseIndexer(): Promise<ProwlarrIndexer> {
		const indexers = await this.listIndexers();
		const found = findMyAnonamouse(indexers);
		if (!found) {
			throw new NotFoundError(
				`Prowlarr has no MyAnonamouse indexer (looked at ${indexers.length} indexer${indexers.length === 1 ? '' : 's'}). Fix: add MyAnonamouse in Prowlarr → Indexers → Add Indexer.`,
				{ service: PROWLARR.name, fix: 'add the MyAnonamouse indexer in Prowlarr.' },
			);
		}
		return found;
	}

	/**
	 * Changes one setting of an indexer: GET the whole resource, change the field, PUT it back.
	 * Without `forceSave` Prowlarr validates and tests the indexer on save, which for
	 * MyAnonamouse also drops the cookie it cached from earlier searches.
	 */
	async updateIndexerField(id: number, fieldName: string, value: unknown, options: UpdateFieldOptions = {}): Promise<ProwlarrIndexer> {
		const indexer = await this.getIndexer(id);
		const updated = withField(indexer, fieldName, value);
		if (!updated) {
			throw new NotFoundError(
				`Prowlarr indexer ${id} ("${indexer.name ?? '?'}") has no setting named "${fieldName}"; it has: ${(indexer.fields ?? []).map((f) => f.name).join(', ') || 'none'}.`,
				{ service: PROWLARR.name },
			);
		}
		return this.call('PUT', `indexer/${segment(id)}`, {
			body: updated,
			query: options.forceSave ? { forceSave: true } : undefined,
		});
	}

	/** The current value of one indexer setting (e.g. the `mamId` Prowlarr holds). */
	static fieldValue(indexer: ProwlarrIndexer, fieldName: string): unknown {
		return fieldValue(indexer, fieldName);
	}

	/**
	 * Runs Prowlarr's connection test for an indexer. A failed test is a normal answer here
	 * (Prowlarr returns 400 with validation failures), not an exception.
	 */
	async testIndexer(idOrIndexer: number | ProwlarrIndexer): Promise<ProviderTestResult> {
		const indexer = typeof idOrIndexer === 'number' ? await this.getIndexer(idOrIndexer) : idOrIndexer;
		return this.providerTest('indexer/test', indexer);
	}

	getIndexerStatuses(): Promise<ProwlarrIndexerStatus[]> {
		return this.call('GET', 'indexerstatus');
	}

	search(options: ProwlarrSearchOptions): Promise<ProwlarrSearchResult[]> {
		return this.call('GET', 'search', {
			query: {
				query: options.query,
				type: options.type ?? 'search',
				indexerIds: options.indexerIds,
				categories: options.categories,
				limit: options.limit,
				offset: options.offset,
			},
		});
	}

	getIndexerStats(options: ProwlarrStatsOptions = {}): Promise<ProwlarrIndexerStats> {
		return this.call('GET', 'indexerstats', { query: { ...options } });
	}

	/** The apps Prowlarr pushes its indexers to (Settings → Apps). */
	listApplications(): Promise<ProwlarrApplication[]> {
		return this.call('GET', 'applications');
	}

	getApplication(id: number): Promise<ProwlarrApplication> {
		return this.call('GET', `applications/${segment(id)}`);
	}

	/** The settings template of each kind of app Prowlarr can feed (Sonarr, Radarr, Lidarr...). */
	getApplicationSchema(): Promise<ProwlarrApplication[]> {
		return this.call('GET', 'applications/schema');
	}

	/**
	 * Adds an app. Prowlarr tests the connection to it first (it calls the app with the given
	 * API key) unless `forceSave`; a refused test comes back as ClientError with its reasons.
	 */
	addApplication(application: ProwlarrApplication, options: { forceSave?: boolean } = {}): Promise<ProwlarrApplication> {
		return this.call('POST', 'applications', { body: application, query: options.forceSave ? { forceSave: true } : undefined });
	}

	deleteApplication(id: number): Promise<void> {
		return this.call('DELETE', `applications/${segment(id)}`);
	}

	/**
	 * An app connection built from Prowlarr's own template for that kind of app (its field list
	 * and default sync categories), ready for addApplication or testApplication.
	 */
	async newApplication(options: NewApplicationOptions): Promise<ProwlarrApplication> {
		const templates = await this.getApplicationSchema();
		const template = templates.find((candidate) => candidate.implementation?.toLowerCase() === options.implementation.toLowerCase());
		if (!template) {
			throw new NotFoundError(`Prowlarr cannot feed "${options.implementation}"; it offers: ${templates.map((candidate) => candidate.implementation).join(', ') || 'nothing'}.`, {
				service: PROWLARR.name,
			});
		}
		const { id: _id, ...rest } = template;
		return withFields(
			{ ...rest, name: options.name, syncLevel: options.syncLevel ?? 'fullSync', tags: options.tags ?? [] },
			{ prowlarrUrl: options.prowlarrUrl, baseUrl: options.baseUrl, apiKey: options.apiKey },
		);
	}

	/** Prowlarr's test of an app connection; a failing app is an answer, not an exception. */
	async testApplication(idOrApplication: number | ProwlarrApplication): Promise<ProviderTestResult> {
		const application = typeof idOrApplication === 'number' ? await this.getApplication(idOrApplication) : idOrApplication;
		return this.providerTest('applications/test', application);
	}

	/** "Sync App Indexers": pushes every indexer to every app now. Returns the queued command. */
	syncApplications(): Promise<ArrCommand> {
		return this.runCommand(APPLICATION_SYNC_COMMAND, { forceSync: true });
	}

	private async providerTest(path: string, resource: unknown): Promise<ProviderTestResult> {
		try {
			await this.call('POST', path, { body: resource });
			return { ok: true, errors: [] };
		} catch (error) {
			if (error instanceof ClientError && error.status === 400) {
				return { ok: false, errors: validationMessages(error.details) };
			}
			throw error;
		}
	}
}

export function findMyAnonamouse(indexers: ProwlarrIndexer[]): ProwlarrIndexer | undefined {
	return (
		indexers.find((indexer) => indexer.implementation === MAM_IMPLEMENTATION) ??
		indexers.find((indexer) => (indexer.name ?? '').toLowerCase().includes('myanonamouse'))
	);
}

function validationMessages(details: unknown): string[] {
	if (!Array.isArray(details)) return ['Prowlarr reported the test as failed.'];
	return details
		.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>).errorMessage : undefined))
		.filter((message): message is string => typeof message === 'string');
}
