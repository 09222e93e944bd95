import type http from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { ParsedProxy, ProxyOwner, proxyUrlWithCredentials } from '../../../clients/core/proxy';

/** The agents a transport sends through: one for http:// targets, one for https:// targets. */
export interface TransportAgents {
	http: http.Agent;
	https: http.Agent;
}

/** A proxy a transport goes through, and who configured it (named in its errors). */
export interface TransportProxy {
	proxy: ParsedProxy;
	owner: ProxyOwner;
	agents: TransportAgents;
}

/** The same pool size as the transport's direct agents. */
const MAX_SOCKETS = 8;

/**
 * Keep-alive agents that reach every target through the proxy: SOCKS5 for both schemes
 * (socks5:// resolves the target's name here, socks5h:// lets the proxy resolve it), an HTTP(S)
 * proxy with absolute-URI requests for http:// targets and a CONNECT tunnel for https://
 * ones, so TLS to the service still ends here and the proxy sees only the host name.
 * `tls` adds options for the TLS to the target (a private CA, in tests).
 */
export function createProxyAgents(proxy: ParsedProxy, tls: ConnectionOptions = {}): TransportAgents {
	const url = proxyUrlWithCredentials(proxy);
	const options = { keepAlive: true, maxSockets: MAX_SOCKETS, ...tls };
	if (proxy.protocol === 'socks5' || proxy.protocol === 'socks5h') {
		const agent = new SocksProxyAgent(url, options);
		return { http: agent, https: agent };
	}
	return { http: new HttpProxyAgent(url, options), https: new TunnellingAgent(url, options, tls) };
}

/**
 * HttpsProxyAgent drops its own options before the TLS to the target (they are meant for the
 * connection to the proxy), so options for the target's TLS are added back per connection.
 */
class TunnellingAgent extends HttpsProxyAgent<string> {
	constructor(
		url: string,
		options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
		private readonly targetTls: ConnectionOptions,
	) {
		super(url, options);
	}

	override connect(request: http.ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
		return super.connect(request, { ...options, ...this.targetTls });
	}
}
