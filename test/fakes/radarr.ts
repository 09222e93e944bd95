import { randomBytes } from 'node:crypto';
import type { ArrQualityProfile, ArrRootFolder } from '../../clients/arr/library-types';
import type { RadarrMovie, RadarrMovieFile, RadarrQueueItem } from '../../clients/radarr/types';
import { ArrApp, ArrFakeSetup, CommandDefinition, firstValue, flag, intValue, pageOf } from './arr-common';
import { BlocklistEntry as LibraryBlocklistEntry, DAY, DownloadSpec, ENGLISH, FakeArrLibrary, LibraryFacts, LibraryFakeOptions, StoredHistory as LibraryHistory, calendarQuery, downloadFields, isoAt, libraryTemplates, libraryWants, librarySetup, plainTitle, qualityProfile, removeWhere } from './arr-library';
import type { HandlerResult, QueryRecord } from './kit';

/**
 * A fake Radarr 5 (API v3) that behaves like Radarr where our code depends on it: X-Api-Key /
 * apikey auth, a library of movies with their files, a lookup catalogue of real movies
 * (TMDB/IMDb ids; /movie/lookup/tmdb and /imdb answer one movie or 404), quality profiles,
 * root folders with free space, the paged queue (removal, blocklist), history, wanted/missing,
 * the calendar, tags, commands that run as time passes, and connections whose webhooks the
 * fake posts like Radarr does (emitWebhook). Validation failures are FluentValidation arrays.
 * What it shares with the fake Sonarr is ./arr-library.ts; this file holds what is Radarr's own.
 */

export const RADARR_SPEC = 'radarr-v3.openapi.json';
export const RADARR_VERSION = '5.26.2.10099';

/** A movie as TMDB (through Radarr's metadata server) describes it. */
export interface CatalogueMovie {
	tmdbId: number;
	imdbId: string;
	title: string;
	year: number;
	studio: string;
	overview: string;
	runtime: number;
	genres: string[];
	certification: string;
	/** ISO dates; an upcoming movie gives them relative to now instead (see `upcoming`). */
	inCinemas: string;
	digitalRelease: string;
	physicalRelease: string;
	/** Released in cinemas this many days from now (the calendar's upcoming movie). */
	upcomingInDays?: number;
	collection?: { title: string; tmdbId: number };
	imdbRating: number;
	popularity: number;
}

export const RADARR_CATALOGUE: CatalogueMovie[] = [
	{
		tmdbId: 286217,
		imdbId: 'tt3659388',
		title: 'The Martian',
		year: 2015,
		studio: '20th Century Fox',
		overview: 'Stranded on Mars after his crew leaves him for dead, astronaut Mark Watney has to find a way to signal Earth that he is alive.',
		runtime: 144,
		genres: ['Drama', 'Adventure', 'Science Fiction'],
		certification: 'PG-13',
		inCinemas: '2015-09-30',
		digitalRelease: '2015-12-11',
		physicalRelease: '2016-01-12',
		imdbRating: 8.0,
		popularity: 48.1,
	},
	{
		tmdbId: 693134,
		imdbId: 'tt15239678',
		title: 'Dune: Part Two',
		year: 2024,
		studio: 'Legendary Pictures',
		overview: 'Paul Atreides unites with Chani and the Fremen while on a path of revenge against the conspirators who destroyed his family.',
		runtime: 167,
		genres: ['Science Fiction', 'Adventure'],
		certification: 'PG-13',
		inCinemas: '2024-02-27',
		digitalRelease: '2024-04-16',
		physicalRelease: '2024-05-14',
		collection: { title: 'Dune Collection', tmdbId: 726871 },
		imdbRating: 8.5,
		popularity: 212.4,
	},
	{
		tmdbId: 329865,
		imdbId: 'tt2543164',
		title: 'Arrival',
		year: 2016,
		studio: 'FilmNation Entertainment',
		overview: 'Linguist Louise Banks leads an elite team of investigators when gigantic spaceships touch down in twelve locations around the world.',
		runtime: 116,
		genres: ['Drama', 'Science Fiction', 'Mystery'],
		certification: 'PG-13',
		inCinemas: '2016-11-10',
		digitalRelease: '2017-01-31',
		physicalRelease: '2017-02-14',
		imdbRating: 7.9,
		popularity: 35.7,
	},
	{
		tmdbId: 335984,
		imdbId: 'tt1856101',
		title: 'Blade Runner 2049',
		year: 2017,
		studio: 'Alcon Entertainment',
		overview: 'Thirty years after the events of the first film, a new blade runner unearths a long-buried secret.',
		runtime: 164,
		genres: ['Science Fiction', 'Drama'],
		certification: 'R',
		inCinemas: '2017-10-04',
		digitalRelease: '2017-12-26',
		physicalRelease: '2018-01-16',
		imdbRating: 8.0,
		popularity: 61.3,
	},
	{
		tmdbId: 157336,
		imdbId: 'tt0816692',
		title: 'Interstellar',
		year: 2014,
		studio: 'Legendary Pictures',
		overview: 'A team of explorers travels through a wormhole in space in an attempt to ensure humanity\'s survival.',
		runtime: 169,
		genres: ['Adventure', 'Drama', 'Science Fiction'],
		certification: 'PG-13',
		inCinemas: '2014-11-05',
		digitalRelease: '2015-03-31',
		physicalRelease: '2015-03-31',
		imdbRating: 8.7,
		popularity: 140.2,
	},
	{
		tmdbId: 1170608,
		imdbId: 'tt31378509',
		title: 'Dune: Part Three',
		year: 2026,
		studio: 'Legendary Pictures',
		overview: 'The third chapter of Denis Villeneuve\'s adaptation of Frank Herbert\'s novels.',
		runtime: 0,
		genres: ['Science Fiction', 'Adventure'],
		certification: '',
		inCinemas: '',
		digitalRelease: '',
		physicalRelease: '',
		upcomingInDays: 1,
		collection: { title: 'Dune Collection', tmdbId: 726871 },
		imdbRating: 0,
		popularity: 95.0,
	},
];

