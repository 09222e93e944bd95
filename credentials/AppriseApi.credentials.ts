import type { ICredentialDataDecryptedObject, Icon, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { withOptionalHeader } from './WebhookNotifyApi.credentials';

/**
 * An Apprise API server (caronc/apprise-api). Its notification URLs carry the targets' tokens
 * and passwords, so the stateless ones live here, masked, rather than in the workflow; keyed
 * configurations keep them on the server instead. Its connection test is the Notify node's
 * `testedBy` method (nodes/Notify/methods/credentialTest.ts): it proves the URL answers as an
 * apprise-api server (its status document), with the node's own messages.
 */
export class AppriseApi implements ICredentialType {
	name = 'appriseApi';

	displayName = 'Apprise API';

	icon: Icon = { light: 'file:../nodes/Notify/notify.svg', dark: 'file:../nodes/Notify/notify.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#notifications';

	properties: INodeProperties[] = [
		{
			displayName: 'Apprise API URL',
			name: 'url',
			type: 'string',
			default: 'http://localhost:8000',
			placeholder: 'http://apprise:8000',
			required: true,
			description: 'Where the Apprise API server answers, including any URL base',
		},
		// The rule reads "urls" as harmless; Apprise URLs embed the targets' tokens and passwords.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Notification URLs',
			name: 'notificationUrls',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'tgram://bottoken/ChatID, mailto://user:pass@example.org',
			description: 'For stateless sending: the Apprise URLs to notify, separated by commas, spaces or new lines. Not needed when the node sends to a configuration key stored on the server.',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'Authorization',
			description: 'A header a reverse proxy in front of the server checks; leave empty when there is none',
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The value of that header',
			displayOptions: { hide: { headerName: [''] } },
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withOptionalHeader(credentials, requestOptions);
	}
}
