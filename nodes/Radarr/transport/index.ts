import { RADARR, RadarrClient } from '../../../clients/radarr/client';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';
import { apiKeySession } from '../../shared/session';

export const RADARR_CREDENTIAL_TYPE = 'radarrApi';

/** The client, and redaction of the API key from whatever the node outputs. */
export type RadarrSession = ApiSession<RadarrClient>;
export type RadarrSessionProvider = SessionProvider<RadarrSession>;

export const createRadarrSession = apiKeySession({
	credentialType: RADARR_CREDENTIAL_TYPE,
	service: RADARR,
	client: (options) => new RadarrClient(options),
});
