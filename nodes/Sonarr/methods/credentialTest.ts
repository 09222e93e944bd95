import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import { credentialTest } from '../../shared/credential-test';

/** Proves the URL answers as Sonarr itself and takes the key, with the node's own messages. */
export const sonarrApiTest = credentialTest({
	service: SONARR,
	client: (options) => new SonarrClient(options),
	headers: (data) => ({ 'X-Api-Key': typeof data.apiKey === 'string' ? data.apiKey : '' }),
	probe: async (client) => {
		const status = await client.getVerifiedStatus();
		const instance = status.instanceName && status.instanceName !== 'Sonarr' ? ` ("${status.instanceName}")` : '';
		return `Connected to Sonarr${status.version ? ` ${status.version}` : ''}${instance}; the API key works.`;
	},
});
