import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import { arrConnection } from '../../shared/arr/connection';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';

export type SonarrSession = ApiSession<SonarrClient>;
export type SonarrSessionProvider = SessionProvider<SonarrSession>;

export const sonarr = arrConnection({ credentialType: 'sonarrApi', service: SONARR, client: (options) => new SonarrClient(options) });
