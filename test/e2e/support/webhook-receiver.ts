import http, { IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The body exactly as it arrived: a signature is checked against these bytes, not a re-serialisation. */
	rawBody: string;
}

export interface WebhookReceiver {
	/** The full address to configure, path included. */
	url: string;
	/** Every request so far, oldest first, whatever its path. */
	readonly received: ReceivedWebhook[];
	close(): Promise<void>;
}

/** A loopback receiver like a user's: answers 200 on `hookPath`, 404 elsewhere, and keeps everything it got. */
export async function startWebhookReceiver(hookPath: string): Promise<WebhookReceiver> {
	const received: ReceivedWebhook[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const path = new URL(request.url ?? '/', 'http://receiver.invalid').pathname;
			received.push({ method: request.method ?? '', path, headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			const found = request.method === 'POST' && path === hookPath;
			response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
			response.end(JSON.stringify(found ? { ok: true } : { error: 'not found' }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${hookPath}`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
