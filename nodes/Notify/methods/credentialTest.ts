import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * Checks the webhook credential without posting: a test request would deliver a message to
 * whoever listens, and receivers answer anything but a real POST in their own ways.
 */
export async function webhookNotifyApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const url = typeof data.url === 'string' ? data.url.trim() : '';
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { status: 'Error', message: 'The Webhook URL is not a full address, e.g. https://example.org/hooks/mediastack.' };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { status: 'Error', message: 'The Webhook URL must start with http:// or https://.' };
	const hmacSecret = typeof data.hmacSecret === 'string' ? data.hmacSecret : '';
	if (hmacSecret !== '' && hmacSecret.length < 16) return { status: 'Error', message: 'The HMAC secret is shorter than 16 characters; use a long random value.' };
	const headerName = typeof data.headerName === 'string' ? data.headerName.trim() : '';
	if (headerName !== '' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(headerName)) return { status: 'Error', message: `"${headerName}" is not a valid header name.` };
	return { status: 'OK', message: 'The settings are valid. Nothing was posted; send a test message with the Notify node to check the receiver.' };
}
