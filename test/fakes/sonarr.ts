import { randomBytes } from 'node:crypto';
import type { ArrQualityProfile, ArrRootFolder } from '../../clients/arr/library-types';
import type { SonarrEpisode, SonarrEpisodeFile, SonarrQueueItem, SonarrSeries } from '../../clients/sonarr/types';
import { ArrApp, ArrFakeSetup, CommandDefinition, flag, intList, intValue, modelNotFound, pageOf } from './arr-common';
import { BlocklistEntry as LibraryBlocklistEntry, DAY, DownloadSpec, ENGLISH, FakeArrLibrary, LibraryFacts, LibraryFakeOptions, StoredHistory as LibraryHistory, calendarQuery, downloadFields, isoAt, libraryTemplates, libraryWants, librarySetup, plainTitle, qualityProfile, removeWhere } from './arr-library';
import type { HandlerResult, QueryRecord } from './kit';

/**
 * A fake Sonarr 4 (API v3) that behaves like Sonarr where our code depends on it: X-Api-Key /
 * apikey auth, a library of series with their episodes and files, a lookup catalogue of real
 * shows (TVDB/TMDB/IMDb ids), quality profiles, root folders with free space, the paged queue
 * (removal, blocklist), history, wanted/missing, the calendar, tags, commands that run as time
 * passes, and connections whose webhooks the fake posts like Sonarr does (emitWebhook).
 * Validation failures are Sonarr's FluentValidation arrays; unknown ids answer 404. What it
 * shares with the fake Radarr is ./arr-library.ts; this file holds what is Sonarr's own.
 */

export const SONARR_SPEC = 'sonarr-v3.openapi.json';
export const SONARR_VERSION = '4.0.15.2941';

/** A show as TheTVDB (through Sonarr's Skyhook) describes it. */
export interface CatalogueShow {
	tvdbId: number;
	tmdbId: number;
	imdbId: string;
	tvMazeId: number;
	title: string;
	year: number;
	network: string;
	status: 'continuing' | 'ended' | 'upcoming';
	overview: string;
	runtime: number;
	genres: string[];
	certification: string;
	airTime: string;
	firstAired: string;
	/** Episode counts of seasons 1, 2, ... */
	seasons: number[];
	rating: number;
	votes: number;
}

export const SONARR_CATALOGUE: CatalogueShow[] = [
	{
		tvdbId: 81189,
		tmdbId: 1396,
		imdbId: 'tt0903747',
		tvMazeId: 169,
		title: 'Breaking Bad',
		year: 2008,
		network: 'AMC',
		status: 'ended',
		overview: 'A high school chemistry teacher diagnosed with lung cancer turns to making and selling methamphetamine to secure his family\'s future.',
		runtime: 47,
		genres: ['Crime', 'Drama', 'Thriller'],
		certification: 'TV-MA',
		airTime: '21:00',
		firstAired: '2008-01-20',
		seasons: [7, 13, 13, 13, 16],
		rating: 9.4,
		votes: 2100,
	},
	{
		tvdbId: 371980,
		tmdbId: 95396,
		imdbId: 'tt11280740',
		tvMazeId: 44933,
		title: 'Severance',
		year: 2022,
		network: 'Apple TV+',
		status: 'continuing',
		overview: 'Mark leads a team of office workers whose memories have been surgically divided between their work and personal lives.',
		runtime: 55,
		genres: ['Drama', 'Mystery', 'Science Fiction', 'Thriller'],
		certification: 'TV-MA',
		airTime: '21:00',
		firstAired: '2022-02-18',
		seasons: [9, 10],
		rating: 8.7,
		votes: 980,
	},
	{
		tvdbId: 403245,
		tmdbId: 136315,
		imdbId: 'tt14452776',
		tvMazeId: 58991,
		title: 'The Bear',
		year: 2022,
		network: 'FX',
		status: 'continuing',
		overview: 'A young chef from the fine dining world returns to Chicago to run his family\'s sandwich shop.',
		runtime: 32,
		genres: ['Comedy', 'Drama'],
		certification: 'TV-MA',
		airTime: '22:00',
		firstAired: '2022-06-23',
		seasons: [8, 10, 10],
		rating: 8.5,
		votes: 640,
	},
	{
		tvdbId: 393189,
		tmdbId: 83867,
		imdbId: 'tt9253284',
		tvMazeId: 37680,
		title: 'Andor',
		year: 2022,
		network: 'Disney+',
		status: 'ended',
		overview: 'The story of the burgeoning rebellion against the Empire and how people and planets became involved.',
		runtime: 45,
		genres: ['Action', 'Adventure', 'Drama', 'Science Fiction'],
		certification: 'TV-14',
		airTime: '03:00',
		firstAired: '2022-09-21',
		seasons: [12, 12],
		rating: 8.4,
		votes: 720,
	},
	{
		tvdbId: 392573,
		tmdbId: 126308,
		imdbId: 'tt2788316',
		tvMazeId: 57174,
		title: 'Shōgun',
		year: 2024,
		network: 'FX',
		status: 'continuing',
		overview: 'In 1600 Japan, Lord Yoshii Toranaga fights for his life as his enemies on the Council of Regents unite against him.',
		runtime: 59,
		genres: ['Adventure', 'Drama', 'History', 'War'],
		certification: 'TV-MA',
		airTime: '22:00',
		firstAired: '2024-02-27',
		seasons: [10],
		rating: 8.6,
		votes: 530,
	},
];

/** A series to start the library with. */
export interface SeedSeries {
	tvdbId: number;
	qualityProfileId: number;
	rootFolderPath: string;
	added: string;
	monitored?: boolean;
	tags?: number[];
}

