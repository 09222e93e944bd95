import type { IExecuteFunctions } from 'n8n-workflow';

import { ConfigError } from '../../../clients/core/errors';
import { AppriseApiNotifier, APPRISE_API } from '../../../clients/notify/apprise-api';
import type { AppriseFormat } from '../../../clients/notify/apprise-api';
import { WEBHOOK, WebhookNotifier } from '../../../clients/notify/webhook';
import { createNodeTransport } from '../../shared/transport';

export const WEBHOOK_CREDENTIAL_TYPE = 'webhookNotifyApi';
export const APPRISE_CREDENTIAL_TYPE = 'appriseApi';

/** A notification either arrives within this or is reported as failed; no run should hang on a receiver. */
const NOTIFY_TIMEOUT_MS = 30_000;

interface WebhookCredentials {
	url?: unknown;
	hmacSecret?: unknown;
}

interface AppriseCredentials {
	url?: unknown;
	notificationUrls?: unknown;
}

/**
 * A webhook notifier for one item. The receiver's secret header is added by the credential's
 * `authenticate`; the HMAC secret and the URL come from the credential too, never from the
 * workflow. `headers` are the node's own, non-secret extra headers.
 */
export async function createWebhookNotifier(context: IExecuteFunctions, headers: Record<string, string>): Promise<WebhookNotifier> {
	const credentials = await context.getCredentials<WebhookCredentials>(WEBHOOK_CREDENTIAL_TYPE);
	const hmacSecret = typeof credentials.hmacSecret === 'string' && credentials.hmacSecret !== '' ? credentials.hmacSecret : undefined;
	return new WebhookNotifier({
		transport: createNodeTransport(context, { credentialType: WEBHOOK_CREDENTIAL_TYPE, service: WEBHOOK, timeoutMs: NOTIFY_TIMEOUT_MS }),
		url: typeof credentials.url === 'string' ? credentials.url.trim() : '',
		headers,
		hmacSecret,
		timeoutMs: NOTIFY_TIMEOUT_MS,
	});
}

export type AppriseTarget = { kind: 'stateless' } | { kind: 'key'; key: string; tag?: string };

/** An Apprise API notifier: the credential's stateless URLs, or a configuration key on the server. */
export async function createAppriseNotifier(context: IExecuteFunctions, target: AppriseTarget, format: AppriseFormat): Promise<AppriseApiNotifier> {
	const credentials = await context.getCredentials<AppriseCredentials>(APPRISE_CREDENTIAL_TYPE);
	const transport = createNodeTransport(context, { credentialType: APPRISE_CREDENTIAL_TYPE, service: APPRISE_API, timeoutMs: NOTIFY_TIMEOUT_MS });
	const baseUrl = typeof credentials.url === 'string' ? credentials.url.trim() : '';
	if (target.kind === 'key') return new AppriseApiNotifier({ transport, baseUrl, key: target.key, tag: target.tag, format, timeoutMs: NOTIFY_TIMEOUT_MS });
	const urls = splitAppriseUrls(credentials.notificationUrls);
	if (!urls.length) {
		throw new ConfigError('The Apprise API credential has no Notification URLs to send to.', {
			service: APPRISE_API.name,
			fix: 'add the Apprise URLs to the credential, or choose "Configuration Key" to use a configuration stored on the server.',
		});
	}
	return new AppriseApiNotifier({ transport, baseUrl, urls, format, timeoutMs: NOTIFY_TIMEOUT_MS });
}

/** Apprise's own separators: commas and white space (a URL never contains either unescaped). */
function splitAppriseUrls(value: unknown): string[] {
	return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}
