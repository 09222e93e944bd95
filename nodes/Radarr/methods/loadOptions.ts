import type { INodePropertyOptions } from 'n8n-workflow';

import { optionsLoader } from '../../shared/load-options';
import { createRadarrSession } from '../transport';

/** The pickers behind Movie, Quality Profile, Root Folder and Tags, read from the Radarr the credential points at. */
export const radarrLoadOptions = {
	getMovies: optionsLoader(createRadarrSession, async ({ client }): Promise<INodePropertyOptions[]> =>
		(await client.listMovies()).map((movie) => ({
			name: `${movie.title ?? `Movie ${movie.id}`}${movie.year ? ` (${movie.year})` : ''}`,
			value: movie.id,
			description: movie.tmdbId ? `TMDB ${movie.tmdbId}` : undefined,
		})),
	),

	getQualityProfiles: optionsLoader(createRadarrSession, async ({ client }): Promise<INodePropertyOptions[]> =>
		(await client.listQualityProfiles()).map((profile) => ({ name: profile.name ?? `Profile ${profile.id}`, value: profile.id })),
	),

	getRootFolders: optionsLoader(createRadarrSession, async ({ client }): Promise<INodePropertyOptions[]> =>
		(await client.listRootFolders())
			.filter((folder) => folder.path)
			.map((folder) => ({ name: folder.path!, value: folder.path!, description: freeSpaceText(folder.freeSpace) })),
	),

	getTags: optionsLoader(createRadarrSession, async ({ client }): Promise<INodePropertyOptions[]> =>
		(await client.listTags()).map((tag) => ({ name: tag.label, value: tag.id })),
	),
};

/** "2.2 TiB free", in binary units as Radarr shows them. */
export function freeSpaceText(bytes: number | null | undefined): string | undefined {
	if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return undefined;
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]} free`;
}