export interface SeedMovie {
	tmdbId: number;
	qualityProfileId: number;
	rootFolderPath: string;
	added: string;
	/** Default: a file for released movies added before 2025, none otherwise. */
	hasFile?: boolean;
	monitored?: boolean;
	tags?: number[];
}

export interface FakeRadarrOptions extends LibraryFakeOptions {
	/** Default: The Martian and Dune: Part Three in /movies, then Dune: Part Two (added last, no file yet) in /data/movies-4k with Ultra-HD. */
	movies?: SeedMovie[];
}

export interface BlocklistEntry extends LibraryBlocklistEntry {
	movieId?: number | null;
}

export type { RemovedDownload } from './arr-library';

interface StoredHistory extends LibraryHistory {
	movieId: number;
	eventType: 'grabbed' | 'downloadFolderImported' | 'downloadFailed' | 'movieFileDeleted' | 'movieFileRenamed';
}

const QUALITIES = [
	{ id: 1, name: 'SDTV', source: 'tv', resolution: 480, modifier: 'none' },
	{ id: 4, name: 'HDTV-720p', source: 'tv', resolution: 720, modifier: 'none' },
	{ id: 5, name: 'WEBDL-720p', source: 'webdl', resolution: 720, modifier: 'none' },
	{ id: 3, name: 'WEBDL-1080p', source: 'webdl', resolution: 1080, modifier: 'none' },
	{ id: 7, name: 'Bluray-1080p', source: 'bluray', resolution: 1080, modifier: 'none' },
	{ id: 30, name: 'Remux-1080p', source: 'bluray', resolution: 1080, modifier: 'remux' },
	{ id: 18, name: 'WEBDL-2160p', source: 'webdl', resolution: 2160, modifier: 'none' },
	{ id: 19, name: 'Bluray-2160p', source: 'bluray', resolution: 2160, modifier: 'none' },
	{ id: 31, name: 'Remux-2160p', source: 'bluray', resolution: 2160, modifier: 'remux' },
] as const;

function profile(id: number, name: string, allowed: number[], cutoff: number): ArrQualityProfile {
	return qualityProfile(QUALITIES, id, name, allowed, cutoff, { language: ENGLISH });
}

export function defaultRadarrQualityProfiles(): ArrQualityProfile[] {
	return [
		profile(1, 'Any', QUALITIES.map((entry) => entry.id), 1),
		profile(2, 'SD', [1], 1),
		profile(3, 'HD-720p', [4, 5], 4),
		profile(4, 'HD-1080p', [3, 7, 30], 7),
		profile(5, 'Ultra-HD', [18, 19, 31], 19),
		profile(6, 'HD - 720p/1080p', [4, 5, 3, 7], 4),
	];
}

