import { ClientError, ConfigError, NotFoundError } from '../core/errors';
import type { ServiceInfo } from '../core/errors';
import type { QueryValue } from '../core/http';
import type { JsonClientOptions } from '../core/json-client';
import { segment } from '../core/json-client';
import { ArrClient } from './client';
import type { ArrDate, ArrDeleteOptions, ArrQualityProfile, ArrQueueRemoveOptions, ArrRootFolder, ArrUpdateOptions } from './library-types';

/** What every series or movie has, whichever app it comes from. */
export interface ArrLibraryItem {
	id: number;
	title?: string | null;
	year?: number;
	path?: string | null;
	rootFolderPath?: string | null;
	qualityProfileId?: number;
	added?: string;
	tags?: number[] | null;
	[key: string]: unknown;
}

/** How one app names its library, for paths and for messages a user reads. */
export interface LibraryKind {
	/** API path of the library: "series", "movie". */
	path: string;
	/** One item in a sentence: "series", "movie". */
	noun: string;
	/** The delete query flag that keeps import lists from adding the title again. */
	exclusionParam: string;
}

export interface LibraryDefaults {
	qualityProfileId: number;
	rootFolderPath: string;
}

/**
 * What Sonarr and Radarr (API v3) share beyond the *arr base: a library of series or movies
 * (get, update, delete, add with the server's defaults), quality profiles, root folders and
 * the queue's remove. Each app's client adds its own lookups, commands and queries.
 */
export abstract class ArrLibraryClient<TItem extends ArrLibraryItem> extends ArrClient {
	protected constructor(
		service: ServiceInfo,
		options: JsonClientOptions,
		private readonly kind: LibraryKind,
	) {
		super(service, options, 'v3');
	}

	listQualityProfiles(): Promise<ArrQualityProfile[]> {
		return this.call('GET', 'qualityprofile');
	}

	/** The root folders, each with its free space in bytes (`freeSpace`). */
	listRootFolders(): Promise<ArrRootFolder[]> {
		return this.call('GET', 'rootfolder');
	}

	/**
	 * Removes one download from the queue. The apps remove it from the download client too
	 * unless `removeFromClient: false`; `blocklist` keeps the release from being grabbed again.
	 */
	removeQueueItem(id: number, options: ArrQueueRemoveOptions = {}): Promise<void> {
		return this.call('DELETE', `queue/${segment(id)}`, {
			query: {
				removeFromClient: options.removeFromClient,
				blocklist: options.blocklist,
				skipRedownload: options.skipRedownload,
				changeCategory: options.changeCategory,
			},
		});
	}

	/**
	 * The quality profile and root folder to use when the caller names none. The rule: those
	 * of the title added most recently (what the user chose last, as the apps' own Add screens
	 * remember it), when they still exist; else the first profile and the first root folder
	 * the server lists. Only what is missing is looked up. An app with no profile or no root
	 * folder at all gets a NotFoundError saying where to add one.
	 */
	async libraryDefaults(given: Partial<LibraryDefaults> = {}): Promise<LibraryDefaults> {
		const needProfile = given.qualityProfileId === undefined;
		const needFolder = given.rootFolderPath === undefined || given.rootFolderPath.trim() === '';
		if (!needProfile && !needFolder) return { qualityProfileId: given.qualityProfileId!, rootFolderPath: given.rootFolderPath! };
		const [profiles, folders, items] = await Promise.all([
			needProfile ? this.listQualityProfiles() : Promise.resolve([]),
			needFolder ? this.listRootFolders() : Promise.resolve([]),
			this.listItems<TItem>(),
		]);
		const latest = mostRecentlyAdded(items);
		const name = this.service.name;
		let qualityProfileId = given.qualityProfileId;
		if (needProfile) {
			const chosen = profiles.find((profile) => profile.id === latest?.qualityProfileId) ?? profiles[0];
			if (!chosen) {
				throw new NotFoundError(`${name} has no quality profile to add the ${this.kind.noun} with. Fix: add one in ${name} → Settings → Profiles, or give a quality profile id.`, {
					service: name,
					fix: `add a quality profile in ${name} → Settings → Profiles.`,
				});
			}
			qualityProfileId = chosen.id;
		}
		let rootFolderPath = given.rootFolderPath;
		if (needFolder) {
			const chosen = (latest && folderOf(latest, folders)) ?? folders[0];
			if (!chosen?.path) {
				throw new NotFoundError(`${name} has no root folder to add the ${this.kind.noun} to. Fix: add one in ${name} → Settings → Media Management → Root Folders, or give a root folder path.`, {
					service: name,
					fix: `add a root folder in ${name} → Settings → Media Management → Root Folders.`,
				});
			}
			rootFolderPath = chosen.path;
		}
		return { qualityProfileId: qualityProfileId!, rootFolderPath: rootFolderPath! };
	}

	protected listItems<T extends TItem>(query: Record<string, QueryValue> = {}): Promise<T[]> {
		return this.call('GET', this.kind.path, { query });
	}

	/** One item by id; an unknown id is a NotFoundError that says which. */
	protected async getItem<T extends TItem>(id: number, query: Record<string, QueryValue> = {}): Promise<T> {
		try {
			return await this.call<T>('GET', `${this.kind.path}/${segment(checkId(this.service, this.kind.noun, id))}`, { query });
		} catch (error) {
			throw this.unknownId(error, id);
		}
	}

