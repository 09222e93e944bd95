import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as calendar from './actions/calendar/Calendar.resource';
import * as command from './actions/command/Command.resource';
import * as episode from './actions/episode/Episode.resource';
import * as history from './actions/history/History.resource';
import * as qualityProfile from '../shared/arr/qualityProfile/QualityProfile.resource';
import * as queue from './actions/queue/Queue.resource';
import * as rootFolder from '../shared/arr/rootFolder/RootFolder.resource';
import * as series from './actions/series/Series.resource';
import * as system from '../shared/arr/system/System.resource';
import * as tag from '../shared/arr/tag/Tag.resource';
import * as wanted from './actions/wanted/Wanted.resource';
import { createRouter, resourceFields } from '../shared/router';
import { sonarr } from './transport';
import { getQualityProfiles, getRootFolders, getSeries, getTagLabels, getTags } from './methods/loadOptions';

const resources = { calendar, command, episode, history, qualityProfile, queue, rootFolder, series, system, tag, wanted };

export class Sonarr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sonarr',
		name: 'sonarr',
		icon: { light: 'file:sonarr.svg', dark: 'file:sonarr.dark.svg' },
		group: ['transform'],
		version: 1,
		// The option names, not the values: "Get Many: Quality Profile" rather than "getAll: qualityProfile".
		subtitle:
			'={{ ({"add": "Add", "create": "Create", "delete": "Delete", "get": "Get", "getAll": "Get Many", "getHealth": "Get Health", "getMissing": "Get Missing", "getStatus": "Get Status", "lookup": "Look Up", "refreshSeries": "Refresh Series", "remove": "Remove", "rescanSeries": "Rescan Series", "searchEpisodes": "Search Episodes", "searchMissing": "Search Missing", "searchSeason": "Search Season", "searchSeries": "Search Series", "update": "Update"})[$parameter["operation"]] + ": " + ({"calendar": "Calendar", "command": "Command", "episode": "Episode", "history": "History", "qualityProfile": "Quality Profile", "queue": "Queue", "rootFolder": "Root Folder", "series": "Series", "system": "System", "tag": "Tag", "wanted": "Wanted"})[$parameter["resource"]] }}',
		description: 'Manage TV series, episodes, downloads and searches in Sonarr',
		defaults: {
			name: 'Sonarr',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sonarrApi',
				required: true,
				testedBy: 'sonarrApiTest',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Calendar', value: 'calendar' },
					{ name: 'Command', value: 'command' },
					{ name: 'Episode', value: 'episode' },
					{ name: 'History', value: 'history' },
					{ name: 'Quality Profile', value: 'qualityProfile' },
					{ name: 'Queue', value: 'queue' },
					{ name: 'Root Folder', value: 'rootFolder' },
					{ name: 'Series', value: 'series' },
					{ name: 'System', value: 'system' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Wanted', value: 'wanted' },
				],
				default: 'series',
			},
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { sonarrApiTest: sonarr.credentialTest },
		loadOptions: { getQualityProfiles, getRootFolders, getSeries, getTagLabels, getTags },
	};

	execute = createRouter({ resources, openSession: sonarr.openSession });
}
