import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ServiceInfo } from '../../../clients/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../clients/core/http';
import type { ParsedProxy, ProxyOwner } from '../../../clients/core/proxy';
import { proxyFailureError, proxyRefusalError } from '../../../clients/core/proxy';
import { errorFromTransportFailure } from '../../../clients/core/transport-errors';
import { failureWithoutSecrets, responseFromN8n } from '../../shared/transport';

/** MAM answers in well under a second; half a minute covers a slow VPN without hanging a run. */
export const MAM_TIMEOUT_MS = 30_000;

/** An HTTP(S) proxy from the credential, and how its errors name it. */
export interface MamProxyRoute {
	proxy: ParsedProxy;
	owner: ProxyOwner;
}

/**
 * The HttpTransport for the MyAnonamouse client, on n8n's plain `httpRequest` (n8n's own
 * proxy environment and TLS settings still apply; a `proxy` from the credential overrides
 * the environment's). Not `httpRequestWithAuthentication` as elsewhere: the credential
 * cannot inject the cookie, since the client sends whichever cookie is newest — often not the
 * credential's — as `Cookie: mam_id=…` on each request (see MyAnonamouseApi.credentials.ts).
 * Statuses are never thrown: the client classifies every answer, and a rotated cookie in a
 * 403 or 429 must reach it as surely as one in a 200. `request.onHeaders` is ignored (n8n's
 * helper returns headers and body together), so the node saves the rotated cookie from the
 * full result, as the client asks callers to do when the hook was not called.
 */
export function createMamHttpTransport(context: IExecuteFunctions, service: ServiceInfo, timeoutMs = MAM_TIMEOUT_MS, route?: MamProxyRoute): HttpTransport {
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeout = request.timeoutMs ?? timeoutMs;
			const options: IHttpRequestOptions = {
				method: request.method,
				url: request.url,
				headers: { ...request.headers } as IDataObject,
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// The cookie must never follow a redirect to another host; the client explains a 3xx.
				disableFollowRedirect: true,
				timeout,
			};
			if (route) {
				const { proxy } = route;
				// n8n 2.x takes only http:// and https:// proxies here (anything else it ignores,
				// going direct): the credential rejects other schemes before this.
				options.proxy = {
					protocol: proxy.protocol,
					host: proxy.hostname.includes(':') ? `[${proxy.hostname}]` : proxy.hostname,
					port: proxy.port,
					...(proxy.username === undefined ? {} : { auth: { username: proxy.username, password: proxy.password ?? '' } }),
				};
			}
			let response: IN8nHttpFullResponse;
			try {
				response = (await context.helpers.httpRequest.call(context, options)) as IN8nHttpFullResponse;
			} catch (error) {
				const plain = failureWithoutSecrets(error);
				throw (route && proxyFailureError(service, route.proxy, route.owner, plain, timeout)) ?? errorFromTransportFailure(service, request, plain, timeout);
			}
			const answer = responseFromN8n(response);
			if (route && (answer.status === 407 || answer.status === 401)) {
				const refusal = proxyRefusalError(service, route.proxy, route.owner, answer);
				if (refusal) throw refusal;
			}
			return answer;
		},
	};
}