export interface FakeSonarrOptions extends LibraryFakeOptions {
	/** Default: Breaking Bad in /tv, then Severance (added last) in /data/tv-4k with Ultra-HD. */
	series?: SeedSeries[];
}

export interface BlocklistEntry extends LibraryBlocklistEntry {
	seriesId?: number | null;
	episodeIds: number[];
}

export type { RemovedDownload } from './arr-library';

interface StoredEpisode extends SonarrEpisode {
	episodeFileId: number;
}

interface StoredFile {
	id: number;
	seriesId: number;
	seasonNumber: number;
	relativePath: string;
	size: number;
	dateAdded: string;
	releaseGroup: string;
	qualityId: number;
}

interface StoredHistory extends LibraryHistory {
	episodeId: number;
	seriesId: number;
	eventType: 'grabbed' | 'downloadFolderImported' | 'downloadFailed' | 'episodeFileDeleted' | 'episodeFileRenamed';
}

const QUALITIES = [
	{ id: 1, name: 'SDTV', source: 'television', resolution: 480 },
	{ id: 4, name: 'HDTV-720p', source: 'television', resolution: 720 },
	{ id: 5, name: 'WEBDL-720p', source: 'web', resolution: 720 },
	{ id: 9, name: 'HDTV-1080p', source: 'television', resolution: 1080 },
	{ id: 3, name: 'WEBDL-1080p', source: 'web', resolution: 1080 },
	{ id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080 },
	{ id: 16, name: 'HDTV-2160p', source: 'television', resolution: 2160 },
	{ id: 18, name: 'WEBDL-2160p', source: 'web', resolution: 2160 },
	{ id: 19, name: 'Bluray-2160p', source: 'bluray', resolution: 2160 },
] as const;

function profile(id: number, name: string, allowed: number[], cutoff: number): ArrQualityProfile {
	return qualityProfile(QUALITIES, id, name, allowed, cutoff);
}

export function defaultSonarrQualityProfiles(): ArrQualityProfile[] {
	return [
		profile(1, 'Any', QUALITIES.map((entry) => entry.id), 1),
		profile(2, 'SD', [1], 1),
		profile(3, 'HD-720p', [4, 5], 4),
		profile(4, 'HD-1080p', [9, 3, 7], 9),
		profile(5, 'Ultra-HD', [16, 18, 19], 16),
		profile(6, 'HD - 720p/1080p', [4, 5, 9, 3, 7], 4),
	];
}

export function defaultSonarrRootFolders(): ArrRootFolder[] {
	return [
		{ id: 1, path: '/tv', accessible: true, freeSpace: 1_843_200_000_000, unmappedFolders: [] },
		{ id: 2, path: '/data/tv-4k', accessible: true, freeSpace: 7_301_400_000_000, unmappedFolders: [{ name: 'Old Show', path: '/data/tv-4k/Old Show', relativePath: 'Old Show' }] },
	];
}

export function defaultSonarrSeries(): SeedSeries[] {
	return [
		{ tvdbId: 81189, qualityProfileId: 4, rootFolderPath: '/tv', added: '2024-03-02T10:15:00Z' },
		{ tvdbId: 371980, qualityProfileId: 5, rootFolderPath: '/data/tv-4k', added: '2025-01-10T19:40:00Z' },
	];
}

function slug(title: string): string {
	return plainTitle(title).replace(/\s+/g, '-');
}



/** The events Sonarr routes to a connection by its on<Event> flag (see libraryWants). */
const SONARR_ROUTED_EVENTS = ['Grab', 'Download', 'Rename', 'SeriesAdd', 'SeriesDelete', 'EpisodeFileDelete', 'ApplicationUpdate', 'ManualInteractionRequired'] as const;

export type SonarrWebhookEvent = 'Test' | 'Health' | 'HealthRestored' | (typeof SONARR_ROUTED_EVENTS)[number];

export class FakeSonarr extends FakeArrLibrary<{ item: SonarrSeries; entry: CatalogueShow; queued: SonarrQueueItem; history: StoredHistory; blocked: BlocklistEntry; event: SonarrWebhookEvent }> {
	/** Live state: tests read and change it. */
	readonly series: SonarrSeries[] = [];
	readonly episodes: StoredEpisode[] = [];
	readonly files: StoredFile[] = [];
	/** Import list exclusions added by deletes: TVDB id and title. */
	readonly exclusions: Array<{ tvdbId: number; title: string }> = [];
	private nextSeriesId = 1;
	private nextEpisodeId = 1;
	private nextFileId = 1;
	private nextQueueId = 1_404_981_001;

	private constructor(setup: ArrFakeSetup, options: FakeSonarrOptions) {
		super(setup, SONARR_LIBRARY, {
			tags: [{ id: 1, label: 'anime' }],
			qualityProfiles: options.qualityProfiles ?? defaultSonarrQualityProfiles(),
			rootFolders: options.rootFolders ?? defaultSonarrRootFolders(),
		});
	}

	/** @internal use startFakeSonarr() */
	static async create(options: FakeSonarrOptions = {}): Promise<FakeSonarr> {
		const fake = new FakeSonarr(await librarySetup(SONARR_APP, options), options);
		for (const seed of options.series ?? defaultSonarrSeries()) fake.seedSeries(seed);
		if (options.queue !== false) fake.seedQueue();
		return fake.listen();
	}

	protected get items(): SonarrSeries[] {
		return this.series;
	}

	/** Adds a show from the catalogue to the library, with episodes, files and history. */
	seedSeries(seed: SeedSeries): SonarrSeries {
		const show = SONARR_CATALOGUE.find((candidate) => candidate.tvdbId === seed.tvdbId);
		if (!show) throw new Error(`The fake Sonarr has no show with TVDB id ${seed.tvdbId} in its catalogue.`);
		return this.addToLibrary(show, { ...seed, monitored: seed.monitored ?? true, seasonFolder: true, monitor: 'all' });
	}

