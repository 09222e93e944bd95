import { ConfigError, MediastackError, NetworkError, ServiceInfo, TimeoutError } from './errors';
import { errorCode } from './transport-errors';

/**
 * An outbound proxy that a service's calls must go through (for MyAnonamouse: the exit of the
 * VPN the torrent client sits behind, since MAM registers the address a call comes from).
 * Shared by the runner's transport and the n8n node's, so both read a proxy URL the same way
 * and explain a proxy's refusal the same way. Free of Node's network modules: the agents that
 * actually speak to the proxy live with each transport.
 */

export type ProxyProtocol = 'http' | 'https' | 'socks5' | 'socks5h';

export const PROXY_PROTOCOLS: readonly ProxyProtocol[] = ['http', 'https', 'socks5', 'socks5h'];

/** What the user configures: a URL, with the credentials beside it (or inside it). */
export interface ProxySettings {
	url: string;
	username?: string;
	password?: string;
}

/** A proxy URL taken apart, credentials separate from the address. */
export interface ParsedProxy {
	protocol: ProxyProtocol;
	hostname: string;
	/** The explicit port, or the protocol's usual one (http 80, https 443, socks 1080). */
	port: number;
	/** `protocol://host:port`, never with credentials. */
	address: string;
	username?: string;
	password?: string;
}

const DEFAULT_PORTS: Record<ProxyProtocol, number> = { http: 80, https: 443, socks5: 1080, socks5h: 1080 };

/**
 * Parses a proxy URL; credentials may be in the URL (`socks5://user:pass@vpn:1080`) or given
 * separately, not both. The error text never repeats the URL, which may hold a password.
 */
export function parseProxy(settings: ProxySettings, allowed: readonly ProxyProtocol[] = PROXY_PROTOCOLS): ParsedProxy | { problem: string } {
	const text = settings.url.trim();
	// `vpn:1080` would parse, with "vpn:" as the protocol.
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { problem: `has no protocol; write it as protocol://host:port, e.g. ${exampleFor(allowed)}` };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: `is not a URL; write it as protocol://host:port, e.g. ${exampleFor(allowed)}` };
	}
	const protocol = url.protocol.replace(/:$/, '').toLowerCase();
	if (!(allowed as readonly string[]).includes(protocol)) {
		const socks4 = ['socks', 'socks4', 'socks4a'].includes(protocol) && allowed.includes('socks5') ? ' (SOCKS4 has no passwords; use socks5:// or socks5h://)' : '';
		return { problem: `uses ${protocol}://, which is not supported here${socks4}; use one of: ${allowed.map((name) => `${name}://`).join(', ')}` };
	}
	if (url.hostname === '') return { problem: `has no host; write it as ${protocol}://host:port` };
	if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
		return { problem: `must be only protocol://host:port (no path, query or fragment), e.g. ${protocol}://${url.host}` };
	}
	const inUrl = url.username !== '' || url.password !== '';
	if (inUrl && (settings.username !== undefined || settings.password !== undefined)) {
		return { problem: 'holds a username or password, and they are given separately as well; keep only one of them (preferably username and password / password_file)' };
	}
	const username = inUrl ? safeDecode(url.username) : settings.username;
	const password = inUrl ? safeDecode(url.password) : settings.password;
	if ((password !== undefined && password !== '') && (username === undefined || username === '')) {
		return { problem: 'has a password but no username; proxies authenticate with both' };
	}
	const port = url.port === '' ? DEFAULT_PORTS[protocol as ProxyProtocol] : Number(url.port);
	const parsed: ParsedProxy = { protocol: protocol as ProxyProtocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, address: `${protocol}://${url.hostname}:${port}` };
	if (username !== undefined && username !== '') parsed.username = username;
	if (password !== undefined && password !== '') parsed.password = password;
	return parsed;
}

export function isParsedProxy(value: ParsedProxy | { problem: string }): value is ParsedProxy {
	return !('problem' in value);
}

/** The proxy as messages show it: address and user name, never the password. */
export function describeProxy(proxy: ParsedProxy): string {
	if (proxy.username === undefined) return proxy.address;
	return `${proxy.protocol}://${proxy.username}${proxy.password === undefined ? '' : ':***'}@${proxy.address.slice(proxy.protocol.length + 3)}`;
}

/** The proxy's URL with the credentials in it, for libraries that take only a URL. Never log it. */
export function proxyUrlWithCredentials(proxy: ParsedProxy): string {
	const url = new URL(proxy.address);
	if (proxy.username !== undefined) url.username = encodeURIComponent(proxy.username);
	if (proxy.password !== undefined) url.password = encodeURIComponent(proxy.password);
	return url.href.replace(/\/$/, '');
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function exampleFor(allowed: readonly ProxyProtocol[]): string {
	return allowed.includes('socks5') ? 'socks5://vpn:1080 or http://vpn:8888' : 'http://vpn:8888';
}

/** Who uses the proxy and where it is set, for messages: "MAM session Direct (mam.sessions[0].proxy)". */
export interface ProxyOwner {
	/** e.g. `MAM session "Direct"`, or `the MyAnonamouse credential`. */
	subject: string;
	/** Where to correct the address, e.g. `mam.sessions[0].proxy.url`. */
	addressSetting: string;
	/** Where to correct the credentials, e.g. `mam.sessions[0].proxy.username and password (or password_file)`. */
	credentialSetting: string;
}

/** Connection failures that mean the proxy itself could not be reached. */
const PROXY_DOWN_CODES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'DNS lookup failed',
};

