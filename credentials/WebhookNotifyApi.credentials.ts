import type { ICredentialDataDecryptedObject, Icon, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/**
 * Where the Notify node posts webhook messages. The URL is masked: for Discord, Slack, ntfy and
 * most receivers the URL alone is enough to post. An optional header carries a receiver's
 * token; the HMAC secret never leaves n8n, only the signature it makes. Its connection test
 * (the Notify node's `testedBy`) POSTs a message marked as a test and passes on a 2xx only.
 */
export class WebhookNotifyApi implements ICredentialType {
	name = 'webhookNotifyApi';

	displayName = 'Webhook Notification API';

	icon: Icon = { light: 'file:../nodes/Notify/notify.svg', dark: 'file:../nodes/Notify/notify.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#notifications';

	properties: INodeProperties[] = [
		// The rule reads "url" as harmless; a webhook URL is usually the receiver's only secret.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Webhook URL',
			name: 'url',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://example.org/hooks/mediastack',
			description: 'The address the JSON message is POSTed to',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'Authorization',
			description: 'A header the receiver checks, e.g. Authorization; leave empty when it needs none',
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'Bearer …',
			description: 'The value of that header',
			displayOptions: { hide: { headerName: [''] } },
		},
		{
			displayName: 'HMAC Secret',
			name: 'hmacSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Signs each body with HMAC-SHA256 in the X-Mediastack-Signature header ("sha256=<hex>"), so the receiver can check it came from you. At least 16 characters.',
		},
	];

	/** Adds the receiver's header when one is set; the Notify node sends everything else. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withOptionalHeader(credentials, requestOptions);
	}
}

/** Shared with AppriseApi: a header only when both its name and value are given. */
export function withOptionalHeader(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	const name = typeof credentials.headerName === 'string' ? credentials.headerName.trim() : '';
	const value = typeof credentials.headerSecret === 'string' ? credentials.headerSecret : '';
	if (!name || !value) return requestOptions;
	return { ...requestOptions, headers: { ...requestOptions.headers, [name]: value } };
}
