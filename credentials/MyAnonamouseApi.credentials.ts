import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A MyAnonamouse session cookie. There is deliberately no `authenticate` block: the client puts
 * `Cookie: mam_id=…` on every request itself, because the cookie it sends is not always this
 * one — MAM rotates it, and the node sends the newest value it knows (kept in the workflow's
 * static data) or the one a workflow passes in. A credential-injected cookie would collide with
 * that header. Nor is there a request-based `test`: any request carrying the cookie may rotate
 * it, and n8n's connection test throws the new value away, which would end the session. The
 * node's `testedBy` method checks the value's shape instead.
 */
export class MyAnonamouseApi implements ICredentialType {
	name = 'myAnonamouseApi';

	displayName = 'MyAnonamouse API';

	icon: Icon = { light: 'file:../nodes/MyAnonamouse/myanonamouse.svg', dark: 'file:../nodes/MyAnonamouse/myanonamouse.dark.svg' };

	documentationUrl = 'https://github.com/mediastack/mediastack#myanonamouse';

	properties: INodeProperties[] = [
		// The rule knows secrets by name (token, password...); a mam_id is a session cookie, as secret as a password.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'MAM ID',
			name: 'mamId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The mam_id of a MyAnonamouse session: Preferences → Security → create a session (IP- or ASN-locked, with "Allow Session to set Dynamic Seedbox") and copy its value. After MAM rotates it, the node uses the newest value by itself; paste a new one here only for a new session.',
		},
		{
			displayName: 'Custom Addresses',
			name: 'customAddresses',
			type: 'boolean',
			default: false,
			description: 'Whether to talk to other addresses than myanonamouse.net, such as a mirror or a test server',
		},
		{
			displayName: 'Seedbox API URL',
			name: 'seedboxUrl',
			type: 'string',
			default: 'https://t.myanonamouse.net',
			placeholder: 'https://t.myanonamouse.net',
			description: 'Where the dynamic seedbox call (/json/dynamicSeedbox.php) goes',
			displayOptions: { show: { customAddresses: [true] } },
		},
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: 'https://www.myanonamouse.net',
			placeholder: 'https://www.myanonamouse.net',
			description: 'Where the user stats call (/jsonLoad.php) goes',
			displayOptions: { show: { customAddresses: [true] } },
		},
		{
			displayName: 'Use a Proxy',
			name: 'useProxy',
			type: 'boolean',
			default: false,
			description:
				'Whether to send every MyAnonamouse call through a proxy. MAM registers the address a call comes from, so when the torrent client sits behind a VPN, use the proxy of that VPN (e.g. the HTTP proxy of a gluetun container), or MAM is told the home address.',
		},
		{
			displayName: 'Proxy URL',
			name: 'proxyUrl',
			type: 'string',
			default: '',
			placeholder: 'http://gluetun:8888',
			description:
				"An HTTP or HTTPS proxy as protocol://host:port. SOCKS5 does not work here: n8n's HTTP requests support only HTTP(S) proxies (the mediastack runner also takes socks5://).",
			displayOptions: { show: { useProxy: [true] } },
		},
		{
			displayName: 'Proxy Username',
			name: 'proxyUsername',
			type: 'string',
			default: '',
			description: 'Leave empty when the proxy needs no login',
			displayOptions: { show: { useProxy: [true] } },
		},
		{
			displayName: 'Proxy Password',
			name: 'proxyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { useProxy: [true] } },
		},
	];
}