/** What the transport knows of an answer that came back through a proxy. */
export interface ProxiedAnswer {
	status: number;
	/**
	 * The answer is the proxy's, not the service's: an https:// call answered over a plain
	 * socket, i.e. the proxy's refusal of the CONNECT tunnel. Not every transport can tell.
	 */
	fromProxy?: boolean;
	/** Header names in lower case. */
	headers: Record<string, string | string[] | undefined>;
}

/**
 * The proxy refused the request: HTTP 407; or a 401 asking for a login, which is what
 * tinyproxy answers to wrong credentials (the services behind a proxy here never use HTTP
 * authentication); or any status in answer to the CONNECT itself. Undefined for an answer
 * that came from the service.
 */
export function proxyRefusalError(service: ServiceInfo, proxy: ParsedProxy, owner: ProxyOwner, answer: ProxiedAnswer): MediastackError | undefined {
	const shown = describeProxy(proxy);
	const { status } = answer;
	const asksForLogin = answer.headers['proxy-authenticate'] !== undefined || answer.headers['www-authenticate'] !== undefined;
	if (status === 407 || (status === 401 && (answer.fromProxy === true || asksForLogin))) {
		const what = proxy.username === undefined ? 'asks for a username and password, and none are set' : 'refused the username and password';
		const fix = `set the proxy's username and password in ${owner.credentialSetting}.`;
		return new ConfigError(`The proxy ${shown} of ${owner.subject} ${what} (HTTP ${status}); ${service.name} was not called. Fix: ${fix}`, { service: service.name, status, fix });
	}
	if (answer.fromProxy !== true) return undefined;
	const fix = `check that the proxy lets this machine through and can reach ${service.name} (is its VPN connected?).`;
	return new NetworkError(`The proxy ${shown} of ${owner.subject} would not open a connection to ${service.name} (it answered HTTP ${status} to CONNECT). Fix: ${fix}`, { service: service.name, status, fix });
}

/**
 * For a call that went to a proxy and got no answer: the proxy's own failure (down, wrong
 * host, bad SOCKS credentials, could not reach the service) as an error naming the proxy, its
 * owner and the fix. Undefined when the failure says nothing about the proxy.
 */
export function proxyFailureError(service: ServiceInfo, proxy: ParsedProxy, owner: ProxyOwner, error: unknown, timeoutMs?: number): MediastackError | undefined {
	const shown = describeProxy(proxy);
	const message = error instanceof Error ? error.message : String(error);
	// The socks library reports a refused or unknown proxy in its message only ("connect ECONNREFUSED 10.0.0.2:1080").
	const quoted = /\b(E[A-Z_]{3,})\b(?: (\S+))?/.exec(message);
	const code = errorCode(error) ?? quoted?.[1];
	const hostnameProperty = (error as { hostname?: unknown } | undefined)?.hostname;
	const failedHost = typeof hostnameProperty === 'string' ? hostnameProperty : /getaddrinfo/.test(message) ? quoted?.[2] : undefined;
	const context = { service: service.name, cause: error };
	if (/socks5? authentication failed|authentication failed/i.test(message)) {
		const fix = `set the proxy's username and password in ${owner.credentialSetting}.`;
		return new ConfigError(`The SOCKS proxy ${shown} of ${owner.subject} refused ${proxy.username === undefined ? 'to serve without a username and password' : 'the username and password'}; ${service.name} was not called. Fix: ${fix}`, { ...context, fix });
	}
	const socksRejected = /socks5? proxy rejected connection(?: - (\w+))?/i.exec(message);
	if (socksRejected) {
		const fix = `check that the VPN behind the proxy is connected and can reach ${service.name}.`;
		return new NetworkError(`The SOCKS proxy ${shown} of ${owner.subject} could not reach ${service.name} (${socksRejected[1] ?? 'rejected'}). Fix: ${fix}`, { ...context, fix });
	}
	// socks-proxy-agent resolves the service's name itself for socks5:// (not socks5h://): a
	// DNS failure for another host than the proxy is about the service.
	const aboutProxyHost = failedHost === undefined || failedHost === proxy.hostname;
	if (code !== undefined && PROXY_DOWN_CODES[code] !== undefined && aboutProxyHost) {
		const fix = `start the proxy (the VPN container) or correct its address in ${owner.addressSetting}.`;
		return new NetworkError(`The proxy ${shown} of ${owner.subject} is not reachable (${PROXY_DOWN_CODES[code]}); ${service.name} was not called. Fix: ${fix}`, { ...context, fix });
	}
	if (/proxy connection timed out/i.test(message)) {
		const fix = `check the proxy is up and answers at ${proxy.address}, or correct ${owner.addressSetting}.`;
		return new TimeoutError(`The proxy ${shown} of ${owner.subject} did not answer within ${timeoutMs ? `${timeoutMs} ms` : 'the timeout'}. Fix: ${fix}`, { ...context, fix });
	}
	return undefined;
}
