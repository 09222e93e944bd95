import { randomBytes } from 'node:crypto';
import type { ArrTag } from '../../clients/arr/types';
import type { ArrQualityProfile, ArrQueueItem, ArrRootFolder } from '../../clients/arr/library-types';
import {
	ArrApp,
	ArrFakeOptions,
	ArrFakeSetup,
	ConnectionsApp,
	FakeArrApp,
	ValidationFailure,
	arrFakeSetup,
	firstValue,
	flag,
	intList,
	intValue,
	invalid,
	modelNotFound,
	notificationTemplate,
	pageOf,
	problemNotFound,
	registerTags,
	schemaField,
	stringList,
	validationFailure,
	wantsHealth,
	webhookFields,
} from './arr-common';
import type { HandlerContext, HandlerResult, QueryRecord } from './kit';

/**
 * What the fake Sonarr and the fake Radarr share, as the two apps share it: a library of items
 * (series, movies) added from a catalogue, with the apps' validation on add and update, quality
 * profiles and root folders, the paged queue with removal and blocklist, history, the calendar's
 * window, tags, the Discord and Webhook connection types and the routing of their events.
 * FakeArrLibrary serves all of it; each app's fake says what the app names differently
 * (LibraryFacts) and builds its own resources and payloads.
 */

export const DAY = 86_400_000;

export const ENGLISH = { id: 1, name: 'English' };

// ---- qualities ---------------------------------------------------------------------------------

/** A quality as the app's quality definitions list it. */
export interface QualityDefinition {
	id: number;
	name: string;
	source: string;
	resolution: number;
	modifier?: string;
}

/** A file's or a download's quality: the app's definition (its first for an unknown id), revision 1. */
export function qualityModel(qualities: readonly QualityDefinition[], id: number): Record<string, unknown> {
	const found = qualities.find((candidate) => candidate.id === id) ?? qualities[0];
	return { quality: { ...found }, revision: { version: 1, real: 0, isRepack: false } };
}

/** A quality profile over all the app's qualities, those in `allowed` on. */
export function qualityProfile(qualities: readonly QualityDefinition[], id: number, name: string, allowed: number[], cutoff: number, extra: Record<string, unknown> = {}): ArrQualityProfile {
	return {
		id,
		name,
		upgradeAllowed: true,
		cutoff,
		items: qualities.map((entry) => ({ quality: { ...entry }, items: [], allowed: allowed.includes(entry.id) })),
		minFormatScore: 0,
		cutoffFormatScore: 0,
		minUpgradeFormatScore: 1,
		formatItems: [],
		...extra,
	};
}

// ---- the queue's downloads ---------------------------------------------------------------------

/** A download to put in the queue. */
export interface DownloadSpec {
	title: string;
	protocol: 'torrent' | 'usenet';
	state: 'downloading' | 'importBlocked' | 'queued';
	qualityId: number;
}

/**
 * A queue item's download fields, as both apps fill them for a download in qBittorrent or
 * SABnzbd; the app adds the id and the links to its library.
 */
export function downloadFields(
	spec: DownloadSpec,
	facts: { quality: Record<string, unknown>; size: number; etaMinutes: number; addedMinutesAgo: number; blockedMessage: string; category: 'tv' | 'movies'; leftRatio: number },
): Partial<ArrQueueItem> {
	const now = Date.now();
	const blocked = spec.state === 'importBlocked';
	const downloading = spec.state === 'downloading';
	const two = (n: number) => String(n).padStart(2, '0');
	return {
		languages: [ENGLISH],
		quality: facts.quality,
		customFormats: [],
		customFormatScore: 0,
		size: facts.size,
		title: spec.title,
		estimatedCompletionTime: downloading ? isoAt(now + facts.etaMinutes * 60_000) : null,
		added: isoAt(now - facts.addedMinutesAgo * 60_000),
		status: downloading ? 'downloading' : blocked ? 'completed' : 'queued',
		trackedDownloadStatus: blocked ? 'warning' : 'ok',
		trackedDownloadState: spec.state === 'queued' ? 'downloading' : spec.state,
		statusMessages: blocked ? [{ title: spec.title, messages: [facts.blockedMessage] }] : [],
		errorMessage: null,
		downloadId: spec.protocol === 'torrent' ? randomBytes(20).toString('hex').toUpperCase() : `SABnzbd_nzo_${randomBytes(6).toString('hex')}`,
		protocol: spec.protocol,
		downloadClient: spec.protocol === 'torrent' ? 'qBittorrent' : 'SABnzbd',
		downloadClientHasPostImportCategory: false,
		indexer: spec.protocol === 'torrent' ? '1337x (Prowlarr)' : 'NZBgeek (Prowlarr)',
		outputPath: `/downloads/${spec.protocol === 'torrent' ? 'torrents' : 'complete'}/${facts.category}/${spec.title}`,
		sizeleft: downloading ? Math.round(facts.size * facts.leftRatio) : spec.state === 'queued' ? facts.size : 0,
		timeleft: downloading ? `${two(Math.floor(facts.etaMinutes / 60))}:${two(facts.etaMinutes % 60)}:00` : null,
	};
}

