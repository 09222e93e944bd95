import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { ServiceInfo } from '../../clients/core/errors';
import type { JsonClientOptions } from '../../clients/core/json-client';
import { withoutSecrets } from './redact';
import { createNodeTransport } from './transport';

/** A node's session with one service: a ready client, and the credential to keep out of output. */
export interface ApiSession<Client> {
	client: Client;
	/** Removes the credential's secrets from whatever the node is about to output. */
	redact<T>(value: T): T;
}

export interface ApiKeySessionOptions<Client> {
	/** The credential type; its `authenticate` block attaches the key to every request. */
	credentialType: string;
	service: ServiceInfo;
	client: (options: JsonClientOptions) => Client;
	/** Credential fields that hold secrets (default `apiKey`): masked in every output item. */
	secretFields?: string[];
	/** Per-request deadline (default: the shared node transport's). */
	timeoutMs?: number;
}

/**
 * The session builder for services with a URL and an API key in their credential (the *arr
 * apps, Seerr, Tautulli...). The client gets the credential's `url` as its base URL — checked
 * once by the client, with the same error in n8n as in the runner — and a transport on
 * n8n's `httpRequestWithAuthentication`, so proxies, TLS options and the key come from n8n.
 */
export function apiKeySession<Client>(options: ApiKeySessionOptions<Client>): (context: IExecuteFunctions | ILoadOptionsFunctions) => Promise<ApiSession<Client>> {
	const secretFields = options.secretFields ?? ['apiKey'];
	return async (context) => {
		const credentials = await context.getCredentials<Record<string, unknown>>(options.credentialType);
		const secrets = secretFields.map((field) => credentials[field]).filter((value): value is string => typeof value === 'string');
		const client = options.client({
			baseUrl: typeof credentials.url === 'string' ? credentials.url : '',
			transport: createNodeTransport(context, { credentialType: options.credentialType, service: options.service, timeoutMs: options.timeoutMs }),
		});
		return { client, redact: (value) => withoutSecrets(value, secrets) };
	};
}
