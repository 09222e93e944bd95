import { PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import { arrConnection } from '../../shared/arr/connection';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';

/** The client, and redaction of the API key: Prowlarr signs every download link with it. */
export type ProwlarrSession = ApiSession<ProwlarrClient>;
export type ProwlarrSessionProvider = SessionProvider<ProwlarrSession>;

export const prowlarr = arrConnection({ credentialType: 'prowlarrApi', service: PROWLARR, client: (options) => new ProwlarrClient(options) });
