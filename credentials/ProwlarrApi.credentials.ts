import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The URL and API key of a Prowlarr. Its connection test is the Prowlarr node's `testedBy`
 * method (nodes/Prowlarr/methods/credentialTest.ts): it runs the node's own client, so a page
 * that merely answers 200 does not pass, and a failure reads as it would at run time.
 */
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
}
