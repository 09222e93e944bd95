import { byName, freeSpaceText, optionsLoader } from '../../shared/load-options';
import { radarr } from '../transport';

/** The pickers behind Movie, Quality Profile, Root Folder and Tags, read from the Radarr the credential points at. */
export const radarrLoadOptions = {
	getMovies: optionsLoader(radarr.openSession, async ({ client }) =>
		byName(
			(await client.listMovies()).map((movie) => ({
				name: `${movie.title ?? `Movie ${movie.id}`}${movie.year ? ` (${movie.year})` : ''}`,
				value: movie.id,
				description: movie.tmdbId ? `TMDB ${movie.tmdbId}` : undefined,
			})),
		),
	),

	getQualityProfiles: optionsLoader(radarr.openSession, async ({ client }) =>
		byName((await client.listQualityProfiles()).map((profile) => ({ name: profile.name ?? `Profile ${profile.id}`, value: profile.id }))),
	),

	getRootFolders: optionsLoader(radarr.openSession, async ({ client }) =>
		byName(
			(await client.listRootFolders())
				.filter((folder) => folder.path)
				.map((folder) => ({ name: folder.path!, value: folder.path!, description: freeSpaceText(folder.freeSpace) })),
		),
	),

	getTags: optionsLoader(radarr.openSession, async ({ client }) => byName((await client.listTags()).map((tag) => ({ name: tag.label, value: tag.id })))),
};