	/**
	 * Fills the library with `count` made-up series (one season of ten episodes each), for
	 * listings of a large library. Ids, titles and TVDB ids follow on from what is there.
	 */
	seedManySeries(count: number): void {
		for (let i = 0; i < count; i++) {
			const n = this.nextSeriesId;
			const show: CatalogueShow = {
				...SONARR_CATALOGUE[n % SONARR_CATALOGUE.length],
				tvdbId: 900_000 + n,
				tmdbId: 800_000 + n,
				imdbId: `tt${String(9_000_000 + n)}`,
				tvMazeId: 70_000 + n,
				title: `Made-up Show ${n}`,
				seasons: [10],
			};
			this.addToLibrary(show, { tvdbId: show.tvdbId, qualityProfileId: 4, rootFolderPath: '/tv', added: isoAt(Date.parse('2020-01-01T00:00:00Z') + n * 3_600_000), monitored: true, seasonFolder: true, monitor: 'all' });
		}
	}

	/** Adds `count` more downloads to the queue (for paging). */
	seedQueueItems(count: number): void {
		const target = this.series[this.series.length - 1];
		const episodes = this.episodes.filter((episode) => episode.seriesId === target?.id);
		for (let i = 0; i < count; i++) {
			const episode = episodes[i % Math.max(1, episodes.length)];
			this.queue.push(this.queueItem(target, episode, { title: `${target?.title ?? 'Show'}.S0${episode?.seasonNumber ?? 1}E${String(episode?.episodeNumber ?? 1).padStart(2, '0')}.720p.HDTV.x264-GRP${i}`, protocol: i % 2 ? 'usenet' : 'torrent', state: 'downloading', qualityId: 4 }));
		}
	}

	protected override register(): void {
		super.register();
		const { prefix } = this.app;
		this.server.on(`GET ${prefix}/episode`, ({ query }) => this.listEpisodes(query));
		this.server.on(`GET ${prefix}/episode/{id}`, ({ params }) => {
			const episode = this.episodes.find((candidate) => candidate.id === Number(params.id));
			return episode ? { body: this.episodeResource(episode, { includeSeries: true, includeEpisodeFile: true }) } : modelNotFound('Episode', params.id);
		});
	}

	// ---- series ------------------------------------------------------------------------------

	private addToLibrary(show: CatalogueShow, settings: SeedSeries & { monitored: boolean; seasonFolder: boolean; monitor: string; seriesType?: string; monitorNewItems?: string; tags?: number[] }): SonarrSeries {
		const root = settings.rootFolderPath.replace(/\/+$/, '');
		const base = this.lookupResource(show);
		const series: SonarrSeries = {
			...base,
			id: this.nextSeriesId++,
			path: `${root}/${folderName(show)}`,
			rootFolderPath: this.rootFolders.find((folder) => (folder.path ?? '').replace(/\/+$/, '') === root)?.path ?? root,
			qualityProfileId: settings.qualityProfileId,
			monitored: settings.monitored,
			seasonFolder: settings.seasonFolder,
			seriesType: (settings.seriesType as SonarrSeries['seriesType']) ?? 'standard',
			monitorNewItems: (settings.monitorNewItems as 'all' | 'none') ?? 'all',
			tags: settings.tags ?? [],
			added: settings.added,
			seasons: show.seasons.map((_count, index) => ({ seasonNumber: index + 1, monitored: settings.monitor !== 'none' })),
		};
		this.series.push(series);
		this.createEpisodes(series, show, settings.monitor !== 'none');
		return series;
	}

	/**
	 * Episodes with air dates: ended shows all in the past; the last season of a running show
	 * airs weekly around now (one episode tomorrow, one next week), so the calendar and
	 * wanted/missing have something to show. Earlier seasons have files; the aired half of the
	 * last season has, the rest is missing.
	 */
	private createEpisodes(series: SonarrSeries, show: CatalogueShow, monitored: boolean): void {
		const now = Date.now();
		const first = Date.parse(`${show.firstAired}T00:00:00Z`);
		const [hours, minutes] = show.airTime.split(':').map(Number);
		show.seasons.forEach((count, index) => {
			const seasonNumber = index + 1;
			const last = index === show.seasons.length - 1;
			for (let episodeNumber = 1; episodeNumber <= count; episodeNumber++) {
				let airMs: number;
				if (last && show.status === 'continuing') {
					const today = Math.floor(now / DAY) * DAY + (hours * 60 + minutes) * 60_000;
					airMs = today + DAY + (episodeNumber - (count - 1)) * 7 * DAY;
				} else {
					airMs = first + (index * 365 + (episodeNumber - 1) * 7) * DAY + (hours * 60 + minutes) * 60_000;
				}
				const aired = airMs < now;
				const hasFile = aired && (!last || show.status !== 'continuing' || episodeNumber <= Math.ceil(count / 2));
				const id = this.nextEpisodeId++;
				let fileId = 0;
				if (hasFile) {
					fileId = this.nextFileId++;
					const qualityId = series.qualityProfileId === 5 ? 18 : 3;
					const group = series.qualityProfileId === 5 ? 'FLUX' : 'NTb';
					this.files.push({
						id: fileId,
						seriesId: series.id,
						seasonNumber,
						relativePath: `Season ${seasonNumber}/${series.title} - S${two(seasonNumber)}E${two(episodeNumber)} - Episode ${episodeNumber} WEBDL-${qualityId === 18 ? '2160p' : '1080p'}.mkv`,
						size: qualityId === 18 ? 7_400_000_000 : 2_900_000_000,
						dateAdded: isoAt(airMs + 6 * 3_600_000),
						releaseGroup: group,
						qualityId,
					});
					this.recordDownloadHistory(series, id, seasonNumber, episodeNumber, qualityId, group, airMs);
				}
				this.episodes.push({
					id,
					seriesId: series.id,
					tvdbId: series.tvdbId! * 100 + id,
					episodeFileId: fileId,
					seasonNumber,
					episodeNumber,
					title: `Episode ${episodeNumber}`,
					airDate: isoAt(airMs).slice(0, 10),
					airDateUtc: isoAt(airMs),
					runtime: show.runtime,
					overview: `Season ${seasonNumber}, episode ${episodeNumber} of ${series.title}.`,
					hasFile,
					monitored,
					absoluteEpisodeNumber: null,
					unverifiedSceneNumbering: false,
					lastSearchTime: null,
				});
			}
		});
	}

