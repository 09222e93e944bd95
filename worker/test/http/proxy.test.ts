import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, MediastackError, NetworkError } from '../../../clients/core/errors';
import { ParsedProxy, ProxyOwner, isParsedProxy, parseProxy } from '../../../clients/core/proxy';
import { MYANONAMOUSE } from '../../../clients/myanonamouse/client';
import { FakeMyAnonamouse, startFakeMyAnonamouse } from '../../../test/fakes/myanonamouse';
import { ProxyPeer, startMicrosocks, startTinyproxy } from '../../../test/peers';
import { freePort } from '../../../test/peers/support';
import { selfSignedCertificate } from '../../../test/support/tls';
import { createProxyAgents } from '../../src/http/proxy';
import { createAxiosTransport } from '../../src/http/transport';

/**
 * The runner's transport through real proxies from Debian: tinyproxy (HTTP, Basic auth,
 * CONNECT) and microsocks (SOCKS5 with a login). Each proxy binds its outgoing connections to
 * its own loopback address, so the fake MAM (which, like MAM, answers with the address a call
 * came from) proves which way a call went.
 */

const OWNER: ProxyOwner = { subject: 'MAM session "Vpn"', addressSetting: 'mam.sessions[0].proxy (url)', credentialSetting: 'mam.sessions[0].proxy (username, and password or password_file)' };
const TINYPROXY_EXIT = '127.0.0.2';
const MICROSOCKS_EXIT = '127.0.0.3';

let plainMam: FakeMyAnonamouse;
let tlsMam: FakeMyAnonamouse;
let certificate: { key: string; cert: string };
let tinyproxy: ProxyPeer;
let microsocks: ProxyPeer;
const transports: Array<{ close(): void }> = [];

beforeAll(async () => {
	certificate = selfSignedCertificate();
	[plainMam, tlsMam, tinyproxy, microsocks] = await Promise.all([
		startFakeMyAnonamouse({ ipFromConnection: true, ipChangeCooldownMs: 0 }),
		startFakeMyAnonamouse({ ipFromConnection: true, ipChangeCooldownMs: 0, tls: certificate }),
		startTinyproxy({ exitAddress: TINYPROXY_EXIT }),
		startMicrosocks({ exitAddress: MICROSOCKS_EXIT }),
	]);
}, 60_000);

afterAll(async () => {
	for (const transport of transports.splice(0)) transport.close();
	await Promise.all([plainMam?.close(), tlsMam?.close(), tinyproxy?.stop(), microsocks?.stop()]);
});

function proxyOf(settings: { url: string; username?: string; password?: string }): ParsedProxy {
	const parsed = parseProxy(settings);
	if (!isParsedProxy(parsed)) throw new Error(parsed.problem);
	return parsed;
}

/** A transport through `proxy` that trusts the fake's certificate for https:// targets. */
function through(proxy: ParsedProxy) {
	const transport = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs: 5_000, proxy: { proxy, owner: OWNER, agents: createProxyAgents(proxy, { ca: certificate.cert }) } });
	transports.push(transport);
	return transport;
}

function loginOf(peer: ProxyPeer, overrides: { username?: string; password?: string } = {}) {
	return { url: peer.url, username: peer.username, password: peer.password, ...overrides };
}

async function seedbox(transport: ReturnType<typeof through>, mam: FakeMyAnonamouse) {
	const response = await transport.request({ method: 'GET', url: `${mam.url}/json/dynamicSeedbox.php`, headers: { cookie: `mam_id=${mam.mamId}` } });
	return { response, body: JSON.parse(response.body) as { ip?: string }, seen: mam.requests.at(-1)! };
}

async function failureOf(promise: Promise<unknown>): Promise<MediastackError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error, 'the call should have failed').toBeInstanceOf(MediastackError);
	return error as MediastackError;
}

/** No trace of the password anywhere the error may be printed or stored. */
function expectNoPassword(error: MediastackError, password: string | undefined): void {
	expect(password).toBeTruthy();
	for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 6 }), String(error.stack)]) expect(text).not.toContain(password);
}

