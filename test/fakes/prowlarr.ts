import { randomBytes } from 'node:crypto';
import type { ProwlarrField, ProwlarrHealthCheck, ProwlarrIndexer, ProwlarrIndexerStatus } from '../../clients/prowlarr/types';
import type { ArrNotification } from '../../clients/arr/types';
import {
	ArrApp,
	ArrFakeOptions,
	ArrFakeSetup,
	CommandDefinition,
	FakeArrApp,
	ValidationFailure,
	arrFakeSetup,
	fieldOf,
	firstValue,
	flag,
	modelNotFound,
	notificationTemplate,
	schemaField,
	validationFailure,
	wantsHealth,
	webhookFields,
} from './arr-common';
import { FakeProwlarrApplications } from './prowlarr-apps';
import type { HandlerContext, HandlerResult } from './kit';

/**
 * A fake Prowlarr (API v1) that behaves like Prowlarr 2.x where our code depends on it:
 * X-Api-Key / apikey auth, GET→PUT of whole indexer resources, validation and an indexer test
 * on save unless forceSave=true (and only when the definition changed), FluentValidation-shaped
 * 400 arrays, and the MyAnonamouse cookie cache that a search fills and a test empties.
 */

export const PROWLARR_SPEC = 'prowlarr-v1.openapi.json';
export const PROWLARR_VERSION = '2.5.0.5422';

/** What Prowlarr keeps about an indexer besides its settings; tests read and seed it. */
export interface IndexerRuntimeState {
	/** The cookie MAM handed back after a search; Prowlarr prefers it to the mamId setting. */
	cachedMamCookie?: string;
	/** PUT /api/v1/indexer/{id} calls that reached the handler (accepted or not). */
	putCount: number;
	/** Indexer tests run: POST /indexer/test, or a PUT/POST that tested before saving. */
	testCount: number;
	queryCount: number;
	failedQueryCount: number;
}

export interface FakeProwlarrOptions extends Pick<ArrFakeOptions, 'apiKey' | 'port' | 'allowViolations'> {
	/** Default: defaultProwlarrIndexers() (MyAnonamouse, 1337x, a Newznab indexer). */
	indexers?: ProwlarrIndexer[];
}

interface CatalogueEntry {
	title: string;
	size: number;
	categories: Array<{ id: number; name: string }>;
	ageDays: number;
	seeders?: number;
	leechers?: number;
	grabs?: number;
	files?: number;
}

const CATEGORY = {
	movies: { id: 2000, name: 'Movies' },
	moviesHd: { id: 2040, name: 'Movies/HD' },
	tv: { id: 5000, name: 'TV' },
	tvHd: { id: 5040, name: 'TV/HD' },
	audiobook: { id: 3030, name: 'Audio/Audiobook' },
	ebook: { id: 7020, name: 'Books/EBook' },
} as const;

/** A few releases per kind of indexer, enough to search for something real-looking. */
const CATALOGUE: Record<'mam' | '1337x' | 'newznab', CatalogueEntry[]> = {
	mam: [
		{ title: 'Project Hail Mary by Andy Weir [ENG / M4B]', size: 1_087_000_000, categories: [CATEGORY.audiobook], ageDays: 400, seeders: 210, leechers: 2, grabs: 3100, files: 1 },
		{ title: 'Project Hail Mary by Andy Weir [ENG / EPUB]', size: 4_200_000, categories: [CATEGORY.ebook], ageDays: 700, seeders: 450, leechers: 0, grabs: 5200, files: 1 },
		{ title: 'The Martian by Andy Weir [ENG / MP3]', size: 640_000_000, categories: [CATEGORY.audiobook], ageDays: 2100, seeders: 95, leechers: 1, grabs: 1800, files: 24 },
		{ title: 'Dune by Frank Herbert [ENG / EPUB]', size: 2_300_000, categories: [CATEGORY.ebook], ageDays: 3000, seeders: 300, leechers: 0, grabs: 7000, files: 1 },
	],
	'1337x': [
		{ title: 'The Martian 2015 1080p BluRay x264', size: 2_450_000_000, categories: [CATEGORY.moviesHd], ageDays: 1500, seeders: 812, leechers: 40 },
		{ title: 'Dune Part Two 2024 2160p WEB-DL DDP5.1 HDR H.265', size: 18_900_000_000, categories: [CATEGORY.movies], ageDays: 300, seeders: 1540, leechers: 120 },
		{ title: 'Severance S02E01 1080p WEB H264', size: 3_100_000_000, categories: [CATEGORY.tvHd], ageDays: 90, seeders: 640, leechers: 33 },
	],
	newznab: [
		{ title: 'Severance.S02E01.1080p.ATVP.WEB-DL.DDP5.1.H.264', size: 3_300_000_000, categories: [CATEGORY.tvHd], ageDays: 89, grabs: 420 },
		{ title: 'The.Martian.2015.EXTENDED.1080p.BluRay.x264', size: 11_200_000_000, categories: [CATEGORY.moviesHd], ageDays: 2400, grabs: 1300 },
	],
};