export function defaultRadarrRootFolders(): ArrRootFolder[] {
	return [
		{ id: 1, path: '/movies', accessible: true, freeSpace: 2_460_000_000_000, unmappedFolders: [] },
		{ id: 2, path: '/data/movies-4k', accessible: true, freeSpace: 9_120_000_000_000, unmappedFolders: [] },
	];
}

export function defaultRadarrMovies(): SeedMovie[] {
	return [
		{ tmdbId: 286217, qualityProfileId: 4, rootFolderPath: '/movies', added: '2024-01-05T20:00:00Z', hasFile: true },
		{ tmdbId: 1170608, qualityProfileId: 4, rootFolderPath: '/movies', added: '2024-06-01T09:30:00Z', hasFile: false },
		{ tmdbId: 693134, qualityProfileId: 5, rootFolderPath: '/data/movies-4k', added: '2025-02-01T18:45:00Z', hasFile: false },
	];
}

/** The events Radarr routes to a connection by its on<Event> flag (see libraryWants). */
const RADARR_ROUTED_EVENTS = ['Grab', 'Download', 'Rename', 'MovieAdded', 'MovieDelete', 'MovieFileDelete', 'ApplicationUpdate', 'ManualInteractionRequired'] as const;

export type RadarrWebhookEvent = 'Test' | 'Health' | 'HealthRestored' | (typeof RADARR_ROUTED_EVENTS)[number];

export class FakeRadarr extends FakeArrLibrary<{ item: RadarrMovie; entry: CatalogueMovie; queued: RadarrQueueItem; history: StoredHistory; blocked: BlocklistEntry; event: RadarrWebhookEvent }> {
	readonly movies: RadarrMovie[] = [];
	readonly files: RadarrMovieFile[] = [];
	/** Import exclusions added by deletes. */
	readonly exclusions: Array<{ tmdbId: number; movieTitle: string; movieYear: number }> = [];
	private nextMovieId = 1;
	private nextFileId = 1;
	private nextQueueId = 1_728_330_001;

	private constructor(setup: ArrFakeSetup, options: FakeRadarrOptions) {
		super(setup, RADARR_LIBRARY, {
			tags: [{ id: 1, label: 'kids' }],
			qualityProfiles: options.qualityProfiles ?? defaultRadarrQualityProfiles(),
			rootFolders: options.rootFolders ?? defaultRadarrRootFolders(),
		});
	}

	/** @internal use startFakeRadarr() */
	static async create(options: FakeRadarrOptions = {}): Promise<FakeRadarr> {
		const fake = new FakeRadarr(await librarySetup(RADARR_APP, options), options);
		for (const seed of options.movies ?? defaultRadarrMovies()) fake.seedMovie(seed);
		if (options.queue !== false) fake.seedQueue();
		return fake.listen();
	}

	protected get items(): RadarrMovie[] {
		return this.movies;
	}

	/** Adds a movie from the catalogue to the library, with its file and history when it has one. */
	seedMovie(seed: SeedMovie): RadarrMovie {
		const entry = RADARR_CATALOGUE.find((candidate) => candidate.tmdbId === seed.tmdbId);
		if (!entry) throw new Error(`The fake Radarr has no movie with TMDB id ${seed.tmdbId} in its catalogue.`);
		const movie = this.addToLibrary(entry, { ...seed, monitored: seed.monitored ?? true, minimumAvailability: 'released' });
		const released = movie.isAvailable === true;
		if (seed.hasFile ?? (released && Date.parse(seed.added) < Date.parse('2025-01-01T00:00:00Z'))) this.giveFile(movie, seed.qualityProfileId === 5 ? 19 : 7);
		return movie;
	}

	/** Adds `count` more downloads to the queue (for paging). */
	seedQueueItems(count: number): void {
		const movie = this.movies[this.movies.length - 1];
		for (let i = 0; i < count; i++) {
			this.queue.push(this.queueItem(movie, { title: `${dotted(movie?.title ?? 'Movie')}.${movie?.year ?? 2020}.720p.BluRay.x264-GRP${i}`, protocol: i % 2 ? 'usenet' : 'torrent', state: 'downloading', qualityId: 5 }));
		}
	}

