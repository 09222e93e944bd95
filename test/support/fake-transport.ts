import { HttpRequest, HttpResponse, HttpTransport } from '../../clients/core/http';

/**
 * An in-memory HttpTransport for unit tests: answers from a queue of canned responses (or a
 * function) and records every request. Throwing from the responder stands in for "no answer".
 */
export type Responder = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export class FakeTransport implements HttpTransport {
	readonly requests: HttpRequest[] = [];
	private readonly queue: Array<HttpResponse | Responder | Error> = [];

	constructor(private readonly fallback?: Responder) {}

	/** Queues one response; a string body is sent as is, anything else as JSON. */
	reply(status: number, body: unknown = '', headers: Record<string, string | string[]> = {}): this {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		const withType = typeof body === 'string' || 'content-type' in headers ? headers : { 'content-type': 'application/json', ...headers };
		this.queue.push({ status, body: text, headers: lowerCase(withType) });
		return this;
	}

	/** Queues a failure with no response, e.g. an error carrying code ECONNREFUSED. */
	fail(error: Error): this {
		this.queue.push(error);
		return this;
	}

	/** Queues a computed answer. */
	respond(responder: Responder): this {
		this.queue.push(responder);
		return this;
	}

	get lastRequest(): HttpRequest | undefined {
		return this.requests[this.requests.length - 1];
	}

	async request(request: HttpRequest): Promise<HttpResponse> {
		this.requests.push(request);
		const next = this.queue.shift();
		if (next instanceof Error) throw next;
		if (typeof next === 'function') return next(request);
		if (next) return next;
		if (this.fallback) return this.fallback(request);
		throw new Error(`FakeTransport has no answer queued for ${request.method} ${request.url}`);
	}
}

function lowerCase(headers: Record<string, string | string[]>): Record<string, string | string[]> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