	private recordDownloadHistory(series: SonarrSeries, episodeId: number, seasonNumber: number, episodeNumber: number, qualityId: number, group: string, airMs: number): void {
		const title = `${(series.title ?? '').replace(/\s+/g, '.')}.S${two(seasonNumber)}E${two(episodeNumber)}.${qualityId === 18 ? '2160p' : '1080p'}.WEB-DL.DDP5.1.H.264-${group}`;
		const grabbedAt = airMs + 2 * 3_600_000;
		this.recordDownload(
			{ episodeId, seriesId: series.id },
			{
				sourceTitle: title,
				qualityId,
				grabbedAt: isoAt(grabbedAt),
				importedAt: isoAt(grabbedAt + 4 * 3_600_000),
				grabbed: { indexer: 'NZBgeek (Prowlarr)', releaseGroup: group, size: '2900000000', downloadClient: 'SABnzbd', downloadClientName: 'SABnzbd', protocol: 'usenet' },
				imported: { fileId: String(this.nextFileId - 1), droppedPath: `/downloads/complete/tv/${title}/${title}.mkv`, importedPath: `${series.path}/Season ${seasonNumber}/${title}.mkv`, downloadClient: 'SABnzbd', downloadClientName: 'SABnzbd' },
			},
		);
	}

	/** The show as a lookup answers it: no id, no path; ids, seasons, images and ratings. */
	private lookupResource(show: CatalogueShow): SonarrSeries {
		const images = ['banner', 'poster', 'fanart'].map((coverType) => ({
			coverType: coverType as 'banner' | 'poster' | 'fanart',
			url: `https://artworks.thetvdb.com/banners/${coverType}s/${show.tvdbId}-1.jpg`,
			remoteUrl: `https://artworks.thetvdb.com/banners/${coverType}s/${show.tvdbId}-1.jpg`,
		}));
		return {
			id: 0,
			title: show.title,
			sortTitle: plainTitle(show.title).replace(/^the\s+/, ''),
			status: show.status,
			ended: show.status === 'ended',
			overview: show.overview,
			network: show.network,
			airTime: show.airTime,
			images,
			originalLanguage: ENGLISH,
			remotePoster: images[1].remoteUrl,
			seasons: show.seasons.map((_count, index) => ({ seasonNumber: index + 1, monitored: false })),
			year: show.year,
			qualityProfileId: 0,
			seasonFolder: false,
			monitored: false,
			monitorNewItems: 'all',
			useSceneNumbering: false,
			runtime: show.runtime,
			tvdbId: show.tvdbId,
			tvRageId: 0,
			tvMazeId: show.tvMazeId,
			tmdbId: show.tmdbId,
			firstAired: `${show.firstAired}T00:00:00Z`,
			seriesType: 'standard',
			cleanTitle: plainTitle(show.title).replace(/\s+/g, ''),
			imdbId: show.imdbId,
			titleSlug: slug(show.title),
			folder: folderName(show),
			certification: show.certification,
			genres: show.genres,
			tags: [],
			added: '0001-01-01T00:00:00Z',
			ratings: { votes: show.votes, value: show.rating },
			statistics: { seasonCount: show.seasons.length, episodeFileCount: 0, episodeCount: 0, totalEpisodeCount: 0, sizeOnDisk: 0, percentOfEpisodes: 0 },
		};
	}

	/** Episodes and files grouped once, so a listing of thousands of series stays linear. */
	protected override listResources(list: SonarrSeries[]): SonarrSeries[] {
		const groups = this.bySeries();
		return list.map((series) => this.itemResource(series, groups));
	}

	private bySeries(): SeriesGroups {
		const groups: SeriesGroups = { episodes: new Map(), files: new Map() };
		for (const episode of this.episodes) push(groups.episodes, episode.seriesId, episode);
		for (const file of this.files) push(groups.files, file.seriesId, file);
		return groups;
	}

	/** A library series as Sonarr answers it: statistics from its episodes and files, per season too. */
	protected itemResource(series: SonarrSeries, groups?: SeriesGroups): SonarrSeries {
		const now = Date.now();
		const episodes = groups ? (groups.episodes.get(series.id) ?? []) : this.episodes.filter((episode) => episode.seriesId === series.id);
		const files = groups ? (groups.files.get(series.id) ?? []) : this.files.filter((file) => file.seriesId === series.id);
		const stats = (list: StoredEpisode[], seasonFiles: StoredFile[]) => {
			const withFile = list.filter((episode) => episode.hasFile).length;
			const counted = list.filter((episode) => episode.hasFile || (episode.monitored && episode.airDateUtc && Date.parse(episode.airDateUtc) < now)).length;
			const past = list.filter((episode) => episode.airDateUtc && Date.parse(episode.airDateUtc) < now).map((episode) => Date.parse(episode.airDateUtc!));
			const future = list.filter((episode) => episode.airDateUtc && Date.parse(episode.airDateUtc) >= now).map((episode) => Date.parse(episode.airDateUtc!));
			return {
				episodeFileCount: seasonFiles.length,
				episodeCount: counted,
				totalEpisodeCount: list.length,
				sizeOnDisk: seasonFiles.reduce((sum, file) => sum + file.size, 0),
				releaseGroups: [...new Set(seasonFiles.map((file) => file.releaseGroup))],
				percentOfEpisodes: counted ? Math.round((withFile / counted) * 10_000) / 100 : 0,
				previousAiring: past.length ? isoAt(Math.max(...past)) : null,
				nextAiring: future.length ? isoAt(Math.min(...future)) : null,
			};
		};
		const whole = stats(episodes, files);
		const { previousAiring, nextAiring, ...seriesStats } = whole;
		return {
			...series,
			previousAiring,
			nextAiring,
			lastAired: previousAiring,
			seasons: (series.seasons ?? []).map((season) => {
				const seasonStats = stats(
					episodes.filter((episode) => episode.seasonNumber === season.seasonNumber),
					files.filter((file) => file.seasonNumber === season.seasonNumber),
				);
				return { ...season, statistics: seasonStats };
			}),
			statistics: { ...seriesStats, seasonCount: (series.seasons ?? []).length },
		};
	}