/** A cookie shaped like MAM's: long, URL-safe, different every time. */
export function randomMamCookie(): string {
	return randomBytes(96).toString('base64url');
}

/** What Prowlarr cannot possibly send to MAM successfully: too short, or with spaces and stray characters. */
export function isPlausibleMamId(value: unknown): boolean {
	return typeof value === 'string' && /^[A-Za-z0-9%+/=_-]{32,}$/.test(value);
}

function torrentBaseFields(start: number): ProwlarrField[] {
	return [
		schemaField(start, 'torrentBaseSettings.appMinimumSeeders', 'Apps Minimum Seeders', null, { type: 'number', advanced: true }),
		schemaField(start + 1, 'torrentBaseSettings.seedRatio', 'Seed Ratio', null, { type: 'number', isFloat: true }),
		schemaField(start + 2, 'torrentBaseSettings.seedTime', 'Seed Time', null, { type: 'number', unit: 'minutes', advanced: true }),
		schemaField(start + 3, 'torrentBaseSettings.packSeedTime', 'Pack Seed Time', null, { type: 'number', unit: 'minutes', advanced: true }),
		schemaField(start + 4, 'baseSettings.queryLimit', 'Query Limit', null, { type: 'number', advanced: true }),
		schemaField(start + 5, 'baseSettings.grabLimit', 'Grab Limit', null, { type: 'number', advanced: true }),
		schemaField(start + 6, 'baseSettings.limitsUnit', 'Limits Unit', 0, { type: 'select', advanced: true, selectOptions: [{ value: 0, name: 'Day', order: 0 }, { value: 1, name: 'Hour', order: 1 }] }),
	];
}

function indexerBase(id: number, added: string): Pick<ProwlarrIndexer, 'id' | 'enable' | 'priority' | 'appProfileId' | 'tags'> & Record<string, unknown> {
	return {
		id,
		enable: true,
		redirect: false,
		supportsRss: true,
		supportsSearch: true,
		supportsRedirect: false,
		supportsPagination: false,
		appProfileId: 1,
		priority: 25,
		downloadClientId: 0,
		added,
		tags: [],
		presets: [],
		legacyUrls: [],
		language: 'en-US',
		encoding: 'UTF-8',
	};
}

