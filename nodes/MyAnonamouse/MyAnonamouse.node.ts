import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as session from './actions/session/Session.resource';
import * as user from './actions/user/User.resource';
import { myAnonamouseApiTest } from './methods/credentialTest';
import { createRouter, resourceFields } from '../shared/router';
import { hintUnsavedCookie } from './actions/common';
import { createMyAnonamouseSession } from './transport';

const resources = { session, user };

export class MyAnonamouse implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MyAnonamouse',
		name: 'myAnonamouse',
		icon: { light: 'file:myanonamouse.svg', dark: 'file:myanonamouse.dark.svg' },
		group: ['transform'],
		version: 1,
		// The action the user picked, as the node panel names it (operation values are unique across resources).
		subtitle: '={{ {"check": "Check a session", "keepalive": "Keep a session alive", "rotate": "Rotate a session cookie", "getStats": "Get user stats"}[$parameter["operation"]] }}',
		description: 'Keep a MyAnonamouse session alive, follow its rotating cookie and check it',
		defaults: {
			name: 'MyAnonamouse',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'myAnonamouseApi',
				required: true,
				testedBy: 'myAnonamouseApiTest',
			},
		],
		properties: [
			{
				displayName:
					'MAM may hand back a new cookie on any call. This node keeps the newest one in the workflow\'s static data and sends it next time instead of the credential\'s. n8n saves static data for active (production) workflows only, not for manual runs: after a manual run that rotated the cookie, copy it from the output.',
				name: 'cookieNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Session', value: 'session' },
					{ name: 'User', value: 'user' },
				],
				default: 'session',
			},
			...resourceFields(resources),
		],
	};

	methods = {
		credentialTest: { myAnonamouseApiTest },
	};

	// One session for all items, so each item sends the cookie the previous one got back.
	execute = createRouter({ resources, openSession: createMyAnonamouseSession, finish: hintUnsavedCookie });
}
