import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientError, NetworkError, TimeoutError } from '../../clients/core/errors';
import type { HttpResponse } from '../../clients/core/http';
import {
	MYANONAMOUSE,
	MyAnonamouseClient,
	classifySeedboxResponse,
	classifyStatsResponse,
	rotatedMamId,
} from '../../clients/myanonamouse/client';
import { FakeMyAnonamouse, MAM_MESSAGES, MAM_REFUSAL_MESSAGES, MamSessionRefusal, startFakeMyAnonamouse } from '../fakes/myanonamouse';
import { randomMamCookie } from '../fakes/prowlarr';
import { everythingShown, failureOf } from '../support/errors';
import { NodeTransport } from '../support/node-transport';

let fake: FakeMyAnonamouse;

function clientFor(timeoutMs?: number): MyAnonamouseClient {
	return new MyAnonamouseClient({
		transport: new NodeTransport({ service: MYANONAMOUSE, timeoutMs }),
		seedboxBaseUrl: fake.url,
		siteBaseUrl: fake.url,
	});
}

function response(status: number, body: string, headers: HttpResponse['headers'] = {}): HttpResponse {
	return { status, body, headers };
}

describe('MyAnonamouseClient against the fake MAM', () => {
	beforeEach(async () => {
		fake = await startFakeMyAnonamouse();
	});

	afterEach(async () => {
		await fake.close();
	});

	describe('dynamic seedbox', () => {
		it('registers a new IP: ok, with the IP and ASN, and hands back the rotated cookie', async () => {
			const first = fake.mamId;
			const result = await clientFor().updateDynamicSeedbox(first);
			expect(result).toMatchObject({ outcome: 'ok', accepted: true, status: 200, message: 'Completed' });
			expect(result.data).toMatchObject({ Success: true, ip: fake.clientIp, ASN: fake.asn, AS: fake.asName });
			expect(result.newMamId).toBe(fake.mamId);
			expect(result.newMamId).not.toBe(first);
			const [request] = fake.requestsTo('dynamicSeedbox');
			expect(request.headers.cookie).toBe(`mam_id=${first}`);
			expect(request.path).toBe('/json/dynamicSeedbox.php');
			// The cookie travels only in the Cookie header, never in the URL.
			expect(request.query).toEqual({});
		});

		it('answers no_change for an IP already registered, and still rotates', async () => {
			const client = clientFor();
			const first = await client.updateDynamicSeedbox(fake.mamId);
			const second = await client.updateDynamicSeedbox(first.newMamId as string);
			expect(second).toMatchObject({ outcome: 'no_change', accepted: true, message: 'No Change' });
			expect(second.newMamId).toBe(fake.mamId);
			expect(new Set([first.newMamId, second.newMamId]).size).toBe(2);
		});

		it('classifies a superseded cookie as invalid_session: the old value is dead once MAM rotated it', async () => {
			const client = clientFor();
			const old = fake.mamId;
			await client.updateDynamicSeedbox(old);
			const result = await client.updateDynamicSeedbox(old);
			expect(result).toMatchObject({ outcome: 'invalid_session', accepted: false, status: 403, message: MAM_MESSAGES.invalidSession });
			expect(result.newMamId).toBeUndefined();
		});

		it('accepts a superseded cookie for the configured grace uses, then refuses it', async () => {
			await fake.close();
			fake = await startFakeMyAnonamouse({ previousCookieGrace: 1 });
			const client = clientFor();
			const old = fake.mamId;
			await client.updateDynamicSeedbox(old);
			expect((await client.updateDynamicSeedbox(old)).outcome).toBe('no_change');
			expect((await client.updateDynamicSeedbox(old)).outcome).toBe('invalid_session');
		});

		it('classifies "Last Change too recent" as rate_limited with MAM\'s one hour, and surfaces the rotated cookie', async () => {
			const client = clientFor();
			const first = await client.updateDynamicSeedbox(fake.mamId);
			fake.clientIp = '203.0.113.99';
			const result = await client.updateDynamicSeedbox(first.newMamId as string);
			expect(result).toMatchObject({ outcome: 'rate_limited', accepted: false, status: 429, message: MAM_MESSAGES.tooRecent, retryAfterMs: 60 * 60 * 1000 });
			expect(result.newMamId).toBe(fake.mamId);
			expect(result.newMamId).not.toBe(first.newMamId);
		});

		it('lets the IP change again once the hour has passed', async () => {
			let now = Date.parse('2026-03-01T08:00:00Z');
			fake.now = () => now;
			const client = clientFor();
			const first = await client.updateDynamicSeedbox(fake.mamId);
			fake.clientIp = '203.0.113.99';
			now += 59 * 60 * 1000;
			const early = await client.updateDynamicSeedbox(first.newMamId as string);
			expect(early.outcome).toBe('rate_limited');
			now += 2 * 60 * 1000;
			const later = await client.updateDynamicSeedbox(early.newMamId as string);
			expect(later).toMatchObject({ outcome: 'ok', message: 'Completed' });
			expect(later.data?.ip).toBe('203.0.113.99');
		});

		it('takes the wait from Retry-After when MAM sends one', async () => {
			fake.fault({ kind: 'status', status: 429, body: JSON.stringify({ Success: false, msg: 'Last Change too recent' }), headers: { 'retry-after': '120', 'content-type': 'application/json' } }, { times: 1, withCookie: true });
			const result = await clientFor().updateDynamicSeedbox(fake.mamId);
			expect(result).toMatchObject({ outcome: 'rate_limited', retryAfterMs: 120_000 });
			expect(result.newMamId).toBe(fake.mamId);
		});

		it('classifies a dead session as invalid_session and does not rotate', async () => {
			const cookie = fake.mamId;
			fake.killSession();
			const result = await clientFor().updateDynamicSeedbox(cookie);
			expect(result).toMatchObject({ outcome: 'invalid_session', accepted: false, status: 403, message: 'Invalid session' });
			expect(result.newMamId).toBeUndefined();
			expect(fake.mamId).toBe(cookie);
		});

		it('classifies a value MAM never issued as invalid_session', async () => {
			const result = await clientFor().updateDynamicSeedbox(randomMamCookie());
			expect(result).toMatchObject({ outcome: 'invalid_session', status: 403, message: MAM_MESSAGES.invalidCookie });
		});

		it('recovers once the session is alive again', async () => {
			const client = clientFor();
			fake.killSession();
			expect((await client.updateDynamicSeedbox(fake.mamId)).outcome).toBe('invalid_session');
			fake.reviveSession();
			expect((await client.updateDynamicSeedbox(fake.mamId)).outcome).toBe('ok');
		});

		it.each<[MamSessionRefusal]>([['incorrect_session_type'], ['non_api_session'], ['ip_mismatch'], ['asn_mismatch']])(
			'classifies the %s refusal as wrong_session_type (a live session, not a dead cookie), with the rotated cookie',
			async (refusal) => {
				fake.refusal = refusal;
				const result = await clientFor().updateDynamicSeedbox(fake.mamId);
				expect(result).toMatchObject({ outcome: 'wrong_session_type', accepted: false, status: 403, message: MAM_REFUSAL_MESSAGES[refusal] });
				expect(result.newMamId).toBe(fake.mamId);
			},
		);

		it('classifies an HTML page (challenge, maintenance) as unexpected_html and still surfaces the cookie', async () => {
			fake.fault({ kind: 'html', status: 503 }, { times: 1, withCookie: true });
			const result = await clientFor().updateDynamicSeedbox(fake.mamId);
			expect(result).toMatchObject({ outcome: 'unexpected_html', accepted: false, status: 503 });
			expect(result.newMamId).toBe(fake.mamId);
		});

		it('classifies a 5xx as unexpected, keeps the status, surfaces the cookie and masks an echoed cookie', async () => {
			const sent = fake.mamId;
			fake.fault({ kind: 'status', status: 500, body: `PHP Fatal error: session ${sent} could not be written` }, { times: 1, withCookie: true });
			const result = await clientFor().updateDynamicSeedbox(sent);
			expect(result).toMatchObject({ outcome: 'unexpected', accepted: false, status: 500 });
			expect(result.message).toContain('PHP Fatal error');
			expect(result.message).not.toContain(sent);
			expect(result.message).toContain(sent.slice(-8));
			expect(result.newMamId).toBe(fake.mamId);
		});

		it('keeps the same cookie when MAM does not rotate', async () => {
			fake.rotate = false;
			const cookie = fake.mamId;
			const client = clientFor();
			const first = await client.updateDynamicSeedbox(cookie);
			const second = await client.updateDynamicSeedbox(cookie);
			expect([first.outcome, second.outcome]).toEqual(['ok', 'no_change']);
			expect(first.newMamId).toBeUndefined();
			expect(second.newMamId).toBeUndefined();
			expect(fake.mamId).toBe(cookie);
		});

		it('keeps sessions apart: rotating one leaves the other\'s cookie working', async () => {
			const other = fake.addSession();
			const client = clientFor();
			const mine = await client.updateDynamicSeedbox(fake.mamId);
			const theirs = await client.updateDynamicSeedbox(other.mamId);
			expect(mine.outcome).toBe('ok');
			expect(theirs.outcome).toBe('ok');
			expect(fake.sessionOf(mine.newMamId as string)).toBe(fake.session);
			expect(fake.sessionOf(theirs.newMamId as string)).toBe(other);
		});
	});

	describe('user stats', () => {
		it('loads the stats and hands back the rotated cookie', async () => {
			const first = fake.mamId;
			const result = await clientFor().getUserStats(first);
			expect(result).toMatchObject({ outcome: 'ok', accepted: true, status: 200 });
			expect(result.data).toMatchObject({ uid: fake.session.user.uid, username: fake.session.user.username, classname: 'Power User' });
			expect(result.newMamId).toBe(fake.mamId);
			expect(fake.requestsTo('jsonLoad')[0].headers.cookie).toBe(`mam_id=${first}`);
		});

		it('classifies the login page MAM shows for a bad cookie as invalid_session', async () => {
			fake.killSession();
			const result = await clientFor().getUserStats(fake.mamId);
			expect(result).toMatchObject({ outcome: 'invalid_session', accepted: false, status: 200 });
			expect(result.newMamId).toBeUndefined();
		});

		it('classifies another HTML page as unexpected_html, with the rotated cookie', async () => {
			fake.fault({ kind: 'html' }, { times: 1, withCookie: true });
			const result = await clientFor().getUserStats(fake.mamId);
			expect(result.outcome).toBe('unexpected_html');
			expect(result.newMamId).toBe(fake.mamId);
		});

		it('classifies 429 as rate_limited with the rotated cookie', async () => {
			fake.fault({ kind: 'status', status: 429, headers: { 'retry-after': '30' } }, { times: 1, withCookie: true });
			const result = await clientFor().getUserStats(fake.mamId);
			expect(result).toMatchObject({ outcome: 'rate_limited', retryAfterMs: 30_000 });
			expect(result.newMamId).toBe(fake.mamId);
		});

		it('classifies a 5xx as unexpected with the rotated cookie', async () => {
			fake.fault({ kind: 'status', status: 502 }, { times: 1, withCookie: true });
			const result = await clientFor().getUserStats(fake.mamId);
			expect(result).toMatchObject({ outcome: 'unexpected', status: 502 });
			expect(result.newMamId).toBe(fake.mamId);
		});
	});

	describe('failures without an answer never show the cookie', () => {
		it('MAM down: NetworkError', async () => {
			const cookie = fake.mamId;
			await fake.stop();
			const error = await failureOf(clientFor().updateDynamicSeedbox(cookie));
			expect(error).toBeInstanceOf(NetworkError);
			expect(everythingShown(error)).not.toContain(cookie);
		});

		it('MAM too slow: TimeoutError', async () => {
			const cookie = fake.mamId;
			fake.fault({ kind: 'delay', ms: 2_000 });
			const error = await failureOf(clientFor(150).getUserStats(cookie));
			expect(error).toBeInstanceOf(TimeoutError);
			expect((error as TimeoutError).retryable).toBe(true);
			expect(everythingShown(error)).not.toContain(cookie);
		});

		it('connection dropped: NetworkError', async () => {
			const cookie = fake.mamId;
			fake.fault({ kind: 'reset' });
			const error = await failureOf(clientFor().updateDynamicSeedbox(cookie));
			expect(error).toBeInstanceOf(NetworkError);
			expect(everythingShown(error)).not.toContain(cookie);
		});

		it('a malformed cookie is refused before sending, showing only its masked tail', async () => {
			const cookie = `${randomMamCookie()} ; extra`;
			const error = await failureOf(clientFor().updateDynamicSeedbox(cookie));
			expect(error).toBeInstanceOf(ClientError);
			expect(everythingShown(error)).not.toContain(cookie.slice(0, 40));
			expect(fake.requests).toHaveLength(0);
		});
	});
});

