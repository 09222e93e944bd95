import type { ArrClient } from '../../../clients/arr/client';
import type { ServiceInfo } from '../../../clients/core/errors';
import type { JsonClientOptions } from '../../../clients/core/json-client';
import { credentialTest } from '../credential-test';
import type { ApiSession } from '../session';
import { apiKeySession } from '../session';
import type { RequestContext } from '../transport';

/**
 * Everything a Servarr app's nodes need to reach it, declared once per app: the node's session,
 * its credential test and its trigger all build the same client on the same credential.
 */
export interface ArrConnection<Client extends ArrClient> {
	credentialType: string;
	service: ServiceInfo;
	client: (options: JsonClientOptions) => Client;
	/** The node's session: the client, and the API key kept out of every output item. */
	openSession: (context: RequestContext) => Promise<ApiSession<Client>>;
	/** The credential's `testedBy` method: system status must come from this very app. */
	credentialTest: ReturnType<typeof credentialTest<Client>>;
}

export function arrConnection<Client extends ArrClient>(options: Pick<ArrConnection<Client>, 'credentialType' | 'service' | 'client'>): ArrConnection<Client> {
	const { service } = options;
	return {
		...options,
		openSession: apiKeySession(options),
		credentialTest: credentialTest({
			service,
			client: options.client,
			headers: (data) => ({ 'X-Api-Key': typeof data.apiKey === 'string' ? data.apiKey : '' }),
			probe: async (client) => {
				// getVerifiedStatus refuses an answer whose appName is another app (Radarr on Sonarr's port).
				const status = await client.getVerifiedStatus();
				const version = status.version ? ` ${status.version}` : '';
				const instance = status.instanceName && status.instanceName !== service.name ? ` ("${status.instanceName}")` : '';
				return `Connected to ${service.name}${version}${instance}; the API key works.`;
			},
		}),
	};
}
