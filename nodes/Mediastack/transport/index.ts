import type { IExecuteFunctions } from 'n8n-workflow';

import { MEDIASTACK_RUNNER, MediastackClient } from '../../../clients/mediastack/client';
import { withoutSecrets } from '../../shared/redact';
import { createNodeTransport } from '../../shared/transport';

export const MEDIASTACK_CREDENTIAL_TYPE = 'mediastackApi';

export interface MediastackSession {
	client: MediastackClient;
	/** Removes the API token from output, should the runner ever echo it. */
	redact<T>(value: T): T;
}

export type MediastackSessionProvider = () => Promise<MediastackSession>;

export async function createMediastackSession(context: IExecuteFunctions): Promise<MediastackSession> {
	const credentials = await context.getCredentials<{ url?: unknown; apiToken?: unknown }>(MEDIASTACK_CREDENTIAL_TYPE);
	const apiToken = typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined;
	const client = new MediastackClient({
		baseUrl: typeof credentials.url === 'string' ? credentials.url : '',
		// The credential's `authenticate` adds the bearer token to every request.
		transport: createNodeTransport(context, { credentialType: MEDIASTACK_CREDENTIAL_TYPE, service: MEDIASTACK_RUNNER }),
	});
	return { client, redact: (value) => withoutSecrets(value, [apiToken]) };
}