	protected override register(): void {
		super.register();
		const { prefix } = this.app;
		this.server.on(`GET ${prefix}/movie/lookup/tmdb`, ({ query }) => {
			const tmdbId = intValue(query.tmdbId);
			const entry = RADARR_CATALOGUE.find((candidate) => candidate.tmdbId === tmdbId);
			return entry ? { body: this.resultFor(entry) } : this.notInCatalogue('TmdbId', tmdbId ?? '?');
		});
		this.server.on(`GET ${prefix}/movie/lookup/imdb`, ({ query }) => {
			const imdbId = (firstValue(query.imdbId) ?? '').toLowerCase();
			const entry = RADARR_CATALOGUE.find((candidate) => candidate.imdbId === imdbId);
			return entry ? { body: this.resultFor(entry) } : this.notInCatalogue('IMDb', imdbId);
		});
	}

	// ---- movies -------------------------------------------------------------------------------

	private addToLibrary(entry: CatalogueMovie, settings: SeedMovie & { monitored: boolean; minimumAvailability: string }): RadarrMovie {
		const root = settings.rootFolderPath.replace(/\/+$/, '');
		const movie: RadarrMovie = {
			...this.lookupResource(entry),
			id: this.nextMovieId++,
			path: `${root}/${folderName(entry)}`,
			rootFolderPath: this.rootFolders.find((folder) => (folder.path ?? '').replace(/\/+$/, '') === root)?.path ?? root,
			qualityProfileId: settings.qualityProfileId,
			monitored: settings.monitored,
			minimumAvailability: settings.minimumAvailability as RadarrMovie['minimumAvailability'],
			tags: settings.tags ?? [],
			added: settings.added,
			hasFile: false,
			movieFileId: 0,
		};
		this.movies.push(movie);
		return movie;
	}