// ---- the calendar ------------------------------------------------------------------------------

/** The calendar's query as both apps read it: start (default: today) to end (default: two days later), unmonitored, tags. */
export function calendarQuery(query: QueryRecord): { unmonitored: boolean; within: (date: string | null | undefined) => boolean; tagged: (tags: number[] | null | undefined) => boolean } {
	const today = Math.floor(Date.now() / DAY) * DAY;
	const start = firstValue(query.start) ? Date.parse(firstValue(query.start)!) : today;
	const end = firstValue(query.end) ? Date.parse(firstValue(query.end)!) : start + 2 * DAY;
	const tagIds = stringList(query.tags).map(Number);
	return {
		unmonitored: flag(query.unmonitored),
		within: (date) => !!date && Date.parse(date) >= start && Date.parse(date) <= end,
		tagged: (tags) => !tagIds.length || (tags ?? []).some((tag) => tagIds.includes(tag)),
	};
}

// ---- connections -------------------------------------------------------------------------------

/** The connection types the library fakes offer: Discord and Webhook (with headers), each with every event but those Discord lacks. */
export function libraryTemplates(wiki: string, events: readonly string[], notOnDiscord: readonly string[] = []): ConnectionsApp['templates'] {
	return () => {
		const all = Object.fromEntries(events.map((event) => [event, true]));
		const discord = { ...all, ...Object.fromEntries(notOnDiscord.map((event) => [event, false])) };
		return [
			notificationTemplate({
				implementation: 'Discord',
				infoLink: `${wiki}#discord`,
				fields: [schemaField(0, 'webHookUrl', 'Webhook URL', null, { type: 'url' }), schemaField(1, 'username', 'Username', null), schemaField(2, 'avatar', 'Avatar', null)],
				supports: discord,
				extra: { includeHealthWarnings: false },
			}),
			notificationTemplate({
				implementation: 'Webhook',
				infoLink: `${wiki}#webhook`,
				fields: webhookFields({ headers: true }),
				supports: all,
				extra: { includeHealthWarnings: false },
			}),
		];
	};
}

/**
 * The library apps' NotificationService routing for their events (besides Test and health):
 * an event goes to the connections with its on<Event> flag, an upgrade (a Download with
 * isUpgrade) to those with onUpgrade, a file deleted for an upgrade only to those that also take
 * on<Event>ForUpgrade; Health and HealthRestored by level (wantsHealth).
 */
export function libraryWants(events: readonly string[]): ConnectionsApp['wants'] {
	return (notification, eventType, payload) => {
		if (eventType === 'Health') return wantsHealth(notification, 'onHealthIssue', payload);
		if (eventType === 'HealthRestored') return wantsHealth(notification, 'onHealthRestored', payload);
		if (!events.includes(eventType)) return false;
		if (eventType === 'Download' && payload.isUpgrade === true) return notification.onUpgrade === true;
		if (notification[`on${eventType}`] !== true) return false;
		return !eventType.endsWith('FileDelete') || payload.deleteReason !== 'upgrade' || notification[`on${eventType}ForUpgrade`] === true;
	};
}

// ---- the library fake --------------------------------------------------------------------------

