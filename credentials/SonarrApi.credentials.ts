import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The URL and API key of a Sonarr. Its connection test is the Sonarr node's `testedBy` method
 * (nodes/Sonarr/methods/credentialTest.ts), which runs the node's own client: a page that
 * merely answers 200, or a Radarr on Sonarr's address, does not pass.
 */
export class SonarrApi implements ICredentialType {
	name = 'sonarrApi';

	displayName = 'Sonarr API';

	icon: Icon = { light: 'file:../nodes/Sonarr/sonarr.svg', dark: 'file:../nodes/Sonarr/sonarr.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#sonarr';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: 'http://localhost:8989',
			placeholder: 'http://localhost:8989',
			required: true,
			description: 'Where Sonarr answers, including the URL base if one is set (e.g. https://example.com/sonarr)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sonarr → Settings → General → Security → API Key',
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
