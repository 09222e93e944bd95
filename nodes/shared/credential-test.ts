import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { ServiceInfo } from '../../clients/core/errors';
import { isMediastackError } from '../../clients/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../clients/core/http';
import type { JsonClientOptions } from '../../clients/core/json-client';
import { scrubSecrets } from '../../clients/core/redact';
import { errorFromTransportFailure } from '../../clients/core/transport-errors';
import { DEFAULT_TIMEOUT_MS, failureWithoutSecrets, lowerCaseHeaders, toQs } from './transport';

/** A connection test should answer within seconds; a minute-long wait reads as a hang. */
const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

export interface CredentialProbe<Client> {
	service: ServiceInfo;
	client: (options: JsonClientOptions) => Client;
	/** The headers the credential's `authenticate` would add, from the decrypted data. */
	headers: (data: ICredentialDataDecryptedObject) => Record<string, string>;
	/**
	 * Calls the service and proves the answer is the service's own (not any page answering
	 * 200); returns what the user sees on success. Throws the client's typed errors.
	 */
	probe: (client: Client, data: ICredentialDataDecryptedObject) => Promise<string>;
	/** Credential fields holding secrets, kept out of the answer (default `apiKey`). */
	secretFields?: string[];
	timeoutMs?: number;
}

/**
 * A `credentialTest` method (the node's `testedBy`) that runs the same client as the node, so
 * a wrong key, an unreachable host or an HTML login page fail the test with the same sentence
 * and fix as at run time. n8n's declarative test cannot: it accepts any 2xx and shows bare
 * codes (ECONNREFUSED, ERR_INVALID_URL) for everything else.
 */
export function credentialTest<Client>(probe: CredentialProbe<Client>) {
	return async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		const data = credential.data ?? {};
		const secrets = (probe.secretFields ?? ['apiKey']).map((field) => data[field]).filter((value): value is string => typeof value === 'string');
		try {
			const client = probe.client({
				baseUrl: typeof data.url === 'string' ? data.url : '',
				transport: createCredentialTestTransport(this, probe.service, probe.headers(data), probe.timeoutMs ?? CREDENTIAL_TEST_TIMEOUT_MS),
			});
			return { status: 'OK', message: await probe.probe(client, data) };
		} catch (error) {
			return { status: 'Error', message: scrubSecrets(failureText(error), secrets) };
		}
	};
}

/** A failure as the test shows it: the client's sentence, with its fix. */
export function failureText(error: unknown): string {
	if (isMediastackError(error)) return error.fix && !error.message.includes('Fix:') ? `${error.message} Fix: ${error.fix}` : error.message;
	return error instanceof Error ? error.message : String(error);
}

/**
 * The client's transport inside a credential test, where n8n offers only its legacy `request`
 * helper (no credential injection, so the probe passes the credential's headers itself).
 * Like the node transport it never throws for a status and follows no redirect.
 */
export function createCredentialTestTransport(
	context: ICredentialTestFunctions,
	service: ServiceInfo,
	headers: Record<string, string>,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): HttpTransport {
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const timeout = request.timeoutMs ?? timeoutMs;
			const requestHeaders: IDataObject = { ...headers, ...request.headers };
			let body: string | undefined;
			if (request.body !== undefined) {
				body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
				requestHeaders['content-type'] ??= 'application/json';
			}
			let response: { statusCode: number; headers?: IDataObject; body?: unknown };
			try {
				response = (await context.helpers.request({
					uri: request.url,
					method: request.method,
					qs: toQs(request.query),
					qsStringifyOptions: { arrayFormat: 'repeat' },
					headers: requestHeaders,
					body,
					json: false,
					resolveWithFullResponse: true,
					simple: false,
					followRedirect: false,
					timeout,
				})) as typeof response;
			} catch (error) {
				throw errorFromTransportFailure(service, request, failureWithoutSecrets(error), timeout);
			}
			return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: bodyText(response.body) };
		},
	};
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return JSON.stringify(body);
}
