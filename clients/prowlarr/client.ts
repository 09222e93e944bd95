import { ClientError, NotFoundError, ServiceInfo } from '../core/errors';
import { HttpMethod, HttpRequest, HttpTransport, QueryValue, joinUrl } from '../core/http';
import { requestJson } from '../core/response';
import type {
	ProwlarrHealthCheck,
	ProwlarrIndexer,
	ProwlarrIndexerStats,
	ProwlarrIndexerStatus,
	ProwlarrSearchOptions,
	ProwlarrSearchResult,
	ProwlarrStatsOptions,
	ProwlarrSystemStatus,
} from './types';

export const PROWLARR: ServiceInfo = {
	name: 'Prowlarr',
	authFix: 'copy the API key from Prowlarr → Settings → General → Security into the Prowlarr credential (or `services.prowlarr.api_key`).',
	reachFix: 'check that Prowlarr is running and that the URL (scheme, host, port and URL base) is right.',
};

/** Name of the MyAnonamouse implementation and of its cookie field in Prowlarr. */
export const MAM_IMPLEMENTATION = 'MyAnonamouse';
export const MAM_ID_FIELD = 'mamId';

export interface ProwlarrClientOptions {
	/** e.g. http://prowlarr:9696 or https://host/prowlarr */
	baseUrl: string;
	/** Attaches the API key; see the credential or the runner's transport. */
	transport: HttpTransport;
}

export interface UpdateFieldOptions {
	/** Skip Prowlarr's validation and indexer test on save. */
	forceSave?: boolean;
}

export interface IndexerTestResult {
	ok: boolean;
	/** Prowlarr's validation messages when the test failed. */
	errors: string[];
}

/**
 * Prowlarr API v1. One method per endpoint the nodes and the runner need; no retries, no
 * sleeping, no n8n or Temporal imports.
 */
export class ProwlarrClient {
	readonly baseUrl: string;
	private readonly transport: HttpTransport;

	constructor(options: ProwlarrClientOptions) {
		if (!/^https?:\/\//i.test(options.baseUrl ?? '')) {
			throw new ClientError(`Prowlarr URL "${options.baseUrl}" must start with http:// or https://.`, { service: PROWLARR.name });
		}
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.transport = options.transport;
	}

	getSystemStatus(): Promise<ProwlarrSystemStatus> {
		return this.call('GET', 'system/status');
	}

	getHealth(): Promise<ProwlarrHealthCheck[]> {
		return this.call('GET', 'health');
	}

	listIndexers(): Promise<ProwlarrIndexer[]> {
		return this.call('GET', 'indexer');
	}

	getIndexer(id: number): Promise<ProwlarrIndexer> {
		return this.call('GET', `indexer/${encodeURIComponent(String(id))}`);
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
		const fields = indexer.fields ?? [];
		const field = fields.find((candidate) => candidate.name === fieldName);
		if (!field) {
			throw new NotFoundError(
				`Prowlarr indexer ${id} ("${indexer.name ?? '?'}") has no setting named "${fieldName}"; it has: ${fields.map((f) => f.name).join(', ') || 'none'}.`,
				{ service: PROWLARR.name },
			);
		}
		const updated: ProwlarrIndexer = {
			...indexer,
			fields: fields.map((candidate) => (candidate.name === fieldName ? { ...candidate, value } : candidate)),
		};
		return this.call('PUT', `indexer/${encodeURIComponent(String(id))}`, {
			body: updated,
			query: options.forceSave ? { forceSave: true } : undefined,
		});
	}

	/** The current value of one indexer setting (e.g. the `mamId` Prowlarr holds). */
	static fieldValue(indexer: ProwlarrIndexer, fieldName: string): unknown {
		return (indexer.fields ?? []).find((field) => field.name === fieldName)?.value;
	}

	/**
	 * Runs Prowlarr's connection test for an indexer. A failed test is a normal answer here
	 * (Prowlarr returns 400 with validation failures), not an exception.
	 */
	async testIndexer(idOrIndexer: number | ProwlarrIndexer): Promise<IndexerTestResult> {
		const indexer = typeof idOrIndexer === 'number' ? await this.getIndexer(idOrIndexer) : idOrIndexer;
		try {
			await this.call('POST', 'indexer/test', { body: indexer });
			return { ok: true, errors: [] };
		} catch (error) {
			if (error instanceof ClientError && error.status === 400) {
				return { ok: false, errors: validationMessages(error.details) };
			}
			throw error;
		}
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

	private call<T>(method: HttpMethod, path: string, extra: { query?: Record<string, QueryValue>; body?: unknown } = {}): Promise<T> {
		const request: HttpRequest = {
			method,
			url: joinUrl(this.baseUrl, `/api/v1/${path}`),
			query: extra.query,
			body: extra.body,
			headers: { accept: 'application/json' },
		};
		return requestJson<T>(this.transport, PROWLARR, request);
	}
}

export function findMyAnonamouse(indexers: ProwlarrIndexer[]): ProwlarrIndexer | undefined {
	return (
		indexers.find((indexer) => indexer.implementation === MAM_IMPLEMENTATION) ??
		indexers.find((indexer) => (indexer.name ?? '').toLowerCase().includes('myanonamouse'))
	);
}

function validationMessages(details: unknown): string[] {
	if (!Array.isArray(details)) return ['Prowlarr reported the indexer test as failed.'];
	return details
		.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>).errorMessage : undefined))
		.filter((message): message is string => typeof message === 'string');
}