/** The facts the library fake serves that the two apps name differently. */
export interface LibraryFacts {
	/** The library below the API prefix, and its model in messages and command names: series and Series, movie and Movie. */
	resource: string;
	model: string;
	/** The catalogue id that keys the library (a list filter, required on add): tvdbId, tmdbId. */
	externalId: 'tvdbId' | 'tmdbId';
	/** The catalogue, as the app's "not found" answers name it: TheTVDB, TMDb. */
	metadataSource: string;
	/** What links a queue item, a history record and a blocklist entry to its library item (seriesId, movieId), and the filter by them (seriesIds, movieIds). */
	owner: 'seriesId' | 'movieId';
	ownerIds: 'seriesIds' | 'movieIds';
	/** The queue's flag for downloads of no library item. */
	includeUnknown: string;
	/** The DELETE flag that adds an import exclusion. */
	exclusionFlag: string;
	/** The sort keys by the library item's sort title, in the queue and in history. */
	queueSortTitle: string;
	historySortTitle: string;
	/** The history's event types as numbers (its eventType filter). */
	historyNumbers: Record<string, number>;
	/** Fields of a PUT body the app ignores: its own (statistics and the like). */
	readOnly: string[];
	qualities: readonly QualityDefinition[];
}

/** A series or a movie, as far as the library fake reads it. */
export interface LibraryItem {
	id: number;
	title: string | null;
	sortTitle?: string | null;
	path?: string | null;
	rootFolderPath?: string | null;
	qualityProfileId?: number;
	monitored?: boolean;
	tags?: number[] | null;
	added?: string;
	[key: string]: unknown;
}

/** A history record as the fakes store it; each app adds its links (seriesId and episodeId, movieId). */
export interface StoredHistory {
	id: number;
	sourceTitle: string;
	qualityId: number;
	date: string;
	downloadId: string;
	eventType: string;
	data: Record<string, string | null>;
}

/** A download removed from the queue with blocklist=true; each app adds its links. */
export interface BlocklistEntry {
	queueId: number;
	sourceTitle?: string | null;
	downloadId?: string | null;
	protocol?: string;
	date: string;
	/** The removal also asked for no replacement search. */
	skipRedownload: boolean;
}

export interface RemovedDownload {
	queueId: number;
	downloadId?: string | null;
	removeFromClient: boolean;
	changeCategory: boolean;
}

/** The types of one app's library fake. */
export interface LibraryShapes {
	item: LibraryItem;
	/** A catalogue entry, what an add starts from. */
	entry: object;
	queued: ArrQueueItem;
	history: StoredHistory;
	blocked: BlocklistEntry;
	event: string;
}

export interface LibraryFakeOptions extends ArrFakeOptions {
	/** Default: the app's two (a main and a 4K folder). */
	rootFolders?: ArrRootFolder[];
	/** Default: the app's six (Any, SD, HD-720p, HD-1080p, Ultra-HD, HD - 720p/1080p). */
	qualityProfiles?: ArrQualityProfile[];
	/** Default: three downloads of the seeded library. */
	queue?: boolean;
}

/** The server of a library app: a health check's wikiUrl travels as its string (STJHttpUriConverter) where the spec shows the object. */
export function librarySetup(app: ArrApp, options: ArrFakeOptions): Promise<ArrFakeSetup> {
	return arrFakeSetup(
		{
			...app,
			specGaps: {
				[`GET ${app.prefix}/health`]: { describedPart: (list) => (Array.isArray(list) ? list.map(({ wikiUrl: _wikiUrl, ...rest }) => rest) : list) },
				...app.specGaps,
			},
		},
		options,
	);
}

/**
 * A fake Sonarr or Radarr: the library (list, get, lookup, add, update, delete with the apps'
 * validation), quality profiles, root folders, the paged queue (removal, blocklist), history,
 * wanted/missing and the calendar, and tags. The app's fake keeps its items, builds their
 * resources and says what an add, a delete and a blocklisting do besides.
 */
