import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as event from './actions/event/Event.resource';
import * as prowlarr from './actions/prowlarr/Prowlarr.resource';
import * as rotation from './actions/rotation/Rotation.resource';
import * as session from './actions/session/Session.resource';
import * as system from './actions/system/System.resource';
import { mediastackApiTest } from './methods/credentialTest';
import { createRouter, resourceFields } from '../shared/router';
import { createMediastackSession } from './transport';

const resources = { event, prowlarr, rotation, session, system };

export class Mediastack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediastack',
		name: 'mediastack',
		icon: { light: 'file:mediastack.svg', dark: 'file:mediastack.dark.svg' },
		group: ['transform'],
		version: 1,
		// The action the user picked, as the node panel names it (operation values are unique across resources).
		subtitle:
			'={{ {"getMany": "Get many events", "test": "Test the MAM indexer connection", "start": "Start a cookie rotation", "testExpiryNotification": "Test the expiry notification", "getHealth": "Get runner health", "getServerTime": "Get the server time"}[$parameter["operation"]] }}',
		description: 'Drive the mediastack runner: rotate MAM cookies into Prowlarr, test notifications, read its event log',
		defaults: {
			name: 'Mediastack',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'mediastackApi',
				required: true,
				testedBy: 'mediastackApiTest',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Prowlarr', value: 'prowlarr' },
					{ name: 'Rotation', value: 'rotation' },
					{ name: 'Session', value: 'session' },
					{ name: 'System', value: 'system' },
				],
				default: 'rotation',
			},
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { mediastackApiTest },
	};

	execute = createRouter({ resources, openSession: createMediastackSession });
}
