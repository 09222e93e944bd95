import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The URL and API key of a Radarr. Its connection test is the Radarr node's `testedBy` method
 * (nodes/Radarr/methods/credentialTest.ts): the node's own client proves the address is Radarr
 * itself (a Sonarr on the neighbouring port does not pass), with the messages of a real run.
 */
export class RadarrApi implements ICredentialType {
	name = 'radarrApi';

	displayName = 'Radarr API';

	icon: Icon = { light: 'file:../nodes/Radarr/radarr.svg', dark: 'file:../nodes/Radarr/radarr.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#radarr';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: 'http://localhost:7878',
			placeholder: 'http://localhost:7878',
			required: true,
			description: 'Where Radarr answers, including the URL base if one is set (e.g. https://example.com/radarr)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Radarr → Settings → General → Security → API Key',
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
}
