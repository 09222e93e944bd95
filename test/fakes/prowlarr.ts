import { randomBytes } from 'node:crypto';
import type {
	ProwlarrField,
	ProwlarrHealthCheck,
	ProwlarrIndexer,
	ProwlarrIndexerStatus,
} from '../../clients/prowlarr/types';
import type { ArrNotification } from '../../clients/arr/types';
import { CommandDefinition, FakeCommands, FakeConnections, WebhookDelivery, notificationTemplate, wantsHealth, webhookFields } from './arr-common';
import { FakeProwlarrApplications } from './prowlarr-apps';
import { Fault, FaultOptions, FakeServer, HandlerContext, HandlerResult, RecordedRequest, Violation } from './kit';

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

export interface FakeProwlarrOptions {
	/** Default: a random 32-hex-digit key, like Prowlarr generates. */
	apiKey?: string;
	port?: number;
	/** Default: defaultProwlarrIndexers() (MyAnonamouse, 1337x, a Newznab indexer). */
	indexers?: ProwlarrIndexer[];
	allowViolations?: boolean;
}

interface ValidationFailure {
	isWarning: boolean;
	propertyName: string;
	errorMessage: string;
	attemptedValue: unknown;
	severity: 'error' | 'warning';
	errorCode: string;
	infoLink: string | null;
	detailedDescription: string | null;
	formattedMessagePlaceholderValues: Record<string, unknown>;
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

function field(order: number, name: string, label: string, value: unknown, extra: Partial<ProwlarrField> = {}): ProwlarrField {
	return { order, name, label, value, type: 'textbox', advanced: false, privacy: 'normal', isFloat: false, ...extra };
}

function torrentBaseFields(start: number): ProwlarrField[] {
	return [
		field(start, 'torrentBaseSettings.appMinimumSeeders', 'Apps Minimum Seeders', null, { type: 'number', advanced: true }),
		field(start + 1, 'torrentBaseSettings.seedRatio', 'Seed Ratio', null, { type: 'number', isFloat: true }),
		field(start + 2, 'torrentBaseSettings.seedTime', 'Seed Time', null, { type: 'number', unit: 'minutes', advanced: true }),
		field(start + 3, 'torrentBaseSettings.packSeedTime', 'Pack Seed Time', null, { type: 'number', unit: 'minutes', advanced: true }),
		field(start + 4, 'baseSettings.queryLimit', 'Query Limit', null, { type: 'number', advanced: true }),
		field(start + 5, 'baseSettings.grabLimit', 'Grab Limit', null, { type: 'number', advanced: true }),
		field(start + 6, 'baseSettings.limitsUnit', 'Limits Unit', 0, { type: 'select', advanced: true, selectOptions: [{ value: 0, name: 'Day', order: 0 }, { value: 1, name: 'Hour', order: 1 }] }),
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
				field(0, 'baseUrl', 'Base Url', 'https://www.myanonamouse.net/', { type: 'select', selectOptionsProviderAction: null, helpText: 'Select which baseurl Prowlarr will use for requests to the site' }),
				field(1, 'mamId', 'Mam Id', randomMamCookie(), { helpText: 'Mam Session Id (Created Under Preferences -> Security)', privacy: 'password' }),
				field(2, 'useFreeleechWedge', 'Use Freeleech Wedges', 0, { type: 'select', selectOptions: [{ value: 0, name: 'Never', order: 0 }, { value: 1, name: 'Preferred', order: 1 }, { value: 2, name: 'Required', order: 2 }] }),
				field(3, 'searchType', 'Search Type', 0, { type: 'select', selectOptions: [{ value: 0, name: 'All torrents', order: 0 }, { value: 1, name: 'Only active', order: 1 }, { value: 3, name: 'Freeleech', order: 3 }] }),
				field(4, 'searchInDescription', 'Search in description', false, { type: 'checkbox' }),
				field(5, 'searchInSeries', 'Search in series', false, { type: 'checkbox' }),
				field(6, 'searchInFilenames', 'Search in filenames', false, { type: 'checkbox' }),
				field(7, 'searchLanguages', 'Search Languages', [], { type: 'select' }),
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
				field(0, 'definitionFile', 'Definition File', '1337x', { hidden: 'hidden' }),
				field(1, 'baseUrl', 'Base Url', 'https://1337x.to/', { type: 'select' }),
				field(2, 'downloadlink', 'Download link', 1, { type: 'select' }),
				field(3, 'sort', 'Sort requested from site', 2, { type: 'select' }),
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
				field(0, 'baseUrl', 'URL', 'https://api.nzbgeek.info'),
				field(1, 'apiPath', 'API Path', '/api', { advanced: true }),
				field(2, 'apiKey', 'API Key', randomBytes(16).toString('hex'), { privacy: 'apiKey' }),
				field(3, 'additionalParameters', 'Additional Parameters', null, { advanced: true }),
				field(4, 'vipExpiration', 'VIP Expiration', '', { advanced: true }),
				field(5, 'baseSettings.queryLimit', 'Query Limit', null, { type: 'number', advanced: true }),
				field(6, 'baseSettings.grabLimit', 'Grab Limit', null, { type: 'number', advanced: true }),
				field(7, 'baseSettings.limitsUnit', 'Limits Unit', 0, { type: 'select', advanced: true }),
			],
		},
	];
}

