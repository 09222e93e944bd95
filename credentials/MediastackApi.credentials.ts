import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The runner's HTTP API: its URL and bearer token. Its connection test is the Mediastack
 * node's `testedBy` method (nodes/Mediastack/methods/credentialTest.ts): it asks for the
 * runner's health summary with the node's own client, so a page that merely answers 200 does
 * not pass, and a failure reads as it would at run time.
 */
export class MediastackApi implements ICredentialType {
	name = 'mediastackApi';

	displayName = 'Mediastack Runner API';

	icon: Icon = { light: 'file:../nodes/Mediastack/mediastack.svg', dark: 'file:../nodes/Mediastack/mediastack.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#http-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Runner URL',
			name: 'url',
			type: 'string',
			default: 'http://127.0.0.1:8420',
			placeholder: 'http://127.0.0.1:8420',
			required: true,
			description: 'Where the runner\'s HTTP API listens (api.host and api.port in its config)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The runner\'s bearer token: the api-token file in its data dir, or api.token in its config',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};
}
