import type { IExecuteFunctions } from 'n8n-workflow';

import { PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import { withoutSecrets } from '../../shared/redact';
import { createNodeTransport } from '../../shared/transport';

export const PROWLARR_CREDENTIAL_TYPE = 'prowlarrApi';

export interface ProwlarrSession {
	client: ProwlarrClient;
	/** Removes the API key from output: Prowlarr signs download links with it. */
	redact<T>(value: T): T;
}

/** Hands the operations a ready client; built on first use so a bad credential fails per item. */
export type ProwlarrSessionProvider = () => Promise<ProwlarrSession>;

export async function createProwlarrSession(context: IExecuteFunctions): Promise<ProwlarrSession> {
	const credentials = await context.getCredentials<{ url?: unknown; apiKey?: unknown }>(PROWLARR_CREDENTIAL_TYPE);
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined;
	const client = new ProwlarrClient({
		baseUrl: typeof credentials.url === 'string' ? credentials.url.trim() : '',
		transport: createNodeTransport(context, { credentialType: PROWLARR_CREDENTIAL_TYPE, service: PROWLARR }),
	});
	return { client, redact: (value) => withoutSecrets(value, [apiKey]) };
}