function fieldValue(indexer: ProwlarrIndexer, name: string): unknown {
	return (indexer.fields ?? []).find((candidate) => candidate.name === name)?.value;
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

function failure(propertyName: string, errorMessage: string, errorCode: string, attemptedValue: unknown = null): ValidationFailure {
	return {
		isWarning: false,
		propertyName,
		errorMessage,
		attemptedValue,
		severity: 'error',
		errorCode,
		infoLink: null,
		detailedDescription: null,
		formattedMessagePlaceholderValues: propertyName ? { PropertyName: propertyName, PropertyValue: attemptedValue } : {},
	};
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

function firstValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function numberList(value: string | string[] | undefined): number[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map(Number).filter((n) => Number.isInteger(n));
}

function isTrue(value: string | string[] | undefined): boolean {
	return /^true$/i.test(firstValue(value) ?? '');
}

export class FakeProwlarr {
	readonly apiKey: string;
	/** Live state: PUT/POST/DELETE change it, tests read it. */
	readonly indexers: ProwlarrIndexer[];
	/** Live indexer failure records, as GET /api/v1/indexerstatus returns them. */
	readonly statuses: ProwlarrIndexerStatus[] = [];
	/** Extra health checks to report besides the ones derived from failing indexers. */
	readonly health: ProwlarrHealthCheck[] = [];
	/** Cookies MAM refuses (expired or revoked sessions): tests and searches with them fail. */
	readonly deadMamIds = new Set<string>();
	readonly server: FakeServer;
	/** Settings → Connect: the connections, and the webhooks the fake posts (emitWebhook). */
	readonly connections = new FakeConnections({
		name: 'Prowlarr',
		version: PROWLARR_VERSION,
		templates: () => prowlarrTemplates(),
		testPayload: () => ({ eventType: 'Test', instanceName: 'Prowlarr' }),
		wants: (notification, eventType, payload) => prowlarrWants(notification, eventType, payload),
	});
	/** Settings → Apps, whose tests call the app itself. */
	readonly applications = new FakeProwlarrApplications();
	/** The command queue (ApplicationIndexerSync: "Sync App Indexers"). */
	readonly commands = new FakeCommands(PROWLARR_COMMANDS, { startAfterMs: 10, completeAfterMs: 60 }, { withResult: false, isLongRunning: false, isTypeExclusive: true });
	private readonly runtime = new Map<number, IndexerRuntimeState>();
	private readonly startTime = new Date().toISOString();
	private nextStatusId = 1;

	private constructor(server: FakeServer, apiKey: string, indexers: ProwlarrIndexer[]) {
		this.server = server;
		this.apiKey = apiKey;
		this.indexers = indexers;
	}

	/** @internal use startFakeProwlarr() */
	static async create(options: FakeProwlarrOptions = {}): Promise<FakeProwlarr> {
		const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
		const server = await FakeServer.create({
			name: 'Prowlarr',
			spec: PROWLARR_SPEC,
			apiKey,
			port: options.port,
			allowViolations: options.allowViolations,
			anonymous: ['GET /ping'],
			fallbackAuth: [
				{ in: 'header', name: 'X-Api-Key' },
				{ in: 'query', name: 'apikey' },
			],
			specGaps: new FakeCommands(PROWLARR_COMMANDS).specGaps('/api/v1'),
		});
		const fake = new FakeProwlarr(server, apiKey, structuredClone(options.indexers ?? defaultProwlarrIndexers()));
		fake.register();
		await server.start();
		return fake;
	}

	get url(): string {
		return this.server.url;
	}

	get port(): number {
		return this.server.port;
	}

	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	get violations(): Violation[] {
		return this.server.violations;
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
		return mam ? fieldValue(mam, 'mamId') : undefined;
	}

	fault(fault: Fault, options?: FaultOptions): void {
		this.server.fault(fault, options);
	}

	clearFaults(): void {
		this.server.clearFaults();
	}

	get webhookDeliveries(): WebhookDelivery[] {
		return this.connections.deliveries;
	}

	/**
	 * Posts an event to every webhook connection that takes it, as Prowlarr would (payloads as
	 * Prowlarr's src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and WebhookGrabPayload.cs
	 * build them); the payload's top-level fields can be overridden.
	 */
	emitWebhook(eventType: ProwlarrWebhookEvent, overrides: Record<string, unknown> = {}): Promise<WebhookDelivery[]> {
		return this.connections.emit(eventType, { ...this.webhookPayload(eventType), ...overrides });
	}

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

	/** "Prowlarr is down": stops listening, keeps state and port. */
	stop(): Promise<void> {
		return this.server.stop();
	}

	/** "Prowlarr is back": listens again on the same port. */
	start(): Promise<void> {
		return this.server.start();
	}

	/** Stops for good; throws if any request broke the spec (unless allowViolations). */
	close(): Promise<void> {
		return this.server.close();
	}

	private register(): void {
		const server = this.server;
		server.on('GET /ping', () => ({ body: { status: 'OK' } }));
		server.on('GET /api/v1/system/status', () => ({ body: this.systemStatus() }));
		server.on('GET /api/v1/health', () => ({ body: this.healthChecks() }));
		server.on('GET /api/v1/indexer', () => ({ body: [...this.indexers].sort((a, b) => String(a.name).localeCompare(String(b.name))) }));
		server.on('GET /api/v1/indexer/{id}', ({ params }) => {
			const indexer = this.find(Number(params.id));
			return indexer ? { body: indexer } : this.notFound(params.id);
		});
		server.on('PUT /api/v1/indexer/{id}', (context) => this.updateIndexer(context));
		server.on('POST /api/v1/indexer', (context) => this.createIndexer(context));
		server.on('DELETE /api/v1/indexer/{id}', ({ params }) => {
			const index = this.indexers.findIndex((candidate) => candidate.id === Number(params.id));
			if (index < 0) return this.notFound(params.id);
			this.indexers.splice(index, 1);
			return { body: {} };
		});
		server.on('POST /api/v1/indexer/test', ({ body }) => {
			const resource = body as ProwlarrIndexer;
			const existing = resource.id > 0 ? this.find(resource.id) : undefined;
			if (resource.id > 0 && !existing) return this.notFound(String(resource.id));
			const failures = [...this.validate(resource, true), ...this.test(resource)];
			return failures.length ? { status: 400, body: failures } : { body: {} };
		});
		server.on('GET /api/v1/indexerstatus', () => ({ body: this.statuses }));
		server.on('GET /api/v1/search', (context) => this.search(context));
		server.on('GET /api/v1/indexerstats', ({ query }) => ({ body: this.stats(query.indexers) }));
		this.connections.register(server, '/api/v1');
		this.applications.register(server, '/api/v1');
		this.commands.register(server, '/api/v1');
	}

	private find(id: number): ProwlarrIndexer | undefined {
		return this.indexers.find((candidate) => candidate.id === id);
	}

	private notFound(id: string): HandlerResult {
		return {
			status: 404,
			body: {
				message: `IndexerDefinition with ID ${id} does not exist`,
				description: `NzbDrone.Core.Datastore.ModelNotFoundException: IndexerDefinition with ID ${id} does not exist`,
			},
		};
	}

	/** Prowlarr's settings validation: runs on every save of an enabled indexer, forceSave or not. */
	private validate(resource: ProwlarrIndexer, force = false): ValidationFailure[] {
		const failures: ValidationFailure[] = [];
		if (!resource.enable && !force) return failures;
		if (!resource.name) failures.push(failure('Name', "'Name' must not be empty.", 'NotEmptyValidator', resource.name ?? ''));
		else if (this.indexers.some((other) => other.name === resource.name && other.id !== resource.id)) {
			failures.push(failure('Name', 'Should be unique', 'PredicateValidator', resource.name));
		}
		if (!resource.implementation) failures.push(failure('Implementation', "'Implementation' must not be empty.", 'NotEmptyValidator', ''));
		if (!resource.configContract) failures.push(failure('ConfigContract', "'Config Contract' must not be empty.", 'NotEmptyValidator', ''));
		if (resource.fields == null) failures.push(failure('Fields', "'Fields' must not be empty.", 'NotNullValidator'));
		if (isMam(resource)) {
			const mamId = fieldValue(resource, 'mamId');
			if (typeof mamId !== 'string' || mamId.trim() === '') failures.push(failure('MamId', "'Mam Id' must not be empty.", 'NotEmptyValidator', mamId ?? ''));
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
		const mamId = fieldValue(resource, 'mamId');
		if (typeof mamId === 'string' && mamId.trim() === '') return [];
		if (!isPlausibleMamId(mamId) || this.deadMamIds.has(String(mamId))) {
			return [failure('', 'Unable to connect to indexer, check the log above for more details. [403 Forbidden] - mam_session_id expired or invalid', '')];
		}
		return [];
	}

	private updateIndexer({ params, query, body }: HandlerContext): HandlerResult {
		const id = Number(params.id);
		const resource = { ...(body as ProwlarrIndexer) };
		if (resource.id === undefined || resource.id === 0) resource.id = id;
		if (resource.id !== id) {
			return { status: 400, body: [failure('Id', `Id in the body (${resource.id}) does not match the URL (${id})`, 'EqualValidator', resource.id)] };
		}
		const index = this.indexers.findIndex((candidate) => candidate.id === id);
		if (index < 0) return this.notFound(params.id);
		this.indexerState(id).putCount += 1;
		const forceSave = isTrue(query.forceSave);
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
		if (resource.enable && !isTrue(query.forceSave)) {
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
				const cookie = state.cachedMamCookie ?? fieldValue(indexer, 'mamId');
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

	private healthChecks(): ProwlarrHealthCheck[] {
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

	private systemStatus(): Record<string, unknown> {
		return {
			appName: 'Prowlarr',
			instanceName: 'Prowlarr',
			version: PROWLARR_VERSION,
			buildTime: '2025-11-02T12:00:00Z',
			isDebug: false,
			isProduction: true,
			isAdmin: false,
			isUserInteractive: false,
			startupPath: '/app/prowlarr/bin',
			appData: '/config',
			osName: 'debian',
			osVersion: '12',
			isNetCore: true,
			isLinux: true,
			isOsx: false,
			isWindows: false,
			isDocker: true,
			mode: 'console',
			branch: 'master',
			databaseType: 'sqLite',
			databaseVersion: '3.46.1',
			authentication: 'forms',
			migrationVersion: 42,
			urlBase: '',
			runtimeVersion: '8.0.12',
			runtimeName: '.NET',
			startTime: this.startTime,
			packageVersion: `${PROWLARR_VERSION}-ls130`,
			packageAuthor: '[linuxserver.io](https://linuxserver.io)',
			packageUpdateMechanism: 'docker',
		};
	}
}

function indexerSiteUrl(indexer: ProwlarrIndexer): string {
	const base = fieldValue(indexer, 'baseUrl');
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

/** Starts a fake Prowlarr on 127.0.0.1 (a free port unless `port` is given). */
const PROWLARR_COMMANDS: CommandDefinition[] = [{ name: 'ApplicationIndexerSync', fields: { forceSync: 'boolean' } }];

export function startFakeProwlarr(options: FakeProwlarrOptions = {}): Promise<FakeProwlarr> {
	return FakeProwlarr.create(options);
}
