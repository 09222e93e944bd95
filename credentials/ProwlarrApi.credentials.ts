import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ProwlarrApi implements ICredentialType {
	name = 'prowlarrApi';

	displayName = 'Prowlarr API';

	icon: Icon = { light: 'file:../nodes/Prowlarr/prowlarr.svg', dark: 'file:../nodes/Prowlarr/prowlarr.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#prowlarr';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: 'http://localhost:9696',
			placeholder: 'http://localhost:9696',
			required: true,
			description: 'Where Prowlarr answers, including the URL base if one is set (e.g. https://example.com/prowlarr)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Prowlarr → Settings → General → Security → API Key',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Api-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/api/v1/system/status',
			method: 'GET',
		},
	};
}
