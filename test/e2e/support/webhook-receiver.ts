import { ReceivedRequest, startReceiver } from '../../support/receiver';

export type ReceivedWebhook = ReceivedRequest;

export interface WebhookReceiver {
	/** The full address to configure, path included. */
	url: string;
	/** Every request so far, oldest first, whatever its path. */
	readonly received: ReceivedWebhook[];
	close(): Promise<void>;
}

/** A loopback receiver like a user's: answers 200 on `hookPath`, 404 elsewhere, and keeps everything it got. */
export async function startWebhookReceiver(hookPath: string): Promise<WebhookReceiver> {
	const receiver = await startReceiver({
		answer: (request) => {
			const found = request.method === 'POST' && new URL(request.path, 'http://receiver.invalid').pathname === hookPath;
			return { status: found ? 200 : 404, body: JSON.stringify(found ? { ok: true } : { error: 'not found' }), contentType: 'application/json' };
		},
	});
	return { url: `${receiver.url}${hookPath}`, received: receiver.received, close: () => receiver.close() };
}
