import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import type { HttpResponse } from '../../../clients/core/http';
import { scrubSecrets } from '../../../clients/core/redact';
import { htmlTitle, looksLikeHtml } from '../../../clients/core/response';
import { APPRISE_API, AppriseApiStatusClient } from '../../../clients/notify/apprise-api';
import type { NotificationMessage } from '../../../clients/notify/types';
import { WEBHOOK, WebhookNotifier } from '../../../clients/notify/webhook';
import { createCredentialTestTransport, credentialTest, failureText } from '../../shared/credential-test';

/** The event a receiver can recognise (and ignore) the credential test's message by. */
export const TEST_EVENT = 'mediastack_test';
const TEST_TIMEOUT_MS = 15_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The receiver's header, as the credentials' `authenticate` adds it: only with both name and value. */
function optionalHeader(data: ICredentialDataDecryptedObject): Record<string, string> {
	const name = typeof data.headerName === 'string' ? data.headerName.trim() : '';
	const value = typeof data.headerSecret === 'string' ? data.headerSecret : '';
	return name && value ? { [name]: value } : {};
}

/** A message no one can take for an alert: its event, subject and body all say it is a test. */
export function testMessage(): NotificationMessage {
	return {
		event: TEST_EVENT,
		severity: 'info',
		subject: '[mediastack] Test message from n8n',
		body: 'n8n sent this to test the Webhook Notification API credential ("Test" in the credential). Nothing has happened; no action is needed.',
		data: { test: true },
	};
}

/**
 * Tests the webhook the way Sonarr, Radarr or Uptime Kuma do: it POSTs a message marked as a
 * test (event `mediastack_test`, signed like any other when the credential has an HMAC secret)
 * and passes only when the receiver answers 2xx, and not with a whole HTML page (a login page
 * took the POST). Anything less than a delivery proves nothing about the receiver.
 */
export async function webhookNotifyApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const url = typeof data.url === 'string' ? data.url.trim() : '';
	const hmacSecret = typeof data.hmacSecret === 'string' && data.hmacSecret !== '' ? data.hmacSecret : undefined;
	const headerName = typeof data.headerName === 'string' ? data.headerName.trim() : '';
	// The notifier keeps the URL's token parts out of its own errors; these are the rest.
	const secrets = [data.headerSecret, hmacSecret].filter((value): value is string => typeof value === 'string' && value.length >= 4);
	if (headerName !== '' && !HEADER_NAME.test(headerName)) {
		return { status: 'Error', message: `"${headerName}" is not a valid header name. Fix: use letters, digits and dashes only, e.g. Authorization or X-Token.` };
	}
	try {
		const transport = createCredentialTestTransport(this, WEBHOOK, optionalHeader(data), TEST_TIMEOUT_MS);
		let answer: HttpResponse | undefined;
		const notifier = new WebhookNotifier({
			transport: { request: async (request) => (answer = await transport.request(request)) },
			url,
			hmacSecret,
			timeoutMs: TEST_TIMEOUT_MS,
		});
		const receipt = await notifier.send(testMessage());
		// Receivers answer 2xx with JSON, plain text ("ok") or nothing; a whole HTML page is a login
		// page or a web app in front of the receiver, however it took the POST.
		if (answer && looksLikeHtml(answer.body)) {
			const title = htmlTitle(answer.body);
			return {
				status: 'Error',
				message: `The webhook URL answered the test message with an HTML page${title ? ` ("${scrubSecrets(title, secrets)}")` : ''}, not as a webhook receiver: usually a login page or a reverse proxy in front of it. Fix: give the receiver's own webhook URL.`,
			};
		}
		return {
			status: 'OK',
			message: `The webhook receiver accepted a test message (${receipt.detail ?? 'HTTP 2xx'}): a POST with event "${TEST_EVENT}" (also in the X-Mediastack-Event header)${hmacSecret ? ', signed with the HMAC secret' : ''}. Check that it arrived where you expect.`,
		};
	} catch (error) {
		return { status: 'Error', message: scrubSecrets(failureText(error), secrets) };
	}
}

/** Proves the URL answers as an apprise-api server (its status document) behind any proxy header. */
export const appriseApiTest = credentialTest({
	service: APPRISE_API,
	client: (options) => new AppriseApiStatusClient(options),
	headers: optionalHeader,
	secretFields: ['headerSecret', 'notificationUrls'],
	probe: async (client) => {
		const { healthy, status } = await client.getVerifiedStatus();
		if (healthy) return 'Connected to the Apprise API server; it reports itself healthy.';
		const details = (status.status?.details ?? []).filter((line) => typeof line === 'string').join(', ');
		return `Connected to the Apprise API server, but it reports a configuration or permission problem (HTTP 417${details ? `: ${details}` : ''}). Stateless sending may still work; keyed configurations need a writable config directory.`;
	},
});