/** Three indexers as a typical book-and-video setup has them, with a fresh MAM cookie. */
export function defaultProwlarrIndexers(): ProwlarrIndexer[] {
	return [
		{
			...indexerBase(1, '2024-03-02T10:15:00Z'),
			name: 'MyAnonamouse',
			implementation: 'MyAnonamouse',
			implementationName: 'MyAnonamouse',
			configContract: 'MyAnonamouseSettings',
			definitionName: 'MyAnonamouse',
			description: 'MyAnonaMouse (MAM) is a large ebook and audiobook tracker.',
			infoLink: 'https://wiki.servarr.com/prowlarr/supported-indexers#myanonamouse',
			indexerUrls: ['https://www.myanonamouse.net/'],
			protocol: 'torrent',
			privacy: 'private',
			sortName: 'myanonamouse',
			capabilities: { id: 0, limitsMax: 100, limitsDefault: 100, categories: [CATEGORY.audiobook, CATEGORY.ebook], supportsRawSearch: false, searchParams: ['q'], bookSearchParams: ['q'] },
			fields: [
				schemaField(0, 'baseUrl', 'Base Url', 'https://www.myanonamouse.net/', { type: 'select', selectOptionsProviderAction: null, helpText: 'Select which baseurl Prowlarr will use for requests to the site' }),
				schemaField(1, 'mamId', 'Mam Id', randomMamCookie(), { helpText: 'Mam Session Id (Created Under Preferences -> Security)', privacy: 'password' }),
				schemaField(2, 'useFreeleechWedge', 'Use Freeleech Wedges', 0, { type: 'select', selectOptions: [{ value: 0, name: 'Never', order: 0 }, { value: 1, name: 'Preferred', order: 1 }, { value: 2, name: 'Required', order: 2 }] }),
				schemaField(3, 'searchType', 'Search Type', 0, { type: 'select', selectOptions: [{ value: 0, name: 'All torrents', order: 0 }, { value: 1, name: 'Only active', order: 1 }, { value: 3, name: 'Freeleech', order: 3 }] }),
				schemaField(4, 'searchInDescription', 'Search in description', false, { type: 'checkbox' }),
				schemaField(5, 'searchInSeries', 'Search in series', false, { type: 'checkbox' }),
				schemaField(6, 'searchInFilenames', 'Search in filenames', false, { type: 'checkbox' }),
				schemaField(7, 'searchLanguages', 'Search Languages', [], { type: 'select' }),
				...torrentBaseFields(8),
			],
		},
		{
			...indexerBase(2, '2024-03-02T10:20:00Z'),
			name: '1337x',
			implementation: 'Cardigann',
			implementationName: 'Cardigann',
			configContract: 'CardigannSettings',
			definitionName: '1337x',
			description: '1337X is a Public torrent site that offers verified torrent downloads',
			infoLink: 'https://wiki.servarr.com/prowlarr/supported-indexers#1337x',
			indexerUrls: ['https://1337x.to/', 'https://1337x.st/'],
			protocol: 'torrent',
			privacy: 'public',
			sortName: '1337x',
			capabilities: { id: 0, limitsMax: 100, limitsDefault: 100, categories: [CATEGORY.movies, CATEGORY.tv], supportsRawSearch: false, searchParams: ['q'], tvSearchParams: ['q', 'season', 'ep'], movieSearchParams: ['q'] },
			fields: [
				schemaField(0, 'definitionFile', 'Definition File', '1337x', { hidden: 'hidden' }),
				schemaField(1, 'baseUrl', 'Base Url', 'https://1337x.to/', { type: 'select' }),
				schemaField(2, 'downloadlink', 'Download link', 1, { type: 'select' }),
				schemaField(3, 'sort', 'Sort requested from site', 2, { type: 'select' }),
				...torrentBaseFields(4),
			],
		},
		{
			...indexerBase(3, '2024-05-11T08:00:00Z'),
			name: 'NZBgeek',
			implementation: 'Newznab',
			implementationName: 'Newznab',
			configContract: 'NewznabSettings',
			definitionName: 'Newznab',
			description: 'Newznab is an API search specification for Usenet',
			infoLink: 'https://wiki.servarr.com/prowlarr/supported-indexers#newznab',
			indexerUrls: ['https://api.nzbgeek.info'],
			protocol: 'usenet',
			privacy: 'private',
			sortName: 'nzbgeek',
			supportsPagination: true,
			capabilities: { id: 0, limitsMax: 100, limitsDefault: 100, categories: [CATEGORY.movies, CATEGORY.tv], supportsRawSearch: false, searchParams: ['q'], tvSearchParams: ['q', 'season', 'ep', 'tvdbId'], movieSearchParams: ['q', 'imdbId'] },
			fields: [
				schemaField(0, 'baseUrl', 'URL', 'https://api.nzbgeek.info'),
				schemaField(1, 'apiPath', 'API Path', '/api', { advanced: true }),
				schemaField(2, 'apiKey', 'API Key', randomBytes(16).toString('hex'), { privacy: 'apiKey' }),
				schemaField(3, 'additionalParameters', 'Additional Parameters', null, { advanced: true }),
				schemaField(4, 'vipExpiration', 'VIP Expiration', '', { advanced: true }),
				schemaField(5, 'baseSettings.queryLimit', 'Query Limit', null, { type: 'number', advanced: true }),
				schemaField(6, 'baseSettings.grabLimit', 'Grab Limit', null, { type: 'number', advanced: true }),
				schemaField(7, 'baseSettings.limitsUnit', 'Limits Unit', 0, { type: 'select', advanced: true }),
			],
		},
	];
}

