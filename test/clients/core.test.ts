import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	AuthError,
	ClientError,
	NetworkError,
	NotFoundError,
	ProtocolError,
	RateLimitError,
	ServerError,
	ServiceInfo,
	TimeoutError,
	parseRetryAfter,
} from '../../clients/core/errors';
import { HttpRequest, HttpResponse, buildUrl, joinUrl } from '../../clients/core/http';
import { maskSecret, redactUrl, scrubSecrets } from '../../clients/core/redact';
import { errorFromResponse, parseJsonBody, requestJson } from '../../clients/core/response';
import { errorFromTransportFailure } from '../../clients/core/transport-errors';
import { everythingShown } from '../support/errors';
import { FakeTransport } from '../support/fake-transport';

const SERVICE: ServiceInfo = {
	name: 'Sonarr',
	authFix: 'copy the API key from Sonarr → Settings → General.',
	reachFix: 'check that Sonarr is running and the URL is right.',
};
const SECRET = 'f3b1c0ffee5ec7e7a9d2b4c6e8f01234';
const request: HttpRequest = { method: 'GET', url: 'http://sonarr.local:8989/api/v3/series', query: { apikey: SECRET, page: 2 } };

function response(status: number, body = '', headers: Record<string, string> = {}): HttpResponse {
	return { status, body, headers };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('errorFromResponse', () => {
	it('keeps a fix the service gave itself instead of adding ours, without doubling the period', () => {
		const error = errorFromResponse(SERVICE, request, response(401, JSON.stringify({ message: 'Wrong token. Fix: use the one in the token file.' })));
		expect(error.message).toBe('Sonarr refused the credentials (HTTP 401 on GET /api/v3/series): Wrong token. Fix: use the one in the token file.');
		const plain = errorFromResponse(SERVICE, request, response(401, JSON.stringify({ message: 'Unauthorized.' })));
		expect(plain.message).toBe(`Sonarr refused the credentials (HTTP 401 on GET /api/v3/series): Unauthorized. Fix: ${SERVICE.authFix}`);
	});

	it.each([
		[400, ClientError, false],
		[401, AuthError, false],
		[403, AuthError, false],
		[404, NotFoundError, false],
		[409, ClientError, false],
		[422, ClientError, false],
		[408, RateLimitError, true],
		[429, RateLimitError, true],
		[500, ServerError, true],
		[502, ServerError, true],
		[503, ServerError, true],
		[504, ServerError, true],
		[301, ProtocolError, false],
		[302, ProtocolError, false],
	])('classifies HTTP %i as %o (retryable: %s)', (status, errorClass, retryable) => {
		const error = errorFromResponse(SERVICE, request, response(status));
		expect(error).toBeInstanceOf(errorClass);
		expect(error.retryable).toBe(retryable);
		expect(error.status).toBe(status);
		expect(error.service).toBe('Sonarr');
		expect(error.message).toContain('Sonarr');
		expect(error.method).toBe('GET');
	});

	it('tells the user how to fix refused credentials, without the key', () => {
		const error = errorFromResponse(SERVICE, request, response(401));
		expect(error.message).toContain(SERVICE.authFix);
		expect(error.fix).toBe(SERVICE.authFix);
		expect(everythingShown(error)).not.toContain(SECRET);
		expect(error.url).toContain('apikey=***');
	});

	it('reads Retry-After given in seconds', () => {
		const error = errorFromResponse(SERVICE, request, response(429, '', { 'retry-after': '30' }));
		expect(error).toBeInstanceOf(RateLimitError);
		expect((error as RateLimitError).retryAfterMs).toBe(30_000);
		expect(error.message).toContain('in 30 s');
	});

	it('reads Retry-After given as an HTTP date', () => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
		const error = errorFromResponse(SERVICE, request, response(429, '', { 'retry-after': 'Sun, 01 Jun 2025 12:01:30 GMT' }));
		expect((error as RateLimitError).retryAfterMs).toBe(90_000);
	});

	it('leaves retryAfterMs unset when the service gives no usable Retry-After', () => {
		expect((errorFromResponse(SERVICE, request, response(429)) as RateLimitError).retryAfterMs).toBeUndefined();
		expect((errorFromResponse(SERVICE, request, response(429, '', { 'retry-after': 'soon' })) as RateLimitError).retryAfterMs).toBeUndefined();
	});

	it('quotes the upstream message from {message} and from validation arrays', () => {
		expect(errorFromResponse(SERVICE, request, response(500, JSON.stringify({ message: 'database is locked' }))).message).toContain('database is locked');
		const validation = JSON.stringify([{ propertyName: 'Path', errorMessage: 'Path is already configured' }, { errorMessage: 'Root folder missing' }]);
		const error = errorFromResponse(SERVICE, request, response(400, validation));
		expect(error.message).toContain('Path is already configured; Root folder missing');
		expect((error as ClientError).details).toEqual(JSON.parse(validation));
	});

	it('does not paste an HTML error page into the message', () => {
		const error = errorFromResponse(SERVICE, request, response(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'));
		expect(error).toBeInstanceOf(ServerError);
		expect(error.message).not.toContain('<html');
	});

	it('explains a redirect as a URL pointing at a login or proxy page', () => {
		const error = errorFromResponse(SERVICE, request, response(302, '', { location: 'https://auth.example.com/login' }));
		expect(error).toBeInstanceOf(ProtocolError);
		expect(error.message).toContain('https://auth.example.com/login');
		expect(error.message).toContain('URL base');
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2025-06-01T12:00:00Z');

	it.each([
		['120', 120_000],
		['0', 0],
		['1.5', 1_500],
		[' 7 ', 7_000],
		['Sun, 01 Jun 2025 12:00:10 GMT', 10_000],
		['Sun, 01 Jun 2025 11:59:00 GMT', 0],
	])('turns %j into %i ms', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});

	it.each([undefined, '', 'later', 'Mon, 99 Foo'])('ignores %j', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('parseJsonBody and requestJson', () => {
	it('turns an HTML page where JSON was expected into a ProtocolError naming the service and the fix', async () => {
		const transport = new FakeTransport().reply(200, '<!DOCTYPE html><html><head><title>Authelia</title></head><body>Sign in</body></html>', { 'content-type': 'text/html' });
		const failure = await requestJson(transport, SERVICE, request).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ProtocolError);
		const error = failure as ProtocolError;
		expect(error.retryable).toBe(false);
		expect(error.message).toContain('Sonarr answered GET /api/v3/series with an HTML page ("Authelia")');
		expect(error.message).toContain('reverse proxy or login page');
		expect(everythingShown(error)).not.toContain(SECRET);
	});

	it('names a body that is neither JSON nor HTML', () => {
		expect(() => parseJsonBody(SERVICE, request, response(200, 'OK then'))).toThrow(/not JSON \("OK then"\)/);
	});

	it('returns undefined for an empty 2xx body and parses JSON otherwise', async () => {
		const transport = new FakeTransport().reply(204, '').reply(200, [{ id: 1 }]);
		await expect(requestJson(transport, SERVICE, request)).resolves.toBeUndefined();
		await expect(requestJson(transport, SERVICE, request)).resolves.toEqual([{ id: 1 }]);
		expect(transport.requests).toHaveLength(2);
	});

	it('throws the typed error for a non-2xx answer instead of parsing it', async () => {
		const transport = new FakeTransport().reply(503, 'Service Unavailable');
		await expect(requestJson(transport, SERVICE, request)).rejects.toBeInstanceOf(ServerError);
	});
});

describe('redaction', () => {
	it('masks all but the last 8 characters of a secret', () => {
		expect(maskSecret(SECRET)).toBe('...' + SECRET.slice(-8));
		expect(maskSecret(SECRET)).not.toContain(SECRET.slice(0, 24));
	});

	it('never shows a short secret, and says when there is none', () => {
		expect(maskSecret('hunter2')).toBe('...****');
		expect(maskSecret('abc')).toBe('...***');
		expect(maskSecret('')).toBe('(none)');
		expect(maskSecret(undefined)).toBe('(none)');
	});

	it.each([
		['http://host:8989/api/v3/series?apikey=SECRETKEY&page=2', 'http://host:8989/api/v3/series?apikey=***&page=2'],
		['http://host/api?mode=queue&apikey=SECRETKEY&output=json', 'http://host/api?mode=queue&apikey=***&output=json'],
		['http://host/library?X-Plex-Token=SECRETKEY', 'http://host/library?X-Plex-Token=***'],
		['http://user:SECRETKEY@host/transmission/rpc', 'http://***:***@host/transmission/rpc'],
		['https://t.myanonamouse.net/json/dynamicSeedbox.php?mam_id=SECRETKEY', 'https://t.myanonamouse.net/json/dynamicSeedbox.php?mam_id=***'],
		['not a url?api_key=SECRETKEY&x=1', 'not a url?api_key=***&x=1'],
	])('redacts %s', (url, expected) => {
		expect(redactUrl(url)).toBe(expected);
	});

	it('leaves URLs without credentials alone', () => {
		expect(redactUrl('http://host:9696/api/v1/indexer/1?forceSave=true')).toBe('http://host:9696/api/v1/indexer/1?forceSave=true');
	});

	it('scrubs secrets out of free text, keeping only the masked tail', () => {
		const text = `invalid key ${SECRET} (and again: ${SECRET})`;
		const scrubbed = scrubSecrets(text, [SECRET, undefined, 'abc']);
		expect(scrubbed).not.toContain(SECRET);
		expect(scrubbed).toBe(`invalid key ${maskSecret(SECRET)} (and again: ${maskSecret(SECRET)})`);
	});

	it('stores only redacted URLs on errors', () => {
		const error = new AuthError('refused', { service: 'Sonarr', url: `http://host/api?apikey=${SECRET}` });
		expect(error.url).toBe('http://host/api?apikey=***');
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});
});

describe('errorFromTransportFailure', () => {
	function withCode(message: string, code: string): Error {
		return Object.assign(new Error(message), { code });
	}

	it('turns ECONNREFUSED into a retryable NetworkError naming the service, the address and the fix', () => {
		const error = errorFromTransportFailure(SERVICE, request, withCode(`connect ECONNREFUSED 127.0.0.1:8989`, 'ECONNREFUSED'));
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.retryable).toBe(true);
		expect(error.message).toBe(`Sonarr is not reachable at http://sonarr.local:8989 (connection refused). Fix: ${SERVICE.reachFix}`);
		expect(everythingShown(error)).not.toContain(SECRET);
	});

	it('finds the code on the cause, as fetch reports it', () => {
		const fetchFailure = new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND sonarr.local', 'ENOTFOUND') });
		const error = errorFromTransportFailure(SERVICE, request, fetchFailure);
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toContain('host name not found');
	});

	it.each([
		['an ETIMEDOUT code', withCode('socket hang up', 'ETIMEDOUT')],
		['an axios ECONNABORTED code', withCode('timeout of 5000ms exceeded', 'ECONNABORTED')],
		['a message about a timeout', new Error('The operation was aborted due to timeout')],
	])('turns %s into a retryable TimeoutError that states the limit', (_, failure) => {
		const error = errorFromTransportFailure(SERVICE, request, failure, 5000);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error.retryable).toBe(true);
		expect(error.message).toContain('did not answer within 5000 ms');
		expect(error.message).toContain(SERVICE.reachFix);
	});

	it('keeps an error that is already typed', () => {
		const typed = new AuthError('refused', { service: 'Sonarr' });
		expect(errorFromTransportFailure(SERVICE, request, typed)).toBe(typed);
	});

	it('still answers for something that is not an Error at all', () => {
		const error = errorFromTransportFailure(SERVICE, request, 'boom');
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toContain('(no response)');
		expect(error.cause).toBe('boom');
	});
});

describe('URLs', () => {
	it('joins a base URL with or without a trailing slash or URL base', () => {
		expect(joinUrl('http://host:9696/', '/api/v1/indexer')).toBe('http://host:9696/api/v1/indexer');
		expect(joinUrl('https://host/prowlarr', 'api/v1/indexer')).toBe('https://host/prowlarr/api/v1/indexer');
	});

	it('writes array query values as repeated parameters and skips empty ones', () => {
		expect(buildUrl('http://h/api/v1/search', { query: 'dune part two', indexerIds: [1, 2], limit: undefined, offset: null, exact: false })).toBe(
			'http://h/api/v1/search?query=dune+part+two&indexerIds=1&indexerIds=2&exact=false',
		);
		expect(buildUrl('http://h/x?a=1', { b: 2 })).toBe('http://h/x?a=1&b=2');
		expect(buildUrl('http://h/x', {})).toBe('http://h/x');
	});
});
