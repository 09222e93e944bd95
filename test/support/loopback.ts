import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';

/**
 * The loopback HTTP server under every fake and receiver: listens on 127.0.0.1, keeps its port
 * across stop()/start() so a test can take the service down and bring it back, and cuts
 * `delay()`s short when it stops. A handler that throws gets a 500 naming the fake.
 */
export class LoopbackListener {
	private server?: http.Server;
	private boundPort: number;
	private readonly pendingDelays = new Set<() => void>();

	constructor(
		private readonly name: string,
		private readonly handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
		port = 0,
		private readonly onCrash?: (request: IncomingMessage, error: unknown) => void,
		/** Serve HTTPS with this key and certificate (e.g. from test/support/tls.ts) instead of HTTP. */
		private readonly tls?: { key: string; cert: string },
	) {
		this.boundPort = port;
	}

	get port(): number {
		return this.boundPort;
	}

	/** Base URL without a trailing slash, e.g. http://127.0.0.1:40123. */
	get url(): string {
		return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.boundPort}`;
	}

	get listening(): boolean {
		return this.server?.listening ?? false;
	}

	/** Starts listening, on the same port as before after a stop(). */
	async start(): Promise<void> {
		if (this.server?.listening) return;
		const serve = (request: IncomingMessage, response: ServerResponse): void => {
			this.handle(request, response).catch((error: unknown) => {
				this.onCrash?.(request, error);
				if (!response.headersSent && !response.destroyed) {
					response.writeHead(500, { 'content-type': 'text/plain' });
					response.end(`fake ${this.name} crashed: ${String(error)}`);
				}
			});
		};
		const server: http.Server = this.tls ? https.createServer(this.tls, serve) : http.createServer(serve);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.boundPort, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		this.server = server;
		this.boundPort = (server.address() as AddressInfo).port;
	}

	/** Stops listening and drops open connections. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		for (const wake of [...this.pendingDelays]) wake();
		if (!server) return;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	/** Waits `ms`, or less when stop() comes first; false when the fake is no longer serving this response. */
	async delay(ms: number, response: ServerResponse): Promise<boolean> {
		await new Promise<void>((resolve) => {
			const wake = (): void => {
				clearTimeout(timer);
				this.pendingDelays.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			this.pendingDelays.add(wake);
		});
		return !response.destroyed && this.server !== undefined;
	}
}

/** The request body as text. */
export function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}