function isMam(indexer: ProwlarrIndexer): boolean {
	return indexer.implementation === 'MyAnonamouse';
}

function catalogueOf(indexer: ProwlarrIndexer): CatalogueEntry[] {
	if (isMam(indexer)) return CATALOGUE.mam;
	if (indexer.implementation === 'Newznab') return CATALOGUE.newznab;
	if (indexer.definitionName === '1337x') return CATALOGUE['1337x'];
	return [];
}

/** Key-order independent JSON, so "did the definition change?" compares content, not layout. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function numberList(value: string | string[] | undefined): number[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map(Number).filter((n) => Number.isInteger(n));
}

export class FakeProwlarr extends FakeArrApp<ProwlarrWebhookEvent> {
	/** Live state: PUT/POST/DELETE change it, tests read it. */
	readonly indexers: ProwlarrIndexer[];
	/** Live indexer failure records, as GET /api/v1/indexerstatus returns them. */
	readonly statuses: ProwlarrIndexerStatus[] = [];
	/** Cookies MAM refuses (expired or revoked sessions): tests and searches with them fail. */
	readonly deadMamIds = new Set<string>();
	/** Settings → Apps, whose tests call the app itself. */
	readonly applications = new FakeProwlarrApplications();
	private readonly runtime = new Map<number, IndexerRuntimeState>();
	private nextStatusId = 1;

	private constructor(setup: ArrFakeSetup, indexers: ProwlarrIndexer[]) {
		super(setup);
		this.indexers = indexers;
	}

	/** @internal use startFakeProwlarr() */
	static async create(options: FakeProwlarrOptions = {}): Promise<FakeProwlarr> {
		const fake = new FakeProwlarr(await arrFakeSetup(PROWLARR_APP, options), structuredClone(options.indexers ?? defaultProwlarrIndexers()));
		return fake.listen();
	}

	/** The live runtime record of an indexer (created on first use), e.g. to seed cachedMamCookie. */
	indexerState(id: number): IndexerRuntimeState {
		let state = this.runtime.get(id);
		if (!state) {
			state = { putCount: 0, testCount: 0, queryCount: 0, failedQueryCount: 0 };
			this.runtime.set(id, state);
		}
		return state;
	}

	/** The MyAnonamouse indexer's current mamId setting (first MAM indexer), for assertions. */
	mamId(): unknown {
		const mam = this.indexers.find(isMam);
		return mam ? fieldOf(mam, 'mamId') : undefined;
	}

	/** Payloads as Prowlarr's src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and WebhookGrabPayload.cs build them. */
	webhookPayload(eventType: ProwlarrWebhookEvent): Record<string, unknown> {
		const base = { eventType, instanceName: 'Prowlarr' };
		switch (eventType) {
			case 'Test':
				return base;
			case 'Grab': {
				const indexer = this.indexers.find(isMam) ?? this.indexers[0];
				const [release] = indexer ? catalogueOf(indexer) : [];
				return {
					...base,
					release: { releaseTitle: release?.title ?? 'Project Hail Mary by Andy Weir [ENG / M4B]', indexer: indexer?.name ?? 'MyAnonamouse', size: release?.size ?? 1_087_000_000 },
					trigger: 'api',
					source: 'Readarr',
					host: '172.18.0.7',
					downloadClient: 'qBittorrent',
					downloadClientType: 'qBittorrent',
					downloadId: randomBytes(20).toString('hex').toUpperCase(),
				};
			}
			case 'Health':
			case 'HealthRestored':
				return { ...base, level: 'warning', message: 'Indexers unavailable due to failures: MyAnonamouse', type: 'IndexerStatusCheck', wikiUrl: 'https://wiki.servarr.com/prowlarr/system#indexers-are-unavailable-due-to-failures' };
			case 'ApplicationUpdate':
				return { ...base, message: `Prowlarr updated from 2.4.0.5397 to ${PROWLARR_VERSION}`, previousVersion: '2.4.0.5397', newVersion: PROWLARR_VERSION };
		}
	}

	protected override register(): void {
		super.register();
		const server = this.server;
		server.on('GET /api/v1/indexer', () => ({ body: [...this.indexers].sort((a, b) => String(a.name).localeCompare(String(b.name))) }));
		server.on('GET /api/v1/indexer/{id}', ({ params }) => {
			const indexer = this.find(Number(params.id));
			return indexer ? { body: indexer } : modelNotFound('IndexerDefinition', params.id);
		});
		server.on('PUT /api/v1/indexer/{id}', (context) => this.updateIndexer(context));
		server.on('POST /api/v1/indexer', (context) => this.createIndexer(context));
		server.on('DELETE /api/v1/indexer/{id}', ({ params }) => {
			const index = this.indexers.findIndex((candidate) => candidate.id === Number(params.id));
			if (index < 0) return modelNotFound('IndexerDefinition', params.id);
			this.indexers.splice(index, 1);
			return { body: {} };
		});
		server.on('POST /api/v1/indexer/test', ({ body }) => {
			const resource = body as ProwlarrIndexer;
			const existing = resource.id > 0 ? this.find(resource.id) : undefined;
			if (resource.id > 0 && !existing) return modelNotFound('IndexerDefinition', String(resource.id));
			const failures = [...this.validate(resource, true), ...this.test(resource)];
			return failures.length ? { status: 400, body: failures } : { body: {} };
		});
		server.on('GET /api/v1/indexerstatus', () => ({ body: this.statuses }));
		server.on('GET /api/v1/search', (context) => this.search(context));
		server.on('GET /api/v1/indexerstats', ({ query }) => ({ body: this.stats(query.indexers) }));
		this.applications.register(server, '/api/v1');
	}

	private find(id: number): ProwlarrIndexer | undefined {
		return this.indexers.find((candidate) => candidate.id === id);
	}

	/** Prowlarr's settings validation: runs on every save of an enabled indexer, forceSave or not. */
	private validate(resource: ProwlarrIndexer, force = false): ValidationFailure[] {
		const failures: ValidationFailure[] = [];
		if (!resource.enable && !force) return failures;
		if (!resource.name) failures.push(validationFailure('Name', "'Name' must not be empty.", 'NotEmptyValidator', resource.name ?? ''));
		else if (this.indexers.some((other) => other.name === resource.name && other.id !== resource.id)) {
			failures.push(validationFailure('Name', 'Should be unique', 'PredicateValidator', resource.name));
		}
		if (!resource.implementation) failures.push(validationFailure('Implementation', "'Implementation' must not be empty.", 'NotEmptyValidator', ''));
		if (!resource.configContract) failures.push(validationFailure('ConfigContract', "'Config Contract' must not be empty.", 'NotEmptyValidator', ''));
		if (resource.fields == null) failures.push(validationFailure('Fields', "'Fields' must not be empty.", 'NotNullValidator'));
		if (isMam(resource)) {
			const mamId = fieldOf(resource, 'mamId');
			if (typeof mamId !== 'string' || mamId.trim() === '') failures.push(validationFailure('MamId', "'Mam Id' must not be empty.", 'NotEmptyValidator', mamId ?? ''));
		}
		return failures;
	}

	/** Prowlarr's indexer test: connects to the site. For MAM it also drops the cached cookie. */
	private test(resource: ProwlarrIndexer): ValidationFailure[] {
		if (resource.id > 0) {
			const state = this.indexerState(resource.id);
			state.testCount += 1;
			if (isMam(resource)) state.cachedMamCookie = undefined;
		}
		if (!isMam(resource)) return [];
		const mamId = fieldOf(resource, 'mamId');
		if (typeof mamId === 'string' && mamId.trim() === '') return [];
		if (!isPlausibleMamId(mamId) || this.deadMamIds.has(String(mamId))) {
			return [validationFailure('', 'Unable to connect to indexer, check the log above for more details. [403 Forbidden] - mam_session_id expired or invalid', '')];
		}
		return [];
	}

	private updateIndexer({ params, query, body }: HandlerContext): HandlerResult {
		const id = Number(params.id);
		const resource = { ...(body as ProwlarrIndexer) };
		if (resource.id === undefined || resource.id === 0) resource.id = id;
		if (resource.id !== id) {
			return { status: 400, body: [validationFailure('Id', `Id in the body (${resource.id}) does not match the URL (${id})`, 'EqualValidator', resource.id)] };
		}
		const index = this.indexers.findIndex((candidate) => candidate.id === id);
		if (index < 0) return modelNotFound('IndexerDefinition', params.id);
		this.indexerState(id).putCount += 1;
		const forceSave = flag(query.forceSave);
		const failures = this.validate(resource);
		if (failures.length) return { status: 400, body: failures };
		const changed = canonical(this.indexers[index]) !== canonical(resource);
		// Like Prowlarr: only an enabled, changed definition is tested, and forceSave skips the test.
		if (resource.enable && !forceSave && changed) {
			const testFailures = this.test(resource);
			if (testFailures.length) return { status: 400, body: testFailures };
		}
		if (changed) this.indexers[index] = resource;
		return { status: 202, body: this.indexers[index] };
	}

	private createIndexer({ query, body }: HandlerContext): HandlerResult {
		const resource = { ...(body as ProwlarrIndexer) };
		resource.id = Math.max(0, ...this.indexers.map((indexer) => indexer.id)) + 1;
		const failures = this.validate(resource);
		if (failures.length) return { status: 400, body: failures };
		if (resource.enable && !flag(query.forceSave)) {
			const testFailures = this.test(resource);
			if (testFailures.length) return { status: 400, body: testFailures };
		}
		resource.added ??= new Date().toISOString();
		this.indexers.push(resource);
		return { status: 201, body: resource };
	}

	private search({ query }: HandlerContext): HandlerResult {
		const term = (firstValue(query.query) ?? '').toLowerCase().split(/\s+/).filter(Boolean);
		const requestedIds = numberList(query.indexerIds);
		const categories = numberList(query.categories);
		const limit = Number(firstValue(query.limit) ?? 100);
		const offset = Number(firstValue(query.offset) ?? 0);
		const selected = this.indexers.filter((indexer) => {
			if (!indexer.enable) return false;
			if (!requestedIds.length) return true;
			// -1 and -2 are Prowlarr's "all usenet" and "all torrent" pseudo ids.
			return requestedIds.includes(indexer.id) || (requestedIds.includes(-1) && indexer.protocol === 'usenet') || (requestedIds.includes(-2) && indexer.protocol === 'torrent');
		});
		const results: Array<Record<string, unknown>> = [];
		for (const indexer of selected) {
			const state = this.indexerState(indexer.id);
			state.queryCount += 1;
			if (isMam(indexer)) {
				const cookie = state.cachedMamCookie ?? fieldOf(indexer, 'mamId');
				if (!isPlausibleMamId(cookie) || this.deadMamIds.has(String(cookie))) {
					state.failedQueryCount += 1;
					state.cachedMamCookie = undefined;
					this.recordFailure(indexer.id);
					continue;
				}
				// MAM answers with Set-Cookie: mam_id=<new>; Prowlarr keeps it and prefers it from now on.
				state.cachedMamCookie = randomMamCookie();
			}
			catalogueOf(indexer).forEach((entry, position) => {
				const title = entry.title.toLowerCase();
				if (!term.every((word) => title.includes(word))) return;
				if (categories.length && !entry.categories.some((category) => categories.some((wanted) => wanted === category.id || wanted === Math.floor(category.id / 1000) * 1000))) return;
				results.push(this.release(indexer, entry, position));
			});
		}
		return { body: results.slice(offset, offset + limit) };
	}

	/** A ReleaseResource as the API sends it (nulls included, which ProwlarrSearchResult does not model). */
	private release(indexer: ProwlarrIndexer, entry: CatalogueEntry, position: number): Record<string, unknown> {
		const published = new Date(Date.now() - entry.ageDays * 86_400_000);
		const infoUrl = `${indexerSiteUrl(indexer)}t/${1000 + position}`;
		const link = encodeURIComponent(`${indexerSiteUrl(indexer)}download/${1000 + position}`);
		const torrent = indexer.protocol === 'torrent';
		return {
			guid: infoUrl,
			age: entry.ageDays,
			ageHours: entry.ageDays * 24,
			ageMinutes: entry.ageDays * 1440,
			size: entry.size,
			files: entry.files ?? null,
			grabs: entry.grabs ?? null,
			indexerId: indexer.id,
			indexer: indexer.name,
			title: entry.title,
			sortTitle: entry.title.toLowerCase(),
			imdbId: 0,
			tmdbId: 0,
			tvdbId: 0,
			tvMazeId: 0,
			publishDate: published.toISOString(),
			// Real Prowlarr puts its own API key in download links: consumers must redact them.
			downloadUrl: `${this.url}/${indexer.id}/download?apikey=${this.apiKey}&link=${link}&file=${encodeURIComponent(entry.title)}`,
			infoUrl,
			indexerFlags: [],
			categories: entry.categories.map((category) => ({ ...category, subCategories: [] })),
			seeders: torrent ? (entry.seeders ?? 0) : null,
			leechers: torrent ? (entry.leechers ?? 0) : null,
			protocol: indexer.protocol ?? 'unknown',
			fileName: `${entry.title}.${torrent ? 'torrent' : 'nzb'}`,
		};
	}

	private recordFailure(indexerId: number): void {
		const now = new Date();
		let status = this.statuses.find((candidate) => candidate.indexerId === indexerId);
		if (!status) {
			status = { id: this.nextStatusId++, indexerId, initialFailure: now.toISOString() };
			this.statuses.push(status);
		}
		status.mostRecentFailure = now.toISOString();
		status.disabledTill = new Date(now.getTime() + 5 * 60_000).toISOString();
	}

	/** The extra checks, after those Prowlarr derives from indexers disabled by failures. */
	protected override healthChecks(): ProwlarrHealthCheck[] {
		const now = Date.now();
		const unavailable = this.statuses
			.filter((status) => status.disabledTill && Date.parse(status.disabledTill) > now)
			.map((status) => this.find(status.indexerId)?.name)
			.filter((name): name is string => typeof name === 'string');
		const derived: ProwlarrHealthCheck[] = unavailable.length
			? [
					{
						id: 0,
						source: 'IndexerStatusCheck',
						type: 'warning',
						message: `Indexers unavailable due to failures: ${unavailable.join(', ')}`,
						wikiUrl: 'https://wiki.servarr.com/prowlarr/system#indexers-are-unavailable-due-to-failures',
					},
				]
			: [];
		return [...derived, ...this.health];
	}

	private stats(indexerFilter: string | string[] | undefined): Record<string, unknown> {
		const wanted = numberList(indexerFilter);
		const indexers = this.indexers
			.filter((indexer) => !wanted.length || wanted.includes(indexer.id))
			.map((indexer) => {
				const state = this.indexerState(indexer.id);
				return {
					indexerId: indexer.id,
					indexerName: indexer.name,
					averageResponseTime: state.queryCount ? 420 : 0,
					averageGrabResponseTime: 0,
					numberOfQueries: state.queryCount,
					numberOfGrabs: 0,
					numberOfRssQueries: 0,
					numberOfAuthQueries: 0,
					numberOfFailedQueries: state.failedQueryCount,
					numberOfFailedGrabs: 0,
					numberOfFailedRssQueries: 0,
					numberOfFailedAuthQueries: 0,
				};
			});
		const agents = new Map<string, number>();
		for (const request of this.server.requestsTo('GET /api/v1/search')) {
			const agent = String(request.headers['user-agent'] ?? 'unknown');
			agents.set(agent, (agents.get(agent) ?? 0) + 1);
		}
		return {
			id: 0,
			indexers,
			userAgents: [...agents].map(([userAgent, numberOfQueries]) => ({ userAgent, numberOfQueries, numberOfGrabs: 0 })),
			hosts: [{ host: '127.0.0.1', numberOfQueries: [...agents.values()].reduce((a, b) => a + b, 0), numberOfGrabs: 0 }],
		};
	}
}