	protected lookup(term: string): SonarrSeries[] {
		const text = term.trim();
		const byId = /^(tvdb|tmdb|imdb):\s*(\S+)$/i.exec(text);
		let shows: CatalogueShow[];
		if (byId) {
			const [, kind, value] = byId;
			shows = SONARR_CATALOGUE.filter((show) =>
				kind.toLowerCase() === 'tvdb' ? String(show.tvdbId) === value : kind.toLowerCase() === 'tmdb' ? String(show.tmdbId) === value : show.imdbId === value.toLowerCase(),
			);
		} else {
			const words = plainTitle(text).split(/\s+/).filter(Boolean);
			shows = words.length ? SONARR_CATALOGUE.filter((show) => words.every((word) => plainTitle(show.title).includes(word))) : [];
		}
		// Like Sonarr: a show already in the library comes back as the library's series.
		return shows.map((show) => {
			const owned = this.series.find((series) => series.tvdbId === show.tvdbId);
			return owned ? this.itemResource(owned) : this.lookupResource(show);
		});
	}

	protected fromCatalogue(tvdbId: number): CatalogueShow | undefined {
		return SONARR_CATALOGUE.find((show) => show.tvdbId === tvdbId);
	}

	protected addFromCatalogue(show: CatalogueShow, sent: SonarrSeries, root: string): SonarrSeries {
		const monitor = sent.addOptions?.monitor ?? 'all';
		const series = this.addToLibrary(show, {
			tvdbId: show.tvdbId,
			qualityProfileId: sent.qualityProfileId!,
			rootFolderPath: root,
			added: isoAt(Date.now()),
			monitored: sent.monitored ?? true,
			seasonFolder: sent.seasonFolder ?? true,
			seriesType: sent.seriesType,
			monitorNewItems: sent.monitorNewItems,
			tags: sent.tags ?? [],
			monitor,
		});
		series.addOptions = { ...sent.addOptions, monitor: monitor as never };
		// What Sonarr queues after an add: a refresh of the new series, then the searches asked for.
		this.commands.queue('RefreshSeries', { seriesId: series.id, isNewSeries: true });
		if (sent.addOptions?.searchForMissingEpisodes) this.commands.queue('MissingEpisodeSearch', { seriesId: series.id });
		return series;
	}

	/** A season's monitoring, when the PUT sends seasons, goes to its episodes too. */
	protected override updateLinked(updated: SonarrSeries, sent: SonarrSeries): void {
		if (!Array.isArray(sent.seasons)) return;
		for (const season of sent.seasons) {
			for (const episode of this.episodes) if (episode.seriesId === updated.id && episode.seasonNumber === season.seasonNumber) episode.monitored = season.monitored && updated.monitored !== false;
		}
		updated.seasons = sent.seasons.map(({ seasonNumber, monitored }) => ({ seasonNumber, monitored }));
	}

	protected forget(series: SonarrSeries): void {
		removeWhere(this.episodes, (episode) => episode.seriesId === series.id);
		removeWhere(this.files, (file) => file.seriesId === series.id);
	}

	protected exclude(series: SonarrSeries): void {
		this.exclusions.push({ tvdbId: series.tvdbId ?? 0, title: series.title ?? '' });
	}

	// ---- episodes, calendar, wanted ---------------------------------------------------------

	private episodeResource(episode: StoredEpisode, options: { includeSeries?: boolean; includeEpisodeFile?: boolean; includeImages?: boolean }): SonarrEpisode {
		const resource: SonarrEpisode = { ...episode };
		if (options.includeEpisodeFile && episode.episodeFileId) {
			const file = this.files.find((candidate) => candidate.id === episode.episodeFileId);
			if (file) resource.episodeFile = this.fileResource(file);
		}
		const series = this.findItem(episode.seriesId);
		if (options.includeSeries && series) resource.series = this.itemResource(series);
		if (options.includeImages) resource.images = [{ coverType: 'screenshot', url: `https://artworks.thetvdb.com/banners/episodes/${series?.tvdbId ?? 0}/${episode.tvdbId}.jpg`, remoteUrl: `https://artworks.thetvdb.com/banners/episodes/${series?.tvdbId ?? 0}/${episode.tvdbId}.jpg` }];
		return resource;
	}

	private fileResource(file: StoredFile): SonarrEpisodeFile {
		const series = this.findItem(file.seriesId);
		return {
			id: file.id,
			seriesId: file.seriesId,
			seasonNumber: file.seasonNumber,
			relativePath: file.relativePath,
			path: `${series?.path ?? ''}/${file.relativePath}`,
			size: file.size,
			dateAdded: file.dateAdded,
			releaseGroup: file.releaseGroup,
			languages: [ENGLISH],
			quality: this.quality(file.qualityId),
			customFormats: [],
			customFormatScore: 0,
			indexerFlags: 0,
			releaseType: 'singleEpisode',
			qualityCutoffNotMet: false,
		};
	}