export abstract class FakeArrLibrary<S extends LibraryShapes> extends FakeArrApp<S['event']> {
	readonly tags: ArrTag[];
	readonly qualityProfiles: ArrQualityProfile[];
	readonly rootFolders: ArrRootFolder[];
	readonly queue: S['queued'][] = [];
	readonly history: S['history'][] = [];
	readonly blocklist: S['blocked'][] = [];
	readonly removedDownloads: RemovedDownload[] = [];
	/** Library folders deleted from disk by a delete with deleteFiles. */
	readonly deletedFolders: string[] = [];
	private nextHistoryId = 1;

	protected constructor(
		setup: ArrFakeSetup,
		protected readonly facts: LibraryFacts,
		seed: { tags: ArrTag[]; qualityProfiles: ArrQualityProfile[]; rootFolders: ArrRootFolder[] },
	) {
		super(setup);
		this.tags = seed.tags;
		this.qualityProfiles = structuredClone(seed.qualityProfiles);
		this.rootFolders = structuredClone(seed.rootFolders);
	}

	/** The library: the app's series or movies. */
	protected abstract get items(): S['item'][];
	/** A library item as the app answers it. */
	protected abstract itemResource(item: S['item']): S['item'];
	protected abstract lookup(term: string): S['item'][];
	protected abstract fromCatalogue(externalId: number): S['entry'] | undefined;
	/** Adds a catalogue entry as the body asks, in the folder `root`, with what the app queues after an add. */
	protected abstract addFromCatalogue(entry: S['entry'], sent: S['item'], root: string): S['item'];
	/** Removes what belongs to a deleted item (its files, its episodes). */
	protected abstract forget(item: S['item']): void;
	/** Adds an import exclusion for a deleted item. */
	protected abstract exclude(item: S['item']): void;
	/** The links of a blocklisted download to the library, and the search the app starts for a replacement. */
	protected abstract blocklistLinks(item: S['queued']): Record<string, unknown>;
	protected abstract searchAgain(item: S['queued']): void;
	/** Adds what a queue item or history record links to, as the query's include* flags ask. */
	protected abstract withLinks(out: Record<string, unknown>, linked: S['queued'] | S['history'], query: QueryRecord): void;
	protected abstract calendar(query: QueryRecord): HandlerResult;
	protected abstract wantedMissing(query: QueryRecord): HandlerResult;

	/** A listing of the library. */
	protected listResources(items: S['item'][]): S['item'][] {
		return items.map((item) => this.itemResource(item));
	}

	/** Changes an update makes besides the item's own fields (a season's monitoring to its episodes). */
	protected updateLinked(_updated: S['item'], _sent: S['item']): void {}

	/** Whether a history record matches the app's own filters. */
	protected historyMatches(_record: S['history'], _query: QueryRecord): boolean {
		return true;
	}

	/** The history of a file that came through a download: the grab, then the import, under one download id. */
	protected recordDownload(links: Record<string, unknown>, download: { sourceTitle: string; qualityId: number; grabbedAt: string; importedAt: string; grabbed: Record<string, string | null>; imported: Record<string, string | null> }): void {
		const { sourceTitle, qualityId } = download;
		const downloadId = randomBytes(20).toString('hex').toUpperCase();
		this.history.push({ id: this.nextHistoryId++, ...links, sourceTitle, qualityId, date: download.grabbedAt, downloadId, eventType: 'grabbed', data: download.grabbed } as S['history']);
		this.history.push({ id: this.nextHistoryId++, ...links, sourceTitle, qualityId, date: download.importedAt, downloadId, eventType: 'downloadFolderImported', data: download.imported } as S['history']);
	}

	protected findItem(id: number): S['item'] | undefined {
		return this.items.find((item) => item.id === id);
	}

	protected ownerOf(row: S['queued'] | S['history']): number | null | undefined {
		return (row as unknown as Record<string, number | null | undefined>)[this.facts.owner];
	}

	protected quality(id: number): Record<string, unknown> {
		return qualityModel(this.facts.qualities, id);
	}

	/** The labels of tags, sorted, as webhooks name them. */
	protected tagLabels(ids: number[] | null | undefined): string[] {
		return this.tags.filter((tag) => ids?.includes(tag.id)).map((tag) => tag.label).sort();
	}

