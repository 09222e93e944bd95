import { PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import { credentialTest } from '../../shared/credential-test';

/** Proves the URL answers as Prowlarr itself and takes the key, with the node's own messages. */
export const prowlarrApiTest = credentialTest({
	service: PROWLARR,
	client: (options) => new ProwlarrClient(options),
	headers: (data) => ({ 'X-Api-Key': typeof data.apiKey === 'string' ? data.apiKey : '' }),
	probe: async (client) => {
		const status = await client.getVerifiedStatus();
		return `Connected to Prowlarr ${status.version ?? ''}${status.instanceName && status.instanceName !== 'Prowlarr' ? ` ("${status.instanceName}")` : ''}; the API key works.`.replace(' ;', ';');
	},
});
