import { MEDIASTACK_RUNNER, MediastackClient } from '../../../clients/mediastack/client';
import type { SessionProvider } from '../../shared/router';
import type { ApiSession } from '../../shared/session';
import { apiKeySession } from '../../shared/session';

export const MEDIASTACK_CREDENTIAL_TYPE = 'mediastackApi';

/** The runner client; the API token is kept out of output, should the runner ever echo it. */
export type MediastackSession = ApiSession<MediastackClient>;
export type MediastackSessionProvider = SessionProvider<MediastackSession>;

// The credential's `authenticate` adds the bearer token to every request.
export const createMediastackSession = apiKeySession({
	credentialType: MEDIASTACK_CREDENTIAL_TYPE,
	service: MEDIASTACK_RUNNER,
	client: (options) => new MediastackClient(options),
	secretFields: ['apiToken'],
});