	private giveFile(movie: RadarrMovie, qualityId: number): void {
		const found = QUALITIES.find((candidate) => candidate.id === qualityId) ?? QUALITIES[0];
		const group = qualityId === 19 ? 'FraMeSToR' : 'SPARKS';
		const name = `${movie.title} (${movie.year}) ${found.name}`.replace(/[:/\\?*"<>|]/g, '');
		const file: RadarrMovieFile = {
			id: this.nextFileId++,
			movieId: movie.id,
			relativePath: `${name}.mkv`,
			path: `${movie.path}/${name}.mkv`,
			size: qualityId === 19 ? 58_300_000_000 : 10_900_000_000,
			dateAdded: isoAt(Date.parse(movie.added ?? new Date().toISOString()) + DAY),
			sceneName: `${dotted(movie.title ?? '')}.${movie.year}.${found.resolution}p.BluRay.x264-${group}`,
			releaseGroup: group,
			edition: '',
			languages: [ENGLISH],
			quality: this.quality(qualityId),
			customFormats: [],
			customFormatScore: 0,
			indexerFlags: 0,
			qualityCutoffNotMet: false,
		};
		this.files.push(file);
		movie.hasFile = true;
		movie.movieFileId = file.id;
		this.recordDownload(
			{ movieId: movie.id },
			{
				sourceTitle: String(file.sceneName),
				qualityId,
				grabbedAt: isoAt(Date.parse(String(file.dateAdded)) - 5 * 3_600_000),
				importedAt: String(file.dateAdded),
				grabbed: { indexer: '1337x (Prowlarr)', releaseGroup: group, size: String(file.size), downloadClient: 'qBittorrent', downloadClientName: 'qBittorrent', protocol: 'torrent', tmdbId: String(movie.tmdbId), imdbId: String(movie.imdbId) },
				imported: { fileId: String(file.id), droppedPath: `/downloads/torrents/movies/${String(file.sceneName)}.mkv`, importedPath: String(file.path), downloadClient: 'qBittorrent', downloadClientName: 'qBittorrent' },
			},
		);
	}

	/** The dates of a catalogue movie; an upcoming one is dated from now. */
	private dates(entry: CatalogueMovie): { inCinemas: string; digitalRelease: string; physicalRelease: string; year: number } {
		if (entry.upcomingInDays === undefined) return { inCinemas: `${entry.inCinemas}T00:00:00Z`, digitalRelease: `${entry.digitalRelease}T00:00:00Z`, physicalRelease: `${entry.physicalRelease}T00:00:00Z`, year: entry.year };
		const cinema = Math.floor(Date.now() / DAY) * DAY + entry.upcomingInDays * DAY;
		return { inCinemas: isoAt(cinema), digitalRelease: isoAt(cinema + 60 * DAY), physicalRelease: isoAt(cinema + 90 * DAY), year: new Date(cinema).getUTCFullYear() };
	}

	/** The movie as a lookup answers it: no id, no path; ids, dates, images and ratings. */
	private lookupResource(entry: CatalogueMovie): RadarrMovie {
		const dates = this.dates(entry);
		const now = Date.now();
		const released = Date.parse(dates.physicalRelease) <= now || Date.parse(dates.digitalRelease) <= now;
		const status = released ? 'released' : Date.parse(dates.inCinemas) <= now ? 'inCinemas' : 'announced';
		const images = ['poster', 'fanart'].map((coverType) => ({
			coverType: coverType as 'poster' | 'fanart',
			url: `https://image.tmdb.org/t/p/original/${entry.tmdbId}-${coverType}.jpg`,
			remoteUrl: `https://image.tmdb.org/t/p/original/${entry.tmdbId}-${coverType}.jpg`,
		}));
		const movie: RadarrMovie = {
			id: 0,
			title: entry.title,
			originalTitle: entry.title,
			originalLanguage: ENGLISH,
			alternateTitles: [],
			secondaryYearSourceId: 0,
			sortTitle: plainTitle(entry.title),
			sizeOnDisk: 0,
			status,
			overview: entry.overview,
			inCinemas: dates.inCinemas,
			physicalRelease: dates.physicalRelease,
			digitalRelease: dates.digitalRelease,
			releaseDate: dates.digitalRelease,
			images,
			website: '',
			remotePoster: images[0].remoteUrl,
			year: dates.year,
			youTubeTrailerId: '',
			studio: entry.studio,
			qualityProfileId: 0,
			hasFile: false,
			movieFileId: 0,
			monitored: false,
			minimumAvailability: 'released',
			isAvailable: released,
			folderName: folderName(entry),
			runtime: entry.runtime,
			cleanTitle: plainTitle(entry.title).replace(/\s+/g, ''),
			imdbId: entry.imdbId,
			tmdbId: entry.tmdbId,
			titleSlug: String(entry.tmdbId),
			folder: folderName(entry),
			certification: entry.certification,
			genres: entry.genres,
			keywords: [],
			tags: [],
			added: '0001-01-01T00:00:00Z',
			ratings: { imdb: { votes: entry.imdbRating ? 1_000_000 : 0, value: entry.imdbRating, type: 'user' }, tmdb: { votes: 20_000, value: Math.max(0, entry.imdbRating - 0.2), type: 'user' } },
			popularity: entry.popularity,
			statistics: { movieFileCount: 0, sizeOnDisk: 0, releaseGroups: [] },
		};
		if (entry.collection) movie.collection = { ...entry.collection };
		return movie;
	}

	/** A library movie as Radarr answers it: its file and statistics. */
	protected itemResource(movie: RadarrMovie): RadarrMovie {
		const file = this.files.find((candidate) => candidate.id === movie.movieFileId);
		const resource: RadarrMovie = {
			...movie,
			hasFile: !!file,
			sizeOnDisk: file?.size ?? 0,
			statistics: { movieFileCount: file ? 1 : 0, sizeOnDisk: file?.size ?? 0, releaseGroups: file?.releaseGroup ? [file.releaseGroup] : [] },
		};
		if (file) resource.movieFile = file;
		return resource;
	}

	/** A lookup result: the library's movie when Radarr has it, else the catalogue entry. */
	private resultFor(entry: CatalogueMovie): RadarrMovie {
		const owned = this.movies.find((movie) => movie.tmdbId === entry.tmdbId);
		return owned ? this.itemResource(owned) : this.lookupResource(entry);
	}

	protected lookup(term: string): RadarrMovie[] {
		const text = term.trim();
		const byId = /^(tmdb|imdb):\s*(\S+)$/i.exec(text);
		let entries: CatalogueMovie[];
		if (byId) {
			const [, kind, value] = byId;
			entries = RADARR_CATALOGUE.filter((entry) => (kind.toLowerCase() === 'tmdb' ? String(entry.tmdbId) === value : entry.imdbId === value.toLowerCase()));
		} else {
			const words = plainTitle(text).split(/\s+/).filter(Boolean);
			entries = words.length ? RADARR_CATALOGUE.filter((entry) => words.every((word) => plainTitle(entry.title).includes(word))) : [];
		}
		return entries.map((entry) => this.resultFor(entry));
	}

	protected fromCatalogue(tmdbId: number): CatalogueMovie | undefined {
		return RADARR_CATALOGUE.find((entry) => entry.tmdbId === tmdbId);
	}

	protected addFromCatalogue(entry: CatalogueMovie, sent: RadarrMovie, root: string): RadarrMovie {
		const movie = this.addToLibrary(entry, {
			tmdbId: entry.tmdbId,
			qualityProfileId: sent.qualityProfileId!,
			rootFolderPath: root,
			added: isoAt(Date.now()),
			monitored: sent.monitored ?? true,
			minimumAvailability: sent.minimumAvailability ?? 'released',
			tags: sent.tags ?? [],
		});
		movie.addOptions = { ...sent.addOptions };
		this.commands.queue('RefreshMovie', { movieIds: [movie.id], isNewMovie: true });
		if (sent.addOptions?.searchForMovie) this.commands.queue('MoviesSearch', { movieIds: [movie.id] });
		return movie;
	}

	protected forget(movie: RadarrMovie): void {
		removeWhere(this.files, (file) => file.movieId === movie.id);
	}

	protected exclude(movie: RadarrMovie): void {
		this.exclusions.push({ tmdbId: movie.tmdbId ?? 0, movieTitle: movie.title ?? '', movieYear: movie.year ?? 0 });
	}

	// ---- calendar, wanted ----------------------------------------------------------------------

	protected calendar(query: QueryRecord): HandlerResult {
		const { unmonitored, within, tagged } = calendarQuery(query);
		const list = this.movies.filter((movie) => (within(movie.inCinemas) || within(movie.digitalRelease) || within(movie.physicalRelease)) && (unmonitored || movie.monitored) && tagged(movie.tags));
		return { body: list.map((movie) => this.itemResource(movie)) };
	}

	protected wantedMissing(query: QueryRecord): HandlerResult {
		const monitored = flag(query.monitored, true);
		const list = this.movies.filter((movie) => !movie.movieFileId && movie.isAvailable && (monitored ? movie.monitored : !movie.monitored));
		const page = pageOf(list, query, { 'movieMetadata.sortTitle': (movie) => movie.sortTitle, 'movieMetadata.digitalRelease': (movie) => movie.digitalRelease, 'movieMetadata.inCinemas': (movie) => movie.inCinemas }, { sortKey: 'movieMetadata.sortTitle', sortDirection: 'ascending' });
		return { body: { ...page, records: (page.records as RadarrMovie[]).map((movie) => this.itemResource(movie)) } };
	}

	// ---- queue ------------------------------------------------------------------------------

	private seedQueue(): void {
		const wanted = this.movies.filter((movie) => !movie.movieFileId);
		const [first, second] = wanted;
		if (first) this.queue.push(this.queueItem(first, { title: `${dotted(first.title ?? '')}.${first.year}.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.7.1.Atmos-FraMeSToR`, protocol: 'torrent', state: 'downloading', qualityId: 31 }));
		if (second) this.queue.push(this.queueItem(second, { title: `${dotted(second.title ?? '')}.${second.year}.1080p.WEB-DL.DDP5.1.H.264-FLUX`, protocol: 'usenet', state: 'importBlocked', qualityId: 3 }));
		this.queue.push(this.queueItem(undefined, { title: 'Some.Unknown.Movie.2019.1080p.BluRay.x264-UNKN', protocol: 'torrent', state: 'queued', qualityId: 7 }));
	}

	private queueItem(movie: RadarrMovie | undefined, spec: DownloadSpec): RadarrQueueItem {
		return {
			id: this.nextQueueId++,
			movieId: movie?.id ?? null,
			...downloadFields(spec, {
				quality: this.quality(spec.qualityId),
				size: spec.qualityId >= 18 ? 61_000_000_000 : 9_800_000_000,
				etaMinutes: 75,
				addedMinutesAgo: 20,
				blockedMessage: 'Not an upgrade for existing movie file. Existing quality: Remux-2160p. New Quality WEBDL-1080p.',
				category: 'movies',
				leftRatio: 0.62,
			}),
		};
	}

	protected blocklistLinks(item: RadarrQueueItem): Record<string, unknown> {
		return { movieId: item.movieId };
	}

	protected searchAgain(item: RadarrQueueItem): void {
		if (item.movieId) this.commands.queue('MoviesSearch', { movieIds: [item.movieId] });
	}

	protected withLinks(out: Record<string, unknown>, linked: RadarrQueueItem | StoredHistory, query: QueryRecord): void {
		const movie = this.findItem(linked.movieId ?? 0);
		if (flag(query.includeMovie) && movie) out.movie = this.itemResource(movie);
	}

	// ---- webhooks ------------------------------------------------------------------------------

	/**
	 * Payloads as Radarr 5 builds them (src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs and
	 * the Webhook*Payload, WebhookMovie, WebhookRemoteMovie, WebhookMovieFile, WebhookRelease
	 * classes), from the fake's library: the movie with a file for file events.
	 */
	webhookPayload(eventType: RadarrWebhookEvent): Record<string, unknown> {
		if (eventType === 'Test') return testPayload();
		const base = { eventType, instanceName: 'Radarr', applicationUrl: '' };
		if (eventType === 'Health' || eventType === 'HealthRestored') {
			return { ...base, level: 'warning', message: 'Indexers unavailable due to failures: NZBgeek (Prowlarr)', type: 'IndexerStatusCheck', wikiUrl: 'https://wiki.servarr.com/radarr/system#indexers-are-unavailable-due-to-failures' };
		}
		if (eventType === 'ApplicationUpdate') {
			return { ...base, message: `Radarr updated from 5.26.1.10080 to ${RADARR_VERSION}`, previousVersion: '5.26.1.10080', newVersion: RADARR_VERSION };
		}
		const movie = this.movies.find((candidate) => candidate.movieFileId) ?? this.movies[0];
		if (!movie) throw new Error('The fake Radarr needs a movie in its library to build a webhook payload.');
		const file = this.files.find((candidate) => candidate.id === movie.movieFileId);
		const webhookMovie = {
			id: movie.id,
			title: movie.title,
			year: movie.year,
			releaseDate: String(movie.physicalRelease ?? '').slice(0, 10),
			folderPath: movie.path,
			tmdbId: movie.tmdbId,
			imdbId: movie.imdbId,
			overview: movie.overview,
			genres: movie.genres,
			images: (movie.images ?? []).map((image) => ({ coverType: image.coverType, url: image.url, remoteUrl: image.remoteUrl })),
			tags: this.tagLabels(movie.tags),
			originalLanguage: ENGLISH,
		};
		const remoteMovie = { tmdbId: movie.tmdbId, imdbId: movie.imdbId, title: movie.title, year: movie.year };
		const releaseTitle = `${dotted(movie.title ?? '')}.${movie.year}.1080p.BluRay.x264-SPARKS`;
		const release = { quality: 'Bluray-1080p', qualityVersion: 1, releaseGroup: 'SPARKS', releaseTitle, indexer: '1337x (Prowlarr)', size: 10_900_000_000, customFormatScore: 0, customFormats: [], languages: [ENGLISH], indexerFlags: [] };
		const downloadId = randomBytes(20).toString('hex').toUpperCase();
		const movieFile = file
			? {
					id: file.id,
					relativePath: file.relativePath,
					path: file.path,
					quality: (file.quality?.quality as { name?: string } | undefined)?.name,
					qualityVersion: 1,
					releaseGroup: file.releaseGroup,
					sceneName: file.sceneName,
					indexerFlags: '0',
					size: file.size,
					dateAdded: file.dateAdded,
					languages: [ENGLISH],
					sourcePath: `/downloads/torrents/movies/${String(file.sceneName)}.mkv`,
				}
			: undefined;
		const customFormatInfo = { customFormats: [], customFormatScore: 0 };
		switch (eventType) {
			case 'Grab':
				return { ...base, movie: webhookMovie, remoteMovie, release, downloadClient: 'qBittorrent', downloadClientType: 'qBittorrent', downloadId, customFormatInfo };
			case 'Download':
				// The release imported is the one the file came from, as in Radarr's grab history.
				return { ...base, movie: webhookMovie, remoteMovie, movieFile, release: { releaseTitle: file?.sceneName ?? releaseTitle, indexer: release.indexer, size: file?.size ?? release.size }, isUpgrade: false, downloadClient: 'qBittorrent', downloadClientType: 'qBittorrent', downloadId, customFormatInfo };
			case 'Rename':
				return { ...base, movie: webhookMovie, renamedMovieFiles: movieFile ? [{ ...movieFile, previousRelativePath: 'old-name.mkv', previousPath: `${movie.path}/old-name.mkv` }] : [] };
			case 'MovieAdded':
				return { ...base, movie: webhookMovie, addMethod: 'manual' };
			case 'MovieDelete':
				return { ...base, movie: webhookMovie, deletedFiles: false };
			case 'MovieFileDelete':
				return { ...base, movie: webhookMovie, movieFile, deleteReason: 'manual' };
			case 'ManualInteractionRequired':
				return {
					...base,
					movie: webhookMovie,
					downloadInfo: { quality: release.quality, qualityVersion: 1, title: releaseTitle, size: release.size },
					downloadClient: 'qBittorrent',
					downloadClientType: 'qBittorrent',
					downloadId,
					downloadStatus: 'Warning',
					downloadStatusMessages: [{ title: releaseTitle, messages: ['Unable to parse movie from release title'] }],
					customFormatInfo,
					release: { releaseTitle, indexer: release.indexer, size: release.size },
				};
		}
	}
}

const HISTORY_NUMBERS: Record<StoredHistory['eventType'], number> = {
	grabbed: 1,
	downloadFolderImported: 3,
	downloadFailed: 4,
	movieFileDeleted: 6,
	movieFileRenamed: 8,
};

const RADARR_COMMANDS: CommandDefinition[] = [
	{ name: 'RefreshMovie', fields: { movieIds: 'integer[]', isNewMovie: 'boolean' } },
	{ name: 'RescanMovie', fields: { movieId: 'integer' } },
	{ name: 'MoviesSearch', fields: { movieIds: 'integer[]' }, required: ['movieIds'] },
	{ name: 'MissingMoviesSearch', fields: { filterKey: 'string', filterValue: 'string' } },
	{ name: 'MoveMovie', fields: { movieId: 'integer', sourcePath: 'string', destinationPath: 'string' } },
	{ name: 'RssSync' },
	{ name: 'RefreshMonitoredDownloads' },
];

const RADARR_EVENTS = [
	'onGrab',
	'onDownload',
	'onUpgrade',
	'onRename',
	'onMovieAdded',
	'onMovieDelete',
	'onMovieFileDelete',
	'onMovieFileDeleteForUpgrade',
	'onHealthIssue',
	'onHealthRestored',
	'onApplicationUpdate',
	'onManualInteractionRequired',
];

const RADARR_APP: ArrApp = {
	name: 'Radarr',
	version: RADARR_VERSION,
	spec: RADARR_SPEC,
	prefix: '/api/v3',
	commands: RADARR_COMMANDS,
	commandOptions: { withResult: true, isLongRunning: true, isTypeExclusive: true },
	status: { buildTime: '2025-08-10T12:00:00Z', branch: 'master', migrationVersion: 241, runtimeVersion: '8.0.12', packageRelease: 'ls282' },
	templates: libraryTemplates('https://wiki.servarr.com/radarr/supported', RADARR_EVENTS),
	wants: libraryWants(RADARR_ROUTED_EVENTS),
};

const RADARR_LIBRARY: LibraryFacts = {
	resource: 'movie',
	model: 'Movie',
	externalId: 'tmdbId',
	metadataSource: 'TMDb',
	owner: 'movieId',
	ownerIds: 'movieIds',
	includeUnknown: 'includeUnknownMovieItems',
	exclusionFlag: 'addImportExclusion',
	queueSortTitle: 'movies.sortTitle',
	historySortTitle: 'movieMetadata.sortTitle',
	historyNumbers: HISTORY_NUMBERS,
	readOnly: ['statistics', 'movieFile', 'sizeOnDisk', 'movieFileId'],
	qualities: QUALITIES,
};

function testPayload(): Record<string, unknown> {
	return {
		eventType: 'Test',
		instanceName: 'Radarr',
		applicationUrl: '',
		movie: { id: 1, title: 'Test Title', year: 1970, releaseDate: '1970-01-01', folderPath: 'C:\\testpath', tmdbId: 0, tags: ['test-tag'] },
		remoteMovie: { tmdbId: 1234, imdbId: '5678', title: 'Test title', year: 1970 },
		release: { quality: 'Test Quality', qualityVersion: 1, releaseGroup: 'Test Group', releaseTitle: 'Test Title', indexer: 'Test Indexer', size: 9999999, customFormatScore: 0 },
	};
}


function dotted(title: string): string {
	return title.replace(/[:']/g, '').replace(/\s+/g, '.');
}

function folderName(entry: CatalogueMovie): string {
	return `${entry.title.replace(/[:/\\?*"<>|]/g, '')} (${entry.upcomingInDays === undefined ? entry.year : new Date(Date.now() + entry.upcomingInDays * DAY).getUTCFullYear()})`;
}





/** Starts a fake Radarr on 127.0.0.1 (a free port unless `port` is given). */
export function startFakeRadarr(options: FakeRadarrOptions = {}): Promise<FakeRadarr> {
	return FakeRadarr.create(options);
}