	private listEpisodes(query: QueryRecord): HandlerResult {
		const seriesId = intValue(query.seriesId);
		const seasonNumber = intValue(query.seasonNumber);
		const episodeIds = intList(query.episodeIds);
		const episodeFileId = intValue(query.episodeFileId);
		if (seriesId === undefined && !episodeIds.length && episodeFileId === undefined) {
			return { status: 400, body: { message: 'seriesId or episodeIds must be provided' } };
		}
		if (seriesId !== undefined && !this.findItem(seriesId)) return { status: 404, body: { message: `Series with ID ${seriesId} does not exist` } };
		const list = this.episodes.filter(
			(episode) =>
				(seriesId === undefined || episode.seriesId === seriesId) &&
				(seasonNumber === undefined || episode.seasonNumber === seasonNumber) &&
				(!episodeIds.length || episodeIds.includes(episode.id)) &&
				(episodeFileId === undefined || episode.episodeFileId === episodeFileId),
		);
		const options = { includeSeries: flag(query.includeSeries), includeEpisodeFile: flag(query.includeEpisodeFile), includeImages: flag(query.includeImages) };
		return { body: list.map((episode) => this.episodeResource(episode, options)) };
	}

	protected calendar(query: QueryRecord): HandlerResult {
		const { unmonitored, within, tagged } = calendarQuery(query);
		const list = this.episodes.filter((episode) => {
			if (!within(episode.airDateUtc)) return false;
			const series = this.findItem(episode.seriesId);
			if (!unmonitored && !(episode.monitored && series?.monitored)) return false;
			return tagged(series?.tags);
		});
		const options = { includeSeries: flag(query.includeSeries), includeEpisodeFile: flag(query.includeEpisodeFile), includeImages: flag(query.includeEpisodeImages) };
		return { body: list.sort((a, b) => Date.parse(a.airDateUtc!) - Date.parse(b.airDateUtc!)).map((episode) => this.episodeResource(episode, options)) };
	}

	protected wantedMissing(query: QueryRecord): HandlerResult {
		const now = Date.now();
		const monitored = flag(query.monitored, true);
		const list = this.episodes.filter((episode) => {
			if (episode.hasFile || !episode.airDateUtc || Date.parse(episode.airDateUtc) >= now) return false;
			const series = this.findItem(episode.seriesId);
			const isMonitored = episode.monitored === true && series?.monitored === true;
			return monitored ? isMonitored : !isMonitored;
		});
		const page = pageOf(list, query, { 'episodes.airDateUtc': (episode) => episode.airDateUtc, airDateUtc: (episode) => episode.airDateUtc, 'series.sortTitle': (episode) => this.findItem(episode.seriesId)?.sortTitle }, { sortKey: 'episodes.airDateUtc', sortDirection: 'descending' });
		const options = { includeSeries: flag(query.includeSeries), includeImages: flag(query.includeImages) };
		return { body: { ...page, records: (page.records as StoredEpisode[]).map((episode) => this.episodeResource(episode, options)) } };
	}

	// ---- queue ------------------------------------------------------------------------------

	private seedQueue(): void {
		const running = this.series.find((series) => series.status === 'continuing') ?? this.series[0];
		if (!running) return;
		const missing = this.episodes.filter((episode) => episode.seriesId === running.id && !episode.hasFile && episode.airDateUtc && Date.parse(episode.airDateUtc) < Date.now());
		const title = (running.title ?? '').replace(/\s+/g, '.');
		if (missing[0]) this.queue.push(this.queueItem(running, missing[0], { title: `${title}.S${two(missing[0].seasonNumber)}E${two(missing[0].episodeNumber)}.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX`, protocol: 'torrent', state: 'downloading', qualityId: 18 }));
		if (missing[1]) this.queue.push(this.queueItem(running, missing[1], { title: `${title}.S${two(missing[1].seasonNumber)}E${two(missing[1].episodeNumber)}.1080p.ATVP.WEB-DL.DDP5.1.H.264-NTb`, protocol: 'usenet', state: 'importBlocked', qualityId: 3 }));
		const other = this.series.find((series) => series.id !== running.id);
		const otherEpisode = this.episodes.find((episode) => episode.seriesId === other?.id && episode.hasFile);
		if (other && otherEpisode) this.queue.push(this.queueItem(other, otherEpisode, { title: `${(other.title ?? '').replace(/\s+/g, '.')}.S${two(otherEpisode.seasonNumber)}E${two(otherEpisode.episodeNumber)}.2160p.BluRay.REMUX-FraMeSToR`, protocol: 'torrent', state: 'queued', qualityId: 19 }));
	}

	private queueItem(series: SonarrSeries | undefined, episode: StoredEpisode | undefined, spec: DownloadSpec): SonarrQueueItem {
		return {
			id: this.nextQueueId++,
			seriesId: series?.id ?? null,
			episodeId: episode?.id ?? null,
			seasonNumber: episode?.seasonNumber ?? null,
			episodeHasFile: episode?.hasFile ?? false,
			...downloadFields(spec, {
				quality: this.quality(spec.qualityId),
				size: spec.qualityId >= 16 ? 7_800_000_000 : 3_300_000_000,
				etaMinutes: 22,
				addedMinutesAgo: 40,
				blockedMessage: 'Not an upgrade for existing episode file(s)',
				category: 'tv',
				leftRatio: 0.37,
			}),
		};
	}

	protected blocklistLinks(item: SonarrQueueItem): Record<string, unknown> {
		return { seriesId: item.seriesId, episodeIds: item.episodeId ? [item.episodeId] : [] };
	}

