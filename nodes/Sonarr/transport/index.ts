import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';
import { apiKeySession } from '../../shared/session';

export const SONARR_CREDENTIAL_TYPE = 'sonarrApi';

export type SonarrSession = ApiSession<SonarrClient>;
export type SonarrSessionProvider = SessionProvider<SonarrSession>;

export const createSonarrSession = apiKeySession({
	credentialType: SONARR_CREDENTIAL_TYPE,
	service: SONARR,
	client: (options) => new SonarrClient(options),
});
