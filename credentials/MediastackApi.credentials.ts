import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

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

	// /api/server_time needs the token but, unlike /api/health, does not answer 503 while a
	// job is unhealthy, so the test says only whether the URL and token are right.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/api/server_time',
			method: 'GET',
		},
	};
}