	protected searchAgain(item: SonarrQueueItem): void {
		if (item.episodeId) this.commands.queue('EpisodeSearch', { episodeIds: [item.episodeId] });
	}

	protected withLinks(out: Record<string, unknown>, linked: SonarrQueueItem | StoredHistory, query: QueryRecord): void {
		const series = this.findItem(linked.seriesId ?? 0);
		const episode = this.episodes.find((candidate) => candidate.id === linked.episodeId);
		if (flag(query.includeSeries) && series) out.series = this.itemResource(series);
		if (flag(query.includeEpisode) && episode) out.episode = this.episodeResource(episode, {});
	}

	protected override historyMatches(record: StoredHistory, query: QueryRecord): boolean {
		const episodeId = intValue(query.episodeId);
		return episodeId === undefined || record.episodeId === episodeId;
	}

	// ---- webhooks ------------------------------------------------------------------------------

	/**
	 * Payloads as Sonarr 4 builds them (src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and
	 * the Webhook*Payload, WebhookSeries, WebhookEpisode, WebhookEpisodeFile, WebhookRelease,
	 * WebhookGrabbedRelease classes), from the fake's first library series.
	 */
	webhookPayload(eventType: SonarrWebhookEvent): Record<string, unknown> {
		if (eventType === 'Test') return this.testPayload();
		const base = { eventType, instanceName: 'Sonarr', applicationUrl: '' };
		if (eventType === 'Health' || eventType === 'HealthRestored') {
			return { eventType, instanceName: 'Sonarr', level: 'warning', message: 'Indexers unavailable due to failures for more than 6 hours: NZBgeek (Prowlarr)', type: 'IndexerLongTermStatusCheck', wikiUrl: 'https://wiki.servarr.com/sonarr/system#indexers-are-unavailable-due-to-failures' };
		}
		if (eventType === 'ApplicationUpdate') {
			return { eventType, instanceName: 'Sonarr', message: `Sonarr updated from 4.0.14.2939 to ${SONARR_VERSION}`, previousVersion: '4.0.14.2939', newVersion: SONARR_VERSION };
		}
		const series = this.series[this.series.length - 1];
		if (!series) throw new Error('The fake Sonarr needs a series in its library to build a webhook payload.');
		const episodes = this.episodes.filter((episode) => episode.seriesId === series.id);
		const withFile = episodes.filter((episode) => episode.hasFile);
		const episode = withFile[withFile.length - 1] ?? episodes[0];
		const file = this.files.find((candidate) => candidate.id === episode?.episodeFileId);
		const webhookSeries = this.webhookSeries(series);
		const webhookEpisodes = episode ? [webhookEpisode(episode)] : [];
		const release = { quality: 'WEBDL-2160p', qualityVersion: 1, releaseGroup: 'FLUX', releaseTitle: `${(series.title ?? '').replace(/\s+/g, '.')}.S${two(episode?.seasonNumber ?? 1)}E${two(episode?.episodeNumber ?? 1)}.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX`, indexer: '1337x (Prowlarr)', size: 7_800_000_000, customFormatScore: 0, customFormats: [], languages: [ENGLISH] };
		const downloadId = randomBytes(20).toString('hex').toUpperCase();
		const webhookFile = file ? this.webhookFile(file, series) : undefined;
		const customFormatInfo = { customFormats: [], customFormatScore: 0 };
		switch (eventType) {
			case 'Grab':
				return { ...base, series: webhookSeries, episodes: webhookEpisodes, release, downloadClient: 'qBittorrent', downloadClientType: 'qBittorrent', downloadId, customFormatInfo };
			case 'Download':
				return {
					...base,
					series: webhookSeries,
					episodes: webhookEpisodes,
					episodeFile: webhookFile,
					release: { releaseTitle: release.releaseTitle, indexer: release.indexer, size: release.size, releaseType: 'singleEpisode' },
					isUpgrade: false,
					downloadClient: 'qBittorrent',
					downloadClientType: 'qBittorrent',
					downloadId,
					customFormatInfo,
				};
			case 'Rename':
				return { ...base, series: webhookSeries, renamedEpisodeFiles: webhookFile ? [{ ...webhookFile, previousRelativePath: `Season ${file!.seasonNumber}/old-name.mkv`, previousPath: `${series.path}/Season ${file!.seasonNumber}/old-name.mkv` }] : [] };
			case 'SeriesAdd':
				return { ...base, series: webhookSeries };
			case 'SeriesDelete':
				return { ...base, series: webhookSeries, deletedFiles: false };
			case 'EpisodeFileDelete':
				return { ...base, series: webhookSeries, episodes: webhookEpisodes, episodeFile: webhookFile, deleteReason: 'manual' };
			case 'ManualInteractionRequired':
				return {
					...base,
					series: webhookSeries,
					episodes: webhookEpisodes,
					downloadInfo: { quality: release.quality, qualityVersion: 1, title: release.releaseTitle, size: release.size },
					downloadClient: 'qBittorrent',
					downloadClientType: 'qBittorrent',
					downloadId,
					downloadStatus: 'Warning',
					downloadStatusMessages: [{ title: release.releaseTitle, messages: ['Found matching series via grab history, but release was matched to series by ID. Automatic import is not possible.'] }],
					customFormatInfo,
					release: { releaseTitle: release.releaseTitle, indexer: release.indexer, size: release.size, releaseType: 'singleEpisode' },
				};
		}
	}