	/** What the app answers when the catalogue has no such entry. */
	protected notInCatalogue(key: string, id: unknown): HandlerResult {
		return { status: 404, body: { message: `${this.facts.model} with ${key} ${String(id)} was not found, it may have been removed from ${this.facts.metadataSource}.` } };
	}

	protected override register(): void {
		super.register();
		const { server } = this;
		const { prefix } = this.app;
		const { resource, externalId, exclusionFlag } = this.facts;
		server.on(`GET ${prefix}/${resource}`, ({ query }) => {
			const id = intValue(query[externalId]);
			return { body: this.listResources(id === undefined ? this.items : this.items.filter((item) => item[externalId] === id)) };
		});
		server.on(`GET ${prefix}/${resource}/{id}`, ({ params }) => {
			const item = this.findItem(Number(params.id));
			return item ? { body: this.itemResource(item) } : problemNotFound();
		});
		server.on(`GET ${prefix}/${resource}/lookup`, ({ query }) => ({ body: this.lookup(firstValue(query.term) ?? '') }));
		server.on(`POST ${prefix}/${resource}`, (context) => this.addItem(context));
		server.on(`PUT ${prefix}/${resource}/{id}`, (context) => this.updateItem(context));
		server.on(`DELETE ${prefix}/${resource}/{id}`, ({ params, query }) => this.deleteItem(Number(params.id), flag(query.deleteFiles), flag(query[exclusionFlag])));
		server.on(`GET ${prefix}/qualityprofile`, () => ({ body: this.qualityProfiles }));
		server.on(`GET ${prefix}/rootfolder`, () => ({ body: this.rootFolders }));
		server.on(`GET ${prefix}/queue`, ({ query }) => this.listQueue(query));
		server.on(`DELETE ${prefix}/queue/{id}`, ({ params, query }) => this.removeFromQueue(Number(params.id), query));
		server.on(`GET ${prefix}/calendar`, ({ query }) => this.calendar(query));
		server.on(`GET ${prefix}/history`, ({ query }) => this.listHistory(query));
		server.on(`GET ${prefix}/wanted/missing`, ({ query }) => this.wantedMissing(query));
		registerTags(server, prefix, this.tags, (id) => this.items.some((item) => item.tags?.includes(id)) || this.connections.notifications.some((notification) => notification.tags?.includes(id)));
	}

	// ---- the library ---------------------------------------------------------------------------

	private profileIds(): number[] {
		return this.qualityProfiles.map((candidate) => candidate.id);
	}

	private addItem({ body }: HandlerContext): HandlerResult {
		const { externalId, model } = this.facts;
		const sent = (body ?? {}) as S['item'];
		const id = sent[externalId] as number | undefined;
		const property = `${externalId[0].toUpperCase()}${externalId.slice(1)}`;
		const failures = libraryPostFailures(sent, this.profileIds());
		if (!id || id <= 0) failures.unshift(validationFailure(property, `'${property.replace(/Id$/, ' Id')}' must be greater than '0'.`, 'GreaterThanValidator', id ?? 0));
		else if (this.items.some((item) => item[externalId] === id)) failures.unshift(validationFailure(property, `This ${model.toLowerCase()} has already been added`, `${model}ExistsValidator`, id));
		if (failures.length) return invalid(...failures);
		const entry = this.fromCatalogue(id!);
		// The apps refresh a new item from their catalogue right away; an unknown id fails there.
		if (!entry) return this.notInCatalogue(property, id);
		const path = sent.path ?? '';
		const item = this.addFromCatalogue(entry, sent, path.trim() ? path.replace(/\/[^/]+\/?$/, '') : (sent.rootFolderPath ?? ''));
		if (path.trim()) item.path = path;
		return { status: 201, body: this.itemResource(item) };
	}

