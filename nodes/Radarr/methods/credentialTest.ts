import { RADARR, RadarrClient } from '../../../clients/radarr/client';
import { credentialTest } from '../../shared/credential-test';

/** Proves the URL answers as Radarr itself (not Sonarr on the wrong port) and takes the key. */
export const radarrApiTest = credentialTest({
	service: RADARR,
	client: (options) => new RadarrClient(options),
	headers: (data) => ({ 'X-Api-Key': typeof data.apiKey === 'string' ? data.apiKey : '' }),
	probe: async (client) => {
		const status = await client.getVerifiedStatus();
		const version = status.version ? ` ${status.version}` : '';
		const instance = status.instanceName && status.instanceName !== 'Radarr' ? ` ("${status.instanceName}")` : '';
		return `Connected to Radarr${version}${instance}; the API key works.`;
	},
});