	private testPayload(): Record<string, unknown> {
		return {
			eventType: 'Test',
			instanceName: 'Sonarr',
			applicationUrl: '',
			series: { id: 1, title: 'Test Title', path: 'C:\\testpath', tvdbId: 1234, tvMazeId: 0, tmdbId: 0, type: 'standard', year: 0, tags: ['test-tag'] },
			episodes: [{ id: 123, episodeNumber: 1, seasonNumber: 1, title: 'Test title', seriesId: 0, tvdbId: 0 }],
		};
	}

	private webhookSeries(series: SonarrSeries): Record<string, unknown> {
		return {
			id: series.id,
			title: series.title,
			titleSlug: series.titleSlug,
			path: series.path,
			tvdbId: series.tvdbId,
			tvMazeId: series.tvMazeId,
			tmdbId: series.tmdbId,
			imdbId: series.imdbId,
			type: series.seriesType,
			year: series.year,
			genres: series.genres,
			images: (series.images ?? []).map((image) => ({ coverType: image.coverType, url: image.url, remoteUrl: image.remoteUrl })),
			tags: this.tagLabels(series.tags),
		};
	}

	private webhookFile(file: StoredFile, series: SonarrSeries): Record<string, unknown> {
		const found = QUALITIES.find((candidate) => candidate.id === file.qualityId);
		return {
			id: file.id,
			relativePath: file.relativePath,
			path: `${series.path}/${file.relativePath}`,
			quality: found?.name,
			qualityVersion: 1,
			releaseGroup: file.releaseGroup,
			sceneName: file.relativePath.replace(/^.*\//, '').replace(/\.mkv$/, ''),
			size: file.size,
			dateAdded: file.dateAdded,
			languages: 'English',
			sourcePath: `/downloads/complete/tv/${file.relativePath.replace(/^.*\//, '')}`,
		};
	}
}

const HISTORY_NUMBERS: Record<StoredHistory['eventType'], number> = {
	grabbed: 1,
	downloadFolderImported: 3,
	downloadFailed: 4,
	episodeFileDeleted: 5,
	episodeFileRenamed: 6,
};

/** Sonarr's command classes our code sends, with their own fields. */
const SONARR_COMMANDS: CommandDefinition[] = [
	{ name: 'RefreshSeries', fields: { seriesId: 'integer', seriesIds: 'integer[]', isNewSeries: 'boolean' } },
	{ name: 'RescanSeries', fields: { seriesId: 'integer' } },
	{ name: 'EpisodeSearch', fields: { episodeIds: 'integer[]' }, required: ['episodeIds'] },
	{ name: 'SeasonSearch', fields: { seriesId: 'integer', seasonNumber: 'integer' }, required: ['seriesId', 'seasonNumber'] },
	{ name: 'SeriesSearch', fields: { seriesId: 'integer' }, required: ['seriesId'] },
	{ name: 'MissingEpisodeSearch', fields: { seriesId: 'integer', monitored: 'boolean' } },
	{ name: 'MoveSeries', fields: { seriesId: 'integer', sourcePath: 'string', destinationPath: 'string' } },
	{ name: 'RssSync' },
	{ name: 'RefreshMonitoredDownloads' },
];

const SONARR_EVENTS = [
	'onGrab',
	'onDownload',
	'onUpgrade',
	'onImportComplete',
	'onRename',
	'onSeriesAdd',
	'onSeriesDelete',
	'onEpisodeFileDelete',
	'onEpisodeFileDeleteForUpgrade',
	'onHealthIssue',
	'onHealthRestored',
	'onApplicationUpdate',
	'onManualInteractionRequired',
];

const SONARR_APP: ArrApp = {
	name: 'Sonarr',
	version: SONARR_VERSION,
	spec: SONARR_SPEC,
	prefix: '/api/v3',
	commands: SONARR_COMMANDS,
	commandOptions: { withResult: true, isLongRunning: true, isTypeExclusive: false },
	status: { buildTime: '2025-06-01T12:00:00Z', branch: 'main', migrationVersion: 217, runtimeVersion: '6.0.36', packageRelease: 'ls280', extra: { sqliteVersion: '3.46.1' } },
	templates: libraryTemplates('https://wiki.servarr.com/sonarr/supported', SONARR_EVENTS, ['onImportComplete']),
	wants: libraryWants(SONARR_ROUTED_EVENTS),
};

const SONARR_LIBRARY: LibraryFacts = {
	resource: 'series',
	model: 'Series',
	externalId: 'tvdbId',
	metadataSource: 'TheTVDB',
	owner: 'seriesId',
	ownerIds: 'seriesIds',
	includeUnknown: 'includeUnknownSeriesItems',
	exclusionFlag: 'addImportListExclusion',
	queueSortTitle: 'series.sortTitle',
	historySortTitle: 'series.sortTitle',
	historyNumbers: HISTORY_NUMBERS,
	readOnly: ['statistics', 'previousAiring', 'nextAiring', 'lastAired'],
	qualities: QUALITIES,
};

function webhookEpisode(episode: StoredEpisode): Record<string, unknown> {
	return {
		id: episode.id,
		episodeNumber: episode.episodeNumber,
		seasonNumber: episode.seasonNumber,
		title: episode.title,
		overview: episode.overview,
		airDate: episode.airDate,
		airDateUtc: episode.airDateUtc,
		seriesId: episode.seriesId,
		tvdbId: episode.tvdbId,
	};
}

function folderName(show: CatalogueShow): string {
	return `${show.title.replace(/[:/\\?*"<>|]/g, '')} (${show.year})`;
}

function two(n: number): string {
	return String(n).padStart(2, '0');
}



interface SeriesGroups {
	episodes: Map<number, StoredEpisode[]>;
	files: Map<number, StoredFile[]>;
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}


/** Starts a fake Sonarr on 127.0.0.1 (a free port unless `port` is given). */
export function startFakeSonarr(options: FakeSonarrOptions = {}): Promise<FakeSonarr> {
	return FakeSonarr.create(options);
}
