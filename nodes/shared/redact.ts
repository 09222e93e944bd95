import type { INodeExecutionData } from 'n8n-workflow';

import { scrubSecrets } from '../../clients/core/redact';

/**
 * Takes the user's own credentials out of anything a node is about to output. Some APIs embed
 * them in what they return (Prowlarr signs every release's downloadUrl with its API key), and
 * n8n stores node output in the execution log. In URLs the parameter carrying the secret is
 * dropped, so the link still works with the credential sent as a header; anywhere else the
 * secret is masked.
 */
export function withoutSecrets<T>(value: T, secrets: Array<string | undefined | null>): T {
	const usable = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
	if (!usable.length) return value;
	return strip(value, usable) as T;
}

function strip(value: unknown, secrets: string[]): unknown {
	if (typeof value === 'string') return stripString(value, secrets);
	if (Array.isArray(value)) return value.map((item) => strip(item, secrets));
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, strip(item, secrets)]));
	}
	return value;
}

function stripString(text: string, secrets: string[]): string {
	if (!secrets.some((secret) => text.includes(secret))) return text;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		try {
			const url = new URL(text);
			for (const [key, paramValue] of [...url.searchParams]) {
				if (secrets.some((secret) => paramValue.includes(secret))) url.searchParams.delete(key);
			}
			text = url.toString();
		} catch {
			// Not a URL after all: masking below still applies.
		}
	}
	return scrubSecrets(text, secrets);
}

/** A node's session with a service, which knows the credential it must keep out of output. */
export interface RedactingSession {
	redact<T>(value: T): T;
}

/**
 * Whatever an operation returned, the credential never reaches the execution log. Without a
 * session no request was made, so there is nothing to redact.
 */
export async function redactOutput(output: INodeExecutionData[], session: () => Promise<RedactingSession>): Promise<INodeExecutionData[]> {
	if (!output.length) return output;
	const opened = await session().catch(() => undefined);
	return opened ? output.map((item) => ({ ...item, json: opened.redact(item.json) })) : output;
}