	private updateItem({ params, query, body }: HandlerContext): HandlerResult {
		const { externalId, model, owner, readOnly } = this.facts;
		const id = Number(params.id);
		const index = this.items.findIndex((item) => item.id === id);
		const sent = { ...((body ?? {}) as S['item']) };
		const failures = libraryPutFailures(sent, id, this.profileIds());
		if (failures.length) return invalid(...failures);
		if (index < 0) return modelNotFound(model, params.id);
		const current = this.items[index];
		if (flag(query.moveFiles) && sent.path !== current.path) this.commands.queue(`Move${model}`, { [owner]: id, sourcePath: current.path, destinationPath: sent.path });
		// The fields a PUT can change; statistics and the like are the app's own.
		const stored = Object.fromEntries(Object.entries(sent).filter(([key]) => !readOnly.includes(key)));
		const updated = { ...current, ...stored, id, added: current.added, [externalId]: current[externalId], rootFolderPath: rootFolderOf(String(sent.path ?? ''), this.rootFolders) ?? current.rootFolderPath } as S['item'];
		this.updateLinked(updated, sent);
		this.items[index] = updated;
		return { status: 202, body: this.itemResource(updated) };
	}

	private deleteItem(id: number, deleteFiles: boolean, addExclusion: boolean): HandlerResult {
		const index = this.items.findIndex((item) => item.id === id);
		if (index < 0) return modelNotFound(this.facts.model, id);
		const [item] = this.items.splice(index, 1);
		this.forget(item);
		removeWhere(this.queue, (queued) => this.ownerOf(queued) === id);
		if (deleteFiles && item.path) this.deletedFolders.push(item.path);
		if (addExclusion) this.exclude(item);
		return { body: {} };
	}

	// ---- queue ---------------------------------------------------------------------------------

	private listQueue(query: QueryRecord): HandlerResult {
		const ownerIds = intList(query[this.facts.ownerIds]);
		const statuses = stringList(query.status);
		const protocol = firstValue(query.protocol);
		const includeUnknown = flag(query[this.facts.includeUnknown]);
		const list = this.queue.filter((item) => {
			const owner = this.ownerOf(item);
			return (includeUnknown || owner != null) && (!ownerIds.length || (owner != null && ownerIds.includes(owner))) && (!statuses.length || statuses.includes(String(item.status))) && (!protocol || item.protocol === protocol);
		});
		const page = pageOf(
			list,
			query,
			{
				timeleft: (item) => item.sizeleft,
				title: (item) => item.title,
				added: (item) => item.added,
				size: (item) => item.size,
				estimatedCompletionTime: (item) => item.estimatedCompletionTime,
				[this.facts.queueSortTitle]: (item) => this.findItem(this.ownerOf(item) ?? 0)?.sortTitle,
			},
			{ sortKey: 'timeleft', sortDirection: 'ascending' },
		);
		const records = (page.records as S['queued'][]).map((item) => {
			const out: Record<string, unknown> = { ...item };
			this.withLinks(out, item, query);
			return out;
		});
		return { body: { ...page, records } };
	}

	private removeFromQueue(id: number, query: QueryRecord): HandlerResult {
		const index = this.queue.findIndex((item) => item.id === id);
		// QueueActionController throws NotFoundException: a bare 404.
		if (index < 0) return { status: 404, body: { message: 'Not Found' } };
		const [item] = this.queue.splice(index, 1);
		this.removedDownloads.push({ queueId: id, downloadId: item.downloadId, removeFromClient: flag(query.removeFromClient, true), changeCategory: flag(query.changeCategory) });
		if (flag(query.blocklist)) {
			const skipRedownload = flag(query.skipRedownload);
			this.blocklist.push({ queueId: id, ...this.blocklistLinks(item), sourceTitle: item.title, downloadId: item.downloadId, protocol: item.protocol, date: isoAt(Date.now()), skipRedownload } as S['blocked']);
			if (!skipRedownload) this.searchAgain(item);
		}
		return { body: {} };
	}

	// ---- history -------------------------------------------------------------------------------

