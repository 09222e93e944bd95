import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as event from './actions/event/Event.resource';
import * as prowlarr from './actions/prowlarr/Prowlarr.resource';
import * as rotation from './actions/rotation/Rotation.resource';
import { router } from './actions/router';
import * as session from './actions/session/Session.resource';
import * as system from './actions/system/System.resource';

export class Mediastack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mediastack',
		name: 'mediastack',
		icon: { light: 'file:mediastack.svg', dark: 'file:mediastack.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
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
			...event.description,
			...prowlarr.description,
			...rotation.description,
			...session.description,
			...system.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