function indexerSiteUrl(indexer: ProwlarrIndexer): string {
	const base = fieldOf(indexer, 'baseUrl');
	const url = typeof base === 'string' && base ? base : ((indexer.indexerUrls as string[] | undefined)?.[0] ?? 'https://indexer.invalid/');
	return url.endsWith('/') ? url : `${url}/`;
}

export type ProwlarrWebhookEvent = 'Test' | 'Grab' | 'Health' | 'HealthRestored' | 'ApplicationUpdate';

/** Prowlarr's connection types: a Webhook offers grab, health and update events only. */
function prowlarrTemplates(): ArrNotification[] {
	const supports = { onGrab: true, onHealthIssue: true, onHealthRestored: true, onApplicationUpdate: true };
	return [
		notificationTemplate({ implementation: 'Webhook', infoLink: 'https://wiki.servarr.com/prowlarr/supported#webhook', fields: webhookFields({ headers: false }), supports, extra: { includeManualGrabs: false, includeHealthWarnings: false } }),
		notificationTemplate({
			implementation: 'Discord',
			infoLink: 'https://wiki.servarr.com/prowlarr/supported#discord',
			fields: webhookFields({ headers: false }).slice(0, 1).map((field) => ({ ...field, name: 'webHookUrl', label: 'Webhook URL' })),
			supports,
			extra: { includeManualGrabs: false, includeHealthWarnings: false },
		}),
	];
}