	/**
	 * Changes some fields of an item: GET the whole resource, merge the changes over it, PUT
	 * it back (the apps replace the whole resource on PUT, so a partial body would reset the
	 * rest). Returns the item as the app saved it.
	 */
	protected async updateItem<T extends TItem>(id: number, changes: Partial<T>, options: ArrUpdateOptions = {}): Promise<T> {
		const current = await this.getItem<T>(id);
		const merged = { ...current, ...changes, id: current.id };
		try {
			return await this.call<T>('PUT', `${this.kind.path}/${segment(current.id)}`, { body: merged, query: { moveFiles: options.moveFiles } });
		} catch (error) {
			throw this.unknownId(error, id);
		}
	}

	protected async deleteItem(id: number, options: ArrDeleteOptions = {}): Promise<void> {
		try {
			await this.call<void>('DELETE', `${this.kind.path}/${segment(checkId(this.service, this.kind.noun, id))}`, {
				query: { deleteFiles: options.deleteFiles, [this.kind.exclusionParam]: options.addImportListExclusion },
			});
		} catch (error) {
			throw this.unknownId(error, id);
		}
	}

	/**
	 * POSTs a new item. The apps refuse a title they already have with a 400 ("This series has
	 * already been added"); that answer is raised again naming the title, keeping the app's words.
	 */
	protected async addItem<T extends TItem>(body: Record<string, unknown>, label: string): Promise<T> {
		try {
			return await this.call<T>('POST', this.kind.path, { body });
		} catch (error) {
			if (error instanceof ClientError && error.status === 400) {
				const already = validationMessages(error.details).find((message) => /already been added/i.test(message));
				if (already) {
					throw new ClientError(`${this.service.name} already has ${label}: ${already.replace(/\.+$/, '')}.`, {
						service: this.service.name,
						method: error.method,
						url: error.url,
						status: error.status,
						details: error.details,
					});
				}
			}
			throw error;
		}
	}

	private unknownId(error: unknown, id: number): unknown {
		if (error instanceof NotFoundError && error.status === 404) {
			return new NotFoundError(`${this.service.name} has no ${this.kind.noun} with id ${id}.`, { service: this.service.name, method: error.method, url: error.url, status: 404 });
		}
		return error;
	}
}

/** The item with the newest `added` date; undefined for an empty library. */
function mostRecentlyAdded<T extends ArrLibraryItem>(items: T[]): T | undefined {
	let latest: T | undefined;
	let latestTime = -Infinity;
	for (const item of items) {
		const time = item.added ? Date.parse(item.added) : NaN;
		if (!Number.isNaN(time) && time > latestTime) {
			latest = item;
			latestTime = time;
		}
	}
	return latest;
}

/** The root folder an item lives in: the one the app names, else the longest one its path starts with. */
function folderOf(item: ArrLibraryItem, folders: ArrRootFolder[]): ArrRootFolder | undefined {
	const named = item.rootFolderPath ? folders.find((folder) => samePath(folder.path, item.rootFolderPath)) : undefined;
	if (named) return named;
	const path = item.path ?? '';
	return folders
		.filter((folder) => folder.path && isInside(path, folder.path))
		.sort((a, b) => (b.path ?? '').length - (a.path ?? '').length)[0];
}

function trimSlashes(path: string): string {
	return path.replace(/[\\/]+$/, '');
}

function samePath(a: string | null | undefined, b: string | null | undefined): boolean {
	return !!a && !!b && trimSlashes(a) === trimSlashes(b);
}

function isInside(path: string, folder: string): boolean {
	const base = trimSlashes(folder);
	return path.startsWith(base) && (path.length === base.length || path[base.length] === '/' || path[base.length] === '\\');
}

/** The messages of a Servarr validation answer (`[{propertyName, errorMessage}]`). */
export function validationMessages(details: unknown): string[] {
	if (!Array.isArray(details)) return [];
	return details
		.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>).errorMessage : undefined))
		.filter((message): message is string => typeof message === 'string');
}

/** A positive whole number, or a ConfigError saying which id was wrong. */
export function checkId(service: ServiceInfo, what: string, id: unknown): number {
	if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) {
		throw new ConfigError(`A ${service.name} ${what} id must be a whole number from 1 up (got ${JSON.stringify(id)}).`, { service: service.name });
	}
	return id;
}

/** A calendar bound as the apps read it: an ISO 8601 text. */
export function isoDate(service: ServiceInfo, value: ArrDate | undefined, what: string): string | undefined {
	if (value === undefined) return undefined;
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime())) {
		throw new ConfigError(`The ${what} date for ${service.name} is not a date (got ${JSON.stringify(String(value))}); give e.g. 2025-01-31 or 2025-01-31T18:00:00Z.`, { service: service.name });
	}
	return date.toISOString();
}

/** An IMDb id as the apps take it: "tt" and at least seven digits. */
export function imdbIdOf(service: ServiceInfo, value: string): string {
	const text = String(value ?? '').trim().toLowerCase();
	const digits = /^(?:tt)?(\d{7,})$/.exec(text)?.[1];
	if (!digits) throw new ConfigError(`An IMDb id looks like tt0903747 (got ${JSON.stringify(value)}).`, { service: service.name });
	return `tt${digits}`;
}
