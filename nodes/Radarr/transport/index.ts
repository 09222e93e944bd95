import { RADARR, RadarrClient } from '../../../clients/radarr/client';
import { arrConnection } from '../../shared/arr/connection';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';

export type RadarrSession = ApiSession<RadarrClient>;
export type RadarrSessionProvider = SessionProvider<RadarrSession>;

export const radarr = arrConnection({ credentialType: 'radarrApi', service: RADARR, client: (options) => new RadarrClient(options) });