/** Prowlarr's routing: grabs made in its own UI only with includeManualGrabs; health warnings only with includeHealthWarnings. */
function prowlarrWants(notification: ArrNotification, eventType: string, payload: Record<string, unknown>): boolean {
	switch (eventType) {
		case 'Grab':
			return notification.onGrab === true && (payload.trigger !== 'manual' || notification.includeManualGrabs === true);
		case 'Health':
			return wantsHealth(notification, 'onHealthIssue', payload);
		case 'HealthRestored':
			return wantsHealth(notification, 'onHealthRestored', payload);
		case 'ApplicationUpdate':
			return notification.onApplicationUpdate === true;
		default:
			return false;
	}
}

/** The command queue (ApplicationIndexerSync: "Sync App Indexers"). */
const PROWLARR_COMMANDS: CommandDefinition[] = [{ name: 'ApplicationIndexerSync', fields: { forceSync: 'boolean' } }];

const PROWLARR_APP: ArrApp = {
	name: 'Prowlarr',
	version: PROWLARR_VERSION,
	spec: PROWLARR_SPEC,
	prefix: '/api/v1',
	commands: PROWLARR_COMMANDS,
	commandOptions: { withResult: false, isLongRunning: false, isTypeExclusive: true },
	commandTiming: { startAfterMs: 10, completeAfterMs: 60 },
	status: { buildTime: '2025-11-02T12:00:00Z', branch: 'master', migrationVersion: 42, runtimeVersion: '8.0.12', packageRelease: 'ls130' },
	templates: prowlarrTemplates,
	wants: prowlarrWants,
};

/** Starts a fake Prowlarr on 127.0.0.1 (a free port unless `port` is given). */
export function startFakeProwlarr(options: FakeProwlarrOptions = {}): Promise<FakeProwlarr> {
	return FakeProwlarr.create(options);
}
