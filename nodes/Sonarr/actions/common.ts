import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The series an operation acts on, picked from the library. */
export const seriesIdProperty: INodeProperties = {
	displayName: 'Series Name or ID',
	name: 'seriesId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSeries' },
	required: true,
	default: '',
	description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

/** A series for commands that also run on the whole library (left empty). */
export const optionalSeriesIdProperty: INodeProperties = {
	displayName: 'Series Name or ID',
	name: 'seriesId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSeries' },
	default: '',
	description:
		'Empty (All Series) runs it on the whole library. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Series tags by label; labels Sonarr does not have yet are created. */
export const tagLabelsProperty: INodeProperties = {
	displayName: 'Tag Names or IDs',
	name: 'tags',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTagLabels' },
	default: [],
	description:
		'Tags of the series; a label Sonarr does not have yet is created. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The Add and Update fields of a series' settings (collection options). */
export const monitorNewItemsProperty: INodeProperties = {
	displayName: 'Monitor New Seasons',
	name: 'monitorNewItems',
	type: 'options',
	options: [
		{ name: 'All Seasons', value: 'all', description: 'Monitor seasons that appear later' },
		{ name: 'None', value: 'none', description: 'Leave seasons that appear later unmonitored' },
	],
	default: 'all',
	description: 'Whether seasons that appear later are monitored',
};

export const seasonFolderProperty: INodeProperties = {
	displayName: 'Season Folder',
	name: 'seasonFolder',
	type: 'boolean',
	default: true,
	description: 'Whether episodes go into one folder per season',
};

export const seriesTypeProperty: INodeProperties = {
	displayName: 'Series Type',
	name: 'seriesType',
	type: 'options',
	options: [
		{ name: 'Anime', value: 'anime', description: 'Absolute episode numbers' },
		{ name: 'Daily', value: 'daily', description: 'Episodes named by air date, such as talk shows' },
		{ name: 'Standard', value: 'standard', description: 'Season and episode numbers' },
	],
	default: 'standard',
	description: 'How episodes are numbered',
};

/** What the listings (calendar, episodes, history, queue, wanted) can add to each item (collection options). */
export const includeSeriesOption: INodeProperties = {
	displayName: 'Include Series',
	name: 'includeSeries',
	type: 'boolean',
	default: false,
	description: 'Whether to add the whole series to each item (field "series")',
};

export const includeEpisodeOption: INodeProperties = {
	displayName: 'Include Episode',
	name: 'includeEpisode',
	type: 'boolean',
	default: false,
	description: 'Whether to add the whole episode to each item (field "episode")',
};

export const includeEpisodeFileOption: INodeProperties = {
	displayName: 'Include Episode File',
	name: 'includeEpisodeFile',
	type: 'boolean',
	default: false,
	description: 'Whether to add each episode\'s file (path, size, quality), when it has one',
};

/** What Sonarr's Add Series screen offers under "Monitor", by the values its API takes. */
export const monitorOptions = [
	{ name: 'All Episodes', value: 'all', description: 'Every episode except specials' },
	{ name: 'Existing Episodes', value: 'existing', description: 'Episodes that have files or have not aired yet' },
	{ name: 'First Season', value: 'firstSeason', description: 'Only the episodes of season 1' },
	{ name: 'Future Episodes', value: 'future', description: 'Episodes that have not aired yet' },
	{ name: 'Last Season', value: 'lastSeason', description: 'Only the episodes of the latest season' },
	{ name: 'Missing Episodes', value: 'missing', description: 'Episodes without files, and those not aired yet' },
	{ name: 'Monitor Specials', value: 'monitorSpecials', description: 'Turn monitoring on for the specials, leaving the other episodes as they are' },
	{ name: 'None', value: 'none', description: 'Add the series unmonitored' },
	{ name: 'Pilot Episode', value: 'pilot', description: 'Only the first episode of season 1' },
	{ name: 'Recent Episodes', value: 'recent', description: 'Episodes aired in the last 90 days, and future ones' },
	{ name: 'Unmonitor Specials', value: 'unmonitorSpecials', description: 'Turn monitoring off for the specials, leaving the other episodes as they are' },
];

/** A whole number from 0 up (season 0 holds the specials). */
export function getSeasonNumber(context: IExecuteFunctions, itemIndex: number): number {
	const raw = context.getNodeParameter('seasonNumber', itemIndex) as unknown;
	const season = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
	if (!Number.isInteger(season) || season < 0 || String(raw ?? '').trim() === '') {
		throw new NodeOperationError(context.getNode(), `seasonNumber must be a whole number from 0 (specials) up, got "${String(raw)}"`, { itemIndex });
	}
	return season;
}
