import { PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import type { ApiSession } from '../../shared/session';
import { apiKeySession } from '../../shared/session';
import type { SessionProvider } from '../../shared/router';

export const PROWLARR_CREDENTIAL_TYPE = 'prowlarrApi';

/** The client, and redaction of the API key: Prowlarr signs every download link with it. */
export type ProwlarrSession = ApiSession<ProwlarrClient>;
export type ProwlarrSessionProvider = SessionProvider<ProwlarrSession>;

export const createProwlarrSession = apiKeySession({
	credentialType: PROWLARR_CREDENTIAL_TYPE,
	service: PROWLARR,
	client: (options) => new ProwlarrClient(options),
});
