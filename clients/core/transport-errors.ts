import { MediastackError, NetworkError, ProtocolError, ServiceInfo, TimeoutError } from './errors';
import { HttpRequest, buildUrl } from './http';

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ERR_CANCELED']);

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'DNS lookup failed',
	ECONNRESET: 'connection reset',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EPIPE: 'connection closed',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/** The error's Node.js code (ECONNREFUSED, ETIMEDOUT...), from it or the errors that caused it. */
export function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * For transports: turns whatever the HTTP library threw when no response arrived into a
 * NetworkError or TimeoutError that names the service, the address and the fix.
 */
export function errorFromTransportFailure(
	service: ServiceInfo,
	request: HttpRequest,
	error: unknown,
	timeoutMs?: number,
): MediastackError {
	if (error instanceof MediastackError) return error;
	const url = buildUrl(request.url, request.query);
	const origin = safeOrigin(url);
	const code = errorCode(error);
	const context = { service: service.name, method: request.method, url, cause: error };
	const looksTimedOut = code !== undefined && TIMEOUT_CODES.has(code);
	const message = error instanceof Error ? error.message : String(error);
	if (looksTimedOut || /timeout|timed out/i.test(message)) {
		return new TimeoutError(
			`${service.name} did not answer within ${timeoutMs ? `${timeoutMs} ms` : 'the timeout'} at ${origin}. Fix: ${service.reachFix}`,
			{ ...context, fix: service.reachFix },
		);
	}
	// A response did arrive but could not be taken in (too large, bad compression): the
	// service is reachable, so saying otherwise would send the user to the wrong fix.
	if (code === 'ERR_BAD_RESPONSE') {
		return new ProtocolError(`${service.name} sent a response that could not be read at ${origin} (${message}). Fix: check the URL points at ${service.name}'s API.`, context);
	}
	const reason = (code && NETWORK_REASONS[code]) ?? code ?? 'no response';
	return new NetworkError(`${service.name} is not reachable at ${origin} (${reason}). Fix: ${service.reachFix}`, {
		...context,
		fix: service.reachFix,
	});
}

function safeOrigin(url: string): string {
	try {
		const parsed = new URL(url);
		return parsed.origin + parsed.pathname.replace(/\/api\/.*$/, '');
	} catch {
		return 'the configured URL';
	}
}
