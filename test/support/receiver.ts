import type { IncomingHttpHeaders } from 'node:http';
import { LoopbackListener, readBody } from './loopback';

export interface ReceivedRequest {
	method: string;
	/** The request target as sent (path and query). */
	path: string;
	headers: IncomingHttpHeaders;
	/** The body exactly as it arrived: a signature is checked against these bytes, not a re-serialisation. */
	rawBody: string;
}

export interface Receiver {
	port: number;
	/** Base URL without a trailing slash. */
	url: string;
	/** Every request so far, oldest first. */
	received: ReceivedRequest[];
	/** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
	/** Stops listening (dropping connections a silent receiver left hanging); rejects if the answer callback ever threw. */
	close(): Promise<void>;
}

/** The reply to one request; `null` leaves that request unanswered (a receiver that hangs on it). */
export type ReceiverAnswer = (request: ReceivedRequest) => number | { status: number; body?: string; contentType?: string } | null;

/**
 * A loopback HTTP endpoint standing in for whatever a notification reaches: a user's webhook,
 * or the target of an Apprise `json://` URL. `answer` decides the reply (default 200 "ok");
 * `silent` never answers, for timeout tests.
 */
export async function startReceiver(options: { answer?: ReceiverAnswer; silent?: boolean } = {}): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	const waiters: Array<() => void> = [];
	const crashes: string[] = [];
	const listener = new LoopbackListener(
		'notification receiver',
		async (request, response) => {
			const entry = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, rawBody: await readBody(request) };
			received.push(entry);
			for (const wake of waiters.splice(0)) wake();
			if (options.silent) return;
			const answer = options.answer ? options.answer(entry) : 200;
			if (answer === null) return;
			const { status, body = 'ok', contentType = 'text/plain' } = typeof answer === 'number' ? { status: answer } : answer;
			response.writeHead(status, { 'content-type': contentType });
			response.end(body);
		},
		0,
		(_request, error) => crashes.push(String(error)),
	);
	await listener.start();
	return {
		port: listener.port,
		url: listener.url,
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
		async close() {
			await listener.stop();
			if (crashes.length) throw new Error(`the receiver's answer callback threw: ${crashes.join('; ')}`);
		},
	};
}
