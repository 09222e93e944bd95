import http, { IncomingHttpHeaders } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
}

export interface Receiver {
	port: number;
	url: string;
	received: ReceivedRequest[];
	/** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
	close(): Promise<void>;
}

/**
 * A plain node:http server on 127.0.0.1 standing in for whatever a notification reaches: a
 * webhook endpoint, or the target of an Apprise `json://` URL. `answer` decides the status;
 * `silent` never answers (for timeouts).
 */
export async function startReceiver(options: { answer?: (request: ReceivedRequest) => number; silent?: boolean } = {}): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const waiters: Array<() => void> = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const entry = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
			received.push(entry);
			for (const wake of waiters.splice(0)) wake();
			if (options.silent) return;
			response.writeHead(options.answer?.(entry) ?? 200, { 'content-type': 'text/plain' });
			response.end('ok');
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		received,
		async waitFor(count, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline) throw new Error(`receiver: ${received.length} of ${count} requests after ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
					waiters.push(resolve);
					setTimeout(resolve, 50);
				});
			}
			return received;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