describe('the runner transport through real proxies', () => {
	it('goes direct without a proxy: MAM sees 127.0.0.1 (the control for the tests below)', async () => {
		const direct = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs: 5_000 });
		transports.push(direct);
		const response = await direct.request({ method: 'GET', url: `${plainMam.url}/json/dynamicSeedbox.php`, headers: { cookie: `mam_id=${plainMam.mamId}` } });
		expect(JSON.parse(response.body).ip).toBe('127.0.0.1');
		expect(plainMam.requests.at(-1)!.remoteAddress).toBe('127.0.0.1');
	});

	it("sends an http:// call through tinyproxy: MAM sees the proxy's exit address and its Via header", async () => {
		const { body, seen } = await seedbox(through(proxyOf(loginOf(tinyproxy))), plainMam);
		expect(body.ip).toBe(TINYPROXY_EXIT);
		expect(seen.remoteAddress).toBe(TINYPROXY_EXIT);
		expect(String(seen.headers.via)).toContain('tinyproxy');
		// The login went to the proxy, not on to MAM.
		expect(seen.headers['proxy-authorization']).toBeUndefined();
	});

	it('sends an https:// call through a CONNECT tunnel of tinyproxy, TLS ending here', async () => {
		const { body, seen } = await seedbox(through(proxyOf(loginOf(tinyproxy))), tlsMam);
		expect(body.ip).toBe(TINYPROXY_EXIT);
		expect(seen.remoteAddress).toBe(TINYPROXY_EXIT);
		// A tunnel: the proxy never saw the request, so it added nothing to it.
		expect(seen.headers.via).toBeUndefined();
	});

	it.each([
		['socks5', 'http'],
		['socks5', 'https'],
		['socks5h', 'http'],
		['socks5h', 'https'],
	] as const)('sends a %s:// proxied %s:// call through microsocks: MAM sees its exit address', async (scheme, target) => {
		const proxy = proxyOf({ ...loginOf(microsocks), url: microsocks.url.replace('socks5:', `${scheme}:`) });
		const { body, seen } = await seedbox(through(proxy), target === 'https' ? tlsMam : plainMam);
		expect(body.ip).toBe(MICROSOCKS_EXIT);
		expect(seen.remoteAddress).toBe(MICROSOCKS_EXIT);
	});

	it('keeps the tunnel through the proxy alive between calls (one connection for two calls)', async () => {
		const transport = through(proxyOf(loginOf(microsocks)));
		const first = await seedbox(transport, tlsMam);
		const second = await seedbox(transport, tlsMam);
		expect(second.seen.remotePort).toBe(first.seen.remotePort);
	});

	it('names the session, the masked proxy and the fix when tinyproxy refuses the password (HTTP 401, plain and through CONNECT)', async () => {
		const wrong = 'not-the-proxy-password-123';
		for (const mam of [plainMam, tlsMam]) {
			const before = mam.requests.length;
			const error = await failureOf(seedbox(through(proxyOf(loginOf(tinyproxy, { password: wrong }))), mam));
			expect(error).toBeInstanceOf(ConfigError);
			expect(error.retryable).toBe(false);
			expect(error.message).toBe(
				`The proxy http://${tinyproxy.username}:***@127.0.0.1:${tinyproxy.port} of MAM session "Vpn" refused the username and password (HTTP 401); MyAnonamouse was not called. Fix: set the proxy's username and password in mam.sessions[0].proxy (username, and password or password_file).`,
			);
			expectNoPassword(error, wrong);
			expect(mam.requests.length, 'MAM must not have been reached').toBe(before);
		}
	});

	it('says the proxy wants a login when none is set (HTTP 407)', async () => {
		const error = await failureOf(seedbox(through(proxyOf({ url: tinyproxy.url })), tlsMam));
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.message).toContain(`The proxy http://127.0.0.1:${tinyproxy.port} of MAM session "Vpn" asks for a username and password, and none are set (HTTP 407)`);
	});

	it('names the session, the masked proxy and the fix when microsocks refuses the password', async () => {
		const wrong = 'not-the-socks-password-456';
		const error = await failureOf(seedbox(through(proxyOf(loginOf(microsocks, { password: wrong }))), tlsMam));
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.message).toBe(
			`The SOCKS proxy socks5://${microsocks.username}:***@127.0.0.1:${microsocks.port} of MAM session "Vpn" refused the username and password; MyAnonamouse was not called. Fix: set the proxy's username and password in mam.sessions[0].proxy (username, and password or password_file).`,
		);
		expectNoPassword(error, wrong);
	});

	it.each(['http', 'socks5'] as const)('says a %s proxy that is down is not reachable, retryably, and names where to fix its address', async (scheme) => {
		const port = await freePort();
		const password = 'the-password-of-a-dead-proxy';
		const error = await failureOf(seedbox(through(proxyOf({ url: `${scheme}://127.0.0.1:${port}`, username: 'vpnuser', password })), tlsMam));
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.retryable).toBe(true);
		expect(error.message).toBe(
			`The proxy ${scheme}://vpnuser:***@127.0.0.1:${port} of MAM session "Vpn" is not reachable (connection refused); MyAnonamouse was not called. Fix: start the proxy (the VPN container) or correct its address in mam.sessions[0].proxy (url).`,
		);
		expectNoPassword(error, password);
	});

	it('tells a proxy that cannot reach MAM (CONNECT refused) from an answer of MAM', async () => {
		const closed = await freePort();
		const error = await failureOf(through(proxyOf(loginOf(tinyproxy))).request({ method: 'GET', url: `https://127.0.0.1:${closed}/json/dynamicSeedbox.php` }));
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toMatch(/^The proxy http:\/\/\S+:\*\*\*@127\.0\.0\.1:\d+ of MAM session "Vpn" would not open a connection to MyAnonamouse \(it answered HTTP 5\d\d to CONNECT\)\. Fix: /);
	});
});
