import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as calendar from './actions/calendar/Calendar.resource';
import * as command from './actions/command/Command.resource';
import * as history from './actions/history/History.resource';
import * as movie from './actions/movie/Movie.resource';
import * as qualityProfile from '../shared/arr/qualityProfile/QualityProfile.resource';
import * as queue from './actions/queue/Queue.resource';
import * as rootFolder from '../shared/arr/rootFolder/RootFolder.resource';
import * as system from '../shared/arr/system/System.resource';
import * as tag from '../shared/arr/tag/Tag.resource';
import * as wanted from './actions/wanted/Wanted.resource';
import { createRouter, resourceFields } from '../shared/router';
import { radarr } from './transport';
import { radarrLoadOptions } from './methods/loadOptions';

const resources = { calendar, command, history, movie, qualityProfile, queue, rootFolder, system, tag, wanted };

export class Radarr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Radarr',
		name: 'radarr',
		icon: { light: 'file:radarr.svg', dark: 'file:radarr.dark.svg' },
		group: ['transform'],
		version: 1,
		// Display names, not option values: "Get Many: Movie" rather than "getAll: movie".
		subtitle:
			'={{ ({ add: "Add", create: "Create", delete: "Delete", get: "Get", getAll: "Get Many", getHealth: "Get Health", getMissing: "Get Missing", getStatus: "Get Status", lookup: "Look Up", remove: "Remove", run: "Run", update: "Update" })[$parameter["operation"]] + ": " + ({ calendar: "Calendar", command: "Command", history: "History", movie: "Movie", qualityProfile: "Quality Profile", queue: "Queue", rootFolder: "Root Folder", system: "System", tag: "Tag", wanted: "Wanted" })[$parameter["resource"]] }}',
		description: 'Add, search for and manage movies, downloads and commands in Radarr',
		defaults: {
			name: 'Radarr',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'radarrApi',
				required: true,
				testedBy: 'radarrApiTest',
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
					{ name: 'History', value: 'history' },
					{ name: 'Movie', value: 'movie' },
					{ name: 'Quality Profile', value: 'qualityProfile' },
					{ name: 'Queue', value: 'queue' },
					{ name: 'Root Folder', value: 'rootFolder' },
					{ name: 'System', value: 'system' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Wanted', value: 'wanted' },
				],
				default: 'movie',
			},
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { radarrApiTest: radarr.credentialTest },
		loadOptions: radarrLoadOptions,
	};

	execute = createRouter({ resources, openSession: radarr.openSession });
}
