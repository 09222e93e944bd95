import type { ILoadOptionsFunctions } from 'n8n-workflow';

import type { SonarrSeries } from '../../../clients/sonarr/types';
import { byName, freeSpaceText, optionsLoader } from '../../shared/load-options';
import { sonarr } from '../transport';

/**
 * The pickers of the Sonarr node, read from the Sonarr the credential points at. Where a field
 * may stay empty (Add's profile and root folder, a refresh of every series), the empty choice
 * is listed first, saying what empty means.
 */

/** Operations whose series may be left empty, meaning every series. */
const ALL_SERIES_OPERATIONS = ['refreshSeries', 'rescanSeries'];

function currentOperation(context: ILoadOptionsFunctions): string {
	const operation = context.getCurrentNodeParameter('operation');
	return typeof operation === 'string' ? operation : '';
}

export const getSeries = optionsLoader(sonarr.openSession, async function ({ client }) {
	const choices = byName((await client.listSeries()).map((series) => ({ name: seriesName(series), value: series.id, description: series.path ?? undefined })));
	if (!ALL_SERIES_OPERATIONS.includes(currentOperation(this))) return choices;
	return [{ name: 'All Series', value: '', description: 'Every series in the library' }, ...choices];
});

export const getQualityProfiles = optionsLoader(sonarr.openSession, async function ({ client }) {
	const choices = byName((await client.listQualityProfiles()).map((profile) => ({ name: profile.name ?? `Profile ${profile.id}`, value: profile.id })));
	if (currentOperation(this) !== 'add') return choices;
	return [{ name: 'Default', value: '', description: 'The profile of the series added last, else Sonarr\'s first profile' }, ...choices];
});

export const getRootFolders = optionsLoader(sonarr.openSession, async function ({ client }) {
	const choices = byName(
		(await client.listRootFolders())
			.filter((folder) => folder.path)
			.map((folder) => ({ name: folder.path as string, value: folder.path as string, description: freeSpaceText(folder.freeSpace) })),
	);
	if (currentOperation(this) !== 'add') return choices;
	return [{ name: 'Default', value: '', description: 'The root folder of the series added last, else Sonarr\'s first root folder' }, ...choices];
});

/** Tags by id, for operations on a tag itself. */
export const getTags = optionsLoader(sonarr.openSession, async ({ client }) => byName((await client.listTags()).map((tag) => ({ name: tag.label, value: tag.id }))));

/** Tags by label, for the series' tags: an expression may name labels that do not exist yet, and Sonarr gets them created. */
export const getTagLabels = optionsLoader(sonarr.openSession, async ({ client }) => byName((await client.listTags()).map((tag) => ({ name: tag.label, value: tag.label }))));

function seriesName(series: SonarrSeries): string {
	const title = series.title ?? `Series ${series.id}`;
	// Sonarr keeps the year in some titles already ("Doctor Who (2005)").
	return series.year && !title.endsWith(`(${series.year})`) ? `${title} (${series.year})` : title;
}
