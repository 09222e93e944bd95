import type { IExecuteFunctions } from 'n8n-workflow';

import { ConfigError } from '../../../clients/core/errors';
import type { ServiceInfo } from '../../../clients/core/errors';
import type { ProxyOwner } from '../../../clients/core/proxy';
import { isParsedProxy, parseProxy } from '../../../clients/core/proxy';
import { MAM_SEEDBOX_BASE_URL, MAM_SITE_BASE_URL, MYANONAMOUSE, MyAnonamouseClient } from '../../../clients/myanonamouse/client';
import { MamCookieJar } from './cookie-jar';
import type { MamCookie } from './cookie-jar';
import { createMamHttpTransport, MAM_TIMEOUT_MS } from './http';
import type { MamProxyRoute } from './http';

export const MYANONAMOUSE_CREDENTIAL_TYPE = 'myAnonamouseApi';

/** The client's service info, with fixes that point at the n8n credential rather than the runner's CLI. */
export const MYANONAMOUSE_IN_N8N: ServiceInfo = {
	...MYANONAMOUSE,
	authFix:
		'create a new session on MyAnonamouse (Preferences → Security), IP- or ASN-locked with "Allow Session to set Dynamic Seedbox", and paste its mam_id into the MyAnonamouse credential.',
};

export interface MyAnonamouseSession {
	client: MyAnonamouseClient;
	/** The newest cookie for the credential's session, or for `override` when a workflow passes one in. */
	cookieFor(override: string | undefined): MamCookie;
	/** Saves a rotated cookie before anything else happens; true when it was new. */
	remember(sent: MamCookie, newMamId: string | undefined): boolean;
	/** How many rotated cookies this run has saved. */
	readonly rotations: number;
}

/** Built on first use so a broken credential fails item by item. */
export type MyAnonamouseSessionProvider = () => Promise<MyAnonamouseSession>;

interface MyAnonamouseCredentials {
	mamId?: unknown;
	customAddresses?: unknown;
	seedboxUrl?: unknown;
	siteUrl?: unknown;
	useProxy?: unknown;
	proxyUrl?: unknown;
	proxyUsername?: unknown;
	proxyPassword?: unknown;
}

const CREDENTIAL_OWNER: ProxyOwner = {
	subject: 'the MyAnonamouse credential',
	addressSetting: "the MyAnonamouse credential's Proxy URL",
	credentialSetting: "the MyAnonamouse credential's Proxy Username and Proxy Password",
};

export async function createMyAnonamouseSession(context: IExecuteFunctions): Promise<MyAnonamouseSession> {
	const credentials = await context.getCredentials<MyAnonamouseCredentials>(MYANONAMOUSE_CREDENTIAL_TYPE);
	const credentialMamId = typeof credentials.mamId === 'string' ? credentials.mamId.trim() : '';
	const custom = credentials.customAddresses === true;
	const client = new MyAnonamouseClient({
		transport: createMamHttpTransport(context, MYANONAMOUSE_IN_N8N, MAM_TIMEOUT_MS, proxyRoute(credentials)),
		seedboxBaseUrl: custom ? baseUrl(credentials.seedboxUrl, MAM_SEEDBOX_BASE_URL, 'Seedbox API URL') : MAM_SEEDBOX_BASE_URL,
		siteBaseUrl: custom ? baseUrl(credentials.siteUrl, MAM_SITE_BASE_URL, 'Site URL') : MAM_SITE_BASE_URL,
	});
	// Rotated cookies are sealed in the static data with a key from the credential's MAM ID, which
	// only n8n's encrypted credential store holds; without it nothing can be kept, so nothing is sent.
	const jar = credentialMamId ? new MamCookieJar(context.getWorkflowStaticData('global'), credentialMamId) : undefined;
	let rotations = 0;
	return {
		client,
		cookieFor(override) {
			if (!jar) {
				throw new ConfigError(
					override
						? 'The MyAnonamouse credential has no MAM ID. It is needed even with a MAM ID Override: the rotated cookie is kept encrypted with a key derived from it.'
						: 'The MyAnonamouse credential has no MAM ID.',
					{ service: MYANONAMOUSE.name, fix: MYANONAMOUSE_IN_N8N.authFix },
				);
			}
			return override ? jar.resolve(override, 'parameter') : jar.resolve(credentialMamId, 'credential');
		},
		remember(sent, newMamId) {
			// cookieFor made the jar before anything could be sent.
			const saved = jar?.remember(sent, newMamId) ?? false;
			if (saved) rotations++;
			return saved;
		},
		get rotations() {
			return rotations;
		},
	};
}

/**
 * The credential's proxy, or undefined when it has none. n8n 2.x's HTTP requests take only
 * HTTP(S) proxies and ignore any other URL, sending the call direct: a SOCKS URL must fail
 * here, or MAM would be told the home address while the user believes it goes through the VPN.
 */
export function proxyRoute(credentials: MyAnonamouseCredentials): MamProxyRoute | undefined {
	if (credentials.useProxy !== true) return undefined;
	const url = typeof credentials.proxyUrl === 'string' ? credentials.proxyUrl.trim() : '';
	const fix = "give the HTTP proxy of the VPN your torrent client uses (e.g. gluetun's http://gluetun:8888), or switch Use a Proxy off.";
	if (url === '') throw new ConfigError(`The MyAnonamouse credential uses a proxy but its Proxy URL is empty. Fix: ${fix}`, { service: MYANONAMOUSE.name, fix });
	if (/^socks/i.test(url)) {
		const socksFix =
			"use the VPN's HTTP proxy instead (gluetun, for one, offers both: HTTPPROXY=on, port 8888), or run the keepalive in the mediastack runner, whose mam.sessions[].proxy takes socks5://.";
		throw new ConfigError(
			`The MyAnonamouse credential's Proxy URL is a SOCKS proxy, which n8n cannot use: its HTTP requests support only HTTP and HTTPS proxies and would send the call direct, telling MAM the wrong address. Fix: ${socksFix}`,
			{ service: MYANONAMOUSE.name, fix: socksFix },
		);
	}
	const username = typeof credentials.proxyUsername === 'string' && credentials.proxyUsername !== '' ? credentials.proxyUsername : undefined;
	const password = typeof credentials.proxyPassword === 'string' && credentials.proxyPassword !== '' ? credentials.proxyPassword : undefined;
	const parsed = parseProxy({ url, username, password }, ['http', 'https']);
	if (!isParsedProxy(parsed)) throw new ConfigError(`The MyAnonamouse credential's Proxy URL ${parsed.problem}.`, { service: MYANONAMOUSE.name, fix });
	return { proxy: parsed, owner: CREDENTIAL_OWNER };
}

function baseUrl(value: unknown, fallback: string, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return fallback;
	if (!/^https?:\/\/[^/]/i.test(text)) {
		throw new ConfigError(`The MyAnonamouse credential's ${label} "${text}" must start with http:// or https://.`, { service: MYANONAMOUSE.name });
	}
	return text;
}