	private listHistory(query: QueryRecord): HandlerResult {
		const types = intList(query.eventType);
		const downloadId = firstValue(query.downloadId);
		const ownerIds = intList(query[this.facts.ownerIds]);
		const qualities = intList(query.quality);
		const list = this.history.filter(
			(record) =>
				(!types.length || types.includes(this.facts.historyNumbers[record.eventType])) &&
				(downloadId === undefined || record.downloadId === downloadId) &&
				(!ownerIds.length || ownerIds.includes(this.ownerOf(record) ?? 0)) &&
				(!qualities.length || qualities.includes(record.qualityId)) &&
				this.historyMatches(record, query),
		);
		const page = pageOf(list, query, { date: (record) => record.date, sourceTitle: (record) => record.sourceTitle, [this.facts.historySortTitle]: (record) => this.findItem(this.ownerOf(record) ?? 0)?.sortTitle }, { sortKey: 'date', sortDirection: 'descending' });
		const records = (page.records as S['history'][]).map((record) => {
			const { qualityId, ...stored } = record;
			const out: Record<string, unknown> = { ...stored, languages: [ENGLISH], quality: this.quality(qualityId), customFormats: [], customFormatScore: 0, qualityCutoffNotMet: false };
			this.withLinks(out, record, query);
			return out;
		});
		return { body: { ...page, records } };
	}
}
// ---- small shared helpers of the library fakes ------------------------------------------------

/** An ISO date without milliseconds, as the apps write them. */
export function isoAt(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Lower case without accents, punctuation or runs of spaces, like the apps' clean titles. */
export function plainTitle(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9\s]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

export function isAbsolutePath(path: string): boolean {
	return /^\//.test(path) || /^[A-Za-z]:\\/.test(path);
}

/** The root folder a path lies in, as the apps' GetBestRootFolderPath finds it. */
export function rootFolderOf(path: string, folders: Array<{ path?: string | null }>): string | undefined {
	const found = folders.filter((folder) => folder.path && path.startsWith(folder.path.replace(/\/+$/, '') + '/')).sort((a, b) => (b.path ?? '').length - (a.path ?? '').length)[0];
	return found?.path ?? undefined;
}

/** Removes, in place, every item that matches. */
export function removeWhere<T>(list: T[], predicate: (item: T) => boolean): void {
	for (let i = list.length - 1; i >= 0; i--) if (predicate(list[i])) list.splice(i, 1);
}

/** What the apps check on POST of a series or movie, beyond the id that keys it. */
export function libraryPostFailures(resource: { title?: string | null; qualityProfileId?: number; path?: string | null; rootFolderPath?: string | null }, profileIds: number[]): ValidationFailure[] {
	const failures: ValidationFailure[] = [];
	if (!resource.title || !String(resource.title).trim()) failures.push(validationFailure('Title', "'Title' must not be empty.", 'NotEmptyValidator', resource.title ?? ''));
	failures.push(...profileFailures(resource.qualityProfileId, profileIds));
	const path = resource.path ?? '';
	const rootFolderPath = resource.rootFolderPath ?? '';
	if (!path.trim() && !isAbsolutePath(rootFolderPath)) failures.push(validationFailure('RootFolderPath', 'Invalid Path', 'PathValidator', rootFolderPath));
	if (path.trim() && !isAbsolutePath(path)) failures.push(validationFailure('Path', 'Invalid Path', 'PathValidator', path));
	return failures;
}

/** What the apps check on PUT: the id matches the URL, a valid path, a quality profile that exists. */
export function libraryPutFailures(resource: { id?: number; path?: string | null; qualityProfileId?: number }, id: number, profileIds: number[]): ValidationFailure[] {
	if (resource.id && resource.id !== id) return [validationFailure('Id', `Id in the body (${resource.id}) does not match the URL (${id})`, 'EqualValidator', resource.id)];
	if (!isAbsolutePath(resource.path ?? '')) return [validationFailure('Path', 'Invalid Path', 'PathValidator', resource.path ?? '')];
	return profileFailures(resource.qualityProfileId, profileIds);
}

function profileFailures(qualityProfileId: number | undefined, profileIds: number[]): ValidationFailure[] {
	if (!qualityProfileId || qualityProfileId <= 0) return [validationFailure('QualityProfileId', "'Quality Profile Id' must be greater than '0'.", 'GreaterThanValidator', qualityProfileId ?? 0)];
	if (!profileIds.includes(qualityProfileId)) return [validationFailure('QualityProfileId', 'Quality Profile does not exist', 'QualityProfileExistsValidator', qualityProfileId)];
	return [];
}