describe('reading the rotated cookie from Set-Cookie', () => {
	const fresh = randomMamCookie();

	it('picks mam_id out of several Set-Cookie headers', () => {
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': ['PHPSESSID=abc; path=/', `mam_id=${fresh}; expires=Sat, 30-May-2026 08:00:00 GMT; path=/; domain=.myanonamouse.net; secure; HttpOnly`, 'uid=5; path=/'] }))).toBe(fresh);
	});

	it('splits headers folded into one line without breaking on the comma inside expires', () => {
		const folded = `PHPSESSID=abc; expires=Sat, 30-May-2026 08:00:00 GMT; path=/, mam_id=${fresh}; expires=Sat, 30-May-2026 08:00:00 GMT; path=/`;
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': folded }))).toBe(fresh);
	});

	it('takes the last mam_id when several are set, ignoring a "deleted" one', () => {
		const older = randomMamCookie();
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': [`mam_id=${older}; path=/`, 'mam_id=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT', `mam_id=${fresh}; path=/`] }))).toBe(fresh);
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': ['mam_id=deleted; Max-Age=0'] }))).toBeUndefined();
	});

	it('keeps the value verbatim, percent escapes included, as a browser sends it back', () => {
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': 'mam_id=ab%2Bcd%3D%3D; path=/' }))).toBe('ab%2Bcd%3D%3D');
	});

	it('finds nothing when no cookie or an empty one is set', () => {
		expect(rotatedMamId(response(200, '{}'))).toBeUndefined();
		expect(rotatedMamId(response(200, '{}', { 'set-cookie': 'mam_id=; path=/' }))).toBeUndefined();
	});

	it('surfaces the cookie on every outcome, including the unexpected ones', () => {
		const headers = { 'set-cookie': `mam_id=${fresh}; path=/` };
		const seedbox = [
			response(200, JSON.stringify({ Success: true, msg: 'Completed' }), headers),
			response(200, JSON.stringify({ Success: true, msg: 'No Change' }), headers),
			response(429, JSON.stringify({ Success: false, msg: 'Last Change too recent' }), headers),
			response(403, JSON.stringify({ Success: false, msg: 'Invalid session' }), headers),
			response(403, JSON.stringify({ Success: false, msg: 'Invalid session - ASN mismatch' }), headers),
			response(200, '<!DOCTYPE html><html><body>down</body></html>', headers),
			response(500, 'oops', headers),
		].map((r) => classifySeedboxResponse(r));
		expect(seedbox.map((r) => r.outcome)).toEqual(['ok', 'no_change', 'rate_limited', 'invalid_session', 'wrong_session_type', 'unexpected_html', 'unexpected']);
		for (const result of seedbox) expect(result.newMamId).toBe(fresh);
		const stats = [
			response(200, JSON.stringify({ uid: 1, username: 'x' }), headers),
			response(200, '<html><head><title>Login</title></head><body>log in</body></html>', headers),
			response(403, JSON.stringify({ error: 'Not logged in' }), headers),
		].map((r) => classifyStatsResponse(r));
		expect(stats.map((r) => r.outcome)).toEqual(['ok', 'invalid_session', 'invalid_session']);
		for (const result of stats) expect(result.newMamId).toBe(fresh);
	});

	it('treats "No Session Cookie" as invalid_session', () => {
		expect(classifySeedboxResponse(response(403, JSON.stringify({ Success: false, msg: 'No Session Cookie' }))).outcome).toBe('invalid_session');
	});
});
