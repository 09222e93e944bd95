import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { WorkflowJson } from './harness';
import { MANUAL_TRIGGER_TYPE, PACKAGE_NAME, errorText, runWorkflow, singleNodeWorkflow } from './harness';
import { MyAnonamouseApi } from '../../credentials/MyAnonamouseApi.credentials';
import { MyAnonamouse } from '../../nodes/MyAnonamouse/MyAnonamouse.node';
import { MamCookieJar, lineageOf } from '../../nodes/MyAnonamouse/transport/cookie-jar';
import { FakeMyAnonamouse, MAM_MESSAGES, startFakeMyAnonamouse } from '../fakes/myanonamouse';
import { randomMamCookie } from '../fakes/prowlarr';
import { freePort, startTinyproxy } from '../peers';
import type { ProxyPeer } from '../peers';

const NODE = 'MyAnonamouse';
const TYPE = `${PACKAGE_NAME}.myAnonamouse`;
const MAM_NODE = { id: 'mam', name: NODE, type: TYPE };

let fake: FakeMyAnonamouse;

beforeEach(async () => {
	fake = await startFakeMyAnonamouse();
});

afterEach(async () => {
	await fake.close();
});

function credentials(mamId: string = fake.mamId): Record<string, ICredentialDataDecryptedObject> {
	return { myAnonamouseApi: { mamId, customAddresses: true, seedboxUrl: fake.url, siteUrl: fake.url } };
}

interface RunOptions {
	mamId?: string;
	staticData?: IDataObject;
	triggerItems?: IDataObject[];
	extra?: Partial<INode>;
}

async function run(parameters: INodeParameters, options: RunOptions = {}) {
	return await runWorkflow(singleNodeWorkflow(MAM_NODE, parameters, options.extra), {
		credentials: credentials(options.mamId),
		staticData: options.staticData,
		triggerItems: options.triggerItems,
	});
}

/** The cookie the workflow's static data holds for a lineage, opened with the credential's MAM ID as the node does. */
function savedCookie(staticData: IDataObject, credentialMamId: string, initialMamId = credentialMamId): string | undefined {
	const cookie = new MamCookieJar(staticData.global as IDataObject, credentialMamId).resolve(initialMamId, 'credential');
	return cookie.source === 'staticData' ? cookie.mamId : undefined;
}

describe('MyAnonamouse node: the rotated cookie is kept encrypted in the workflow\'s static data', () => {
	it('shows no cookie, old or new, in the static data n8n saves and exports, yet uses the newest next time', async () => {
		const initial = fake.mamId;
		const staticData: IDataObject = {};

		await run({ resource: 'session', operation: 'keepalive' }, { staticData });
		await run({ resource: 'session', operation: 'keepalive' }, { staticData, mamId: initial });

		const saved = JSON.stringify(staticData);
		for (const cookie of [initial, ...fake.issuedMamIds]) {
			expect(saved).not.toContain(cookie);
			expect(saved).not.toContain(cookie.slice(0, 12));
			expect(saved).not.toContain(cookie.slice(-12));
		}
		const entry = (staticData.global as IDataObject)[`myAnonamouseCookie:${lineageOf(initial)}`] as IDataObject;
		expect(Object.keys(entry).sort()).toEqual(['data', 'iv', 'rotatedAt', 'rotations', 'salt', 'tag', 'v']);
		expect(savedCookie(staticData, initial)).toBe(fake.mamId);
		expect(fake.requestsTo('dynamicSeedbox').every((request) => request.cookieState === 'current')).toBe(true);
	});

	it('seals a cookie version 1 of the node left in clear, on its first use', async () => {
		const initial = fake.mamId;
		await run({ resource: 'session', operation: 'keepalive' }, { staticData: {} });
		const rotated = fake.mamId;
		const staticData: IDataObject = { global: { [`myAnonamouseCookie:${lineageOf(initial)}`]: { mamId: rotated, rotatedAt: '2025-10-01T08:00:00.000Z', rotations: 1 } } };
		fake.rotate = false;

		const result = await run({ resource: 'session', operation: 'keepalive' }, { staticData, mamId: initial });

		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'no_change', accepted: true, cookieSource: 'staticData' });
		expect(fake.requestsTo('dynamicSeedbox')[1].mamId).toBe(rotated);
		expect(JSON.stringify(staticData)).not.toContain(rotated);
		expect(savedCookie(staticData, initial)).toBe(rotated);
	});

	it('counts a record its key does not open as absent: tampered with, or sealed under another credential\'s MAM ID', async () => {
		const initial = fake.mamId;
		const staticData: IDataObject = {};
		await run({ resource: 'session', operation: 'keepalive' }, { staticData });
		const entry = (staticData.global as IDataObject)[`myAnonamouseCookie:${lineageOf(initial)}`] as IDataObject;
		const sealed = String(entry.data);

		expect(savedCookie(staticData, randomMamCookie(), initial)).toBeUndefined();
		entry.data = Buffer.from(Buffer.from(sealed, 'base64').map((byte, index) => (index === 0 ? byte ^ 1 : byte))).toString('base64');
		expect(savedCookie(staticData, initial)).toBeUndefined();
		entry.data = sealed;
		expect(savedCookie(staticData, initial)).toBe(fake.mamId);
	});

	it('needs the credential\'s MAM ID even with an override, and says so before sending anything', async () => {
		const result = await run({ resource: 'session', operation: 'keepalive', mamId: fake.mamId }, { mamId: '' });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^The MyAnonamouse credential has no MAM ID\. It is needed even with a MAM ID Override/);
		expect(fake.requestsTo('dynamicSeedbox')).toHaveLength(0);
	});
});

describe('MyAnonamouse node: session keepalive', () => {
	it('registers the IP, reports what MAM said and hands out the rotated cookie', async () => {
		const initial = fake.mamId;

		const result = await run({ resource: 'session', operation: 'keepalive' });

		expect(result.status).toBe('success');
		const [item] = result.outputByNode[NODE];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			outcome: 'ok',
			accepted: true,
			rotated: true,
			message: MAM_MESSAGES.completed,
			httpStatus: 200,
			ip: fake.clientIp,
			asn: fake.asn,
			asName: fake.asName,
			cookieSource: 'credential',
		});
		expect(item.json.newMamId).toBe(fake.mamId);
		expect(item.json.newMamId).not.toBe(initial);
		expect(item.json.mamIdTail).toBe(`...${fake.mamId.slice(-8)}`);
		const [request] = fake.requestsTo('dynamicSeedbox');
		expect(request.headers.cookie).toBe(`mam_id=${initial}`);
		expect(request.cookieState).toBe('current');
	});

	it('leaves newMamId out when MAM keeps the cookie', async () => {
		fake.rotate = false;

		const result = await run({ resource: 'session', operation: 'keepalive' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'ok', rotated: false });
		expect(item.json).not.toHaveProperty('newMamId');
	});

	it('reuses the rotated cookie from static data on the next run instead of the dead one in the credential', async () => {
		const initial = fake.mamId;
		const staticData: IDataObject = {};

		const first = await run({ resource: 'session', operation: 'keepalive' }, { staticData });
		const rotatedOnce = first.outputByNode[NODE][0].json.newMamId as string;
		const second = await run({ resource: 'session', operation: 'keepalive' }, { staticData, mamId: initial });

		expect(fake.accepts(initial)).toBe(false);
		const [item] = second.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'no_change', accepted: true, rotated: true, cookieSource: 'staticData' });
		expect(fake.requestsTo('dynamicSeedbox').map((request) => request.mamId)).toEqual([initial, rotatedOnce]);
		expect(item.json.newMamId).toBe(fake.mamId);
		// Stored under a hash of the credential's cookie, never the cookie itself as a key, and sealed.
		const entry = (staticData.global as IDataObject)[`myAnonamouseCookie:${lineageOf(initial)}`] as IDataObject;
		expect(entry).toMatchObject({ v: 1, rotations: 2 });
		expect(savedCookie(staticData, initial)).toBe(fake.mamId);
		expect(JSON.stringify(staticData)).not.toContain(initial);
	});

	it('without the saved cookie, the credential\'s rotated-away cookie is a dead session: an outcome, not an error', async () => {
		const initial = fake.mamId;
		await run({ resource: 'session', operation: 'keepalive' }, { staticData: {} });

		const result = await run({ resource: 'session', operation: 'keepalive' }, { staticData: {}, mamId: initial });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'invalid_session', accepted: false, rotated: false, httpStatus: 403, message: MAM_MESSAGES.invalidSession });
	});

	it('starts over from a new cookie pasted into the credential, ignoring the saved one of the old session', async () => {
		const staticData: IDataObject = {};
		await run({ resource: 'session', operation: 'keepalive' }, { staticData });
		const pasted = randomMamCookie();
		fake.setMamId(pasted);

		const result = await run({ resource: 'session', operation: 'keepalive' }, { staticData, mamId: pasted });

		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'no_change', cookieSource: 'credential', rotated: true });
		expect(fake.requestsTo('dynamicSeedbox')[1].mamId).toBe(pasted);
	});

	it('sends each item the cookie the previous item got back', async () => {
		const result = await run({ resource: 'session', operation: 'keepalive' }, { triggerItems: [{}, {}, {}] });

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.json.outcome)).toEqual(['ok', 'no_change', 'no_change']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fake.requestsTo('dynamicSeedbox').every((request) => request.cookieState === 'current')).toBe(true);
		expect(items[2].json.newMamId).toBe(fake.mamId);
	});

	it('tells an IP/ASN mismatch apart from a dead session, and still keeps the cookie MAM rotated', async () => {
		fake.refusal = 'asn_mismatch';
		const credentialCookie = fake.mamId;
		const staticData: IDataObject = {};

		const result = await run({ resource: 'session', operation: 'keepalive' }, { staticData });

		expect(result.status).toBe('success');
		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'wrong_session_type', accepted: false, rotated: true, message: 'Invalid session - ASN mismatch' });
		expect(item.json.newMamId).toBe(fake.mamId);
		expect(savedCookie(staticData, credentialCookie)).toBe(fake.mamId);
	});

	it('reports "Last Change too recent" as rate_limited with the wait, keeping the rotated cookie', async () => {
		fake.session.registeredIp = '203.0.113.9';
		fake.session.lastIpChangeAt = Date.now();

		const result = await run({ resource: 'session', operation: 'keepalive' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'rate_limited', accepted: false, httpStatus: 429, rotated: true });
		expect(item.json.retryAfterMs).toBeGreaterThan(0);
		expect(item.json.newMamId).toBe(fake.mamId);
	});

	it('reports a maintenance page as unexpected_html', async () => {
		fake.fault({ kind: 'html' }, { times: 1 });

		const result = await run({ resource: 'session', operation: 'keepalive' });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'unexpected_html', accepted: false });
	});

	it('adds a hint in a manual run that rotated the cookie, since n8n will not keep static data', async () => {
		const result = await run({ resource: 'session', operation: 'keepalive' });

		const [task] = result.run.data.resultData.runData[NODE];
		expect(task.hints?.map((hint) => hint.message).join(' ')).toMatch(/copy the new value from the output into the credential/);
	});
});

describe('MyAnonamouse node: session rotate', () => {
	it('outputs the new cookie as mamId when MAM rotated it', async () => {
		const initial = fake.mamId;

		const result = await run({ resource: 'session', operation: 'rotate' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'ok', rotated: true, mamId: fake.mamId, previousMamIdTail: `...${initial.slice(-8)}` });
		expect(item.json.mamId).not.toBe(initial);
	});

	it('outputs the cookie it used as mamId when MAM kept it', async () => {
		fake.rotate = false;
		const initial = fake.mamId;

		const result = await run({ resource: 'session', operation: 'rotate' });

		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'ok', rotated: false, mamId: initial, previousMamIdTail: null });
	});

	it('outputs the newest saved cookie after an earlier rotation', async () => {
		const initial = fake.mamId;
		const staticData: IDataObject = {};
		await run({ resource: 'session', operation: 'keepalive' }, { staticData, mamId: initial });
		const saved = fake.mamId;
		fake.rotate = false;

		const result = await run({ resource: 'session', operation: 'rotate' }, { staticData, mamId: initial });

		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'no_change', rotated: false, mamId: saved, cookieSource: 'staticData' });
	});

	it('uses the MAM ID Override and remembers what it rotated into for the next run', async () => {
		const override = fake.addSession().mamId;
		const staticData: IDataObject = {};

		const credentialCookie = randomMamCookie();
		const first = await run({ resource: 'session', operation: 'rotate', mamId: override }, { staticData, mamId: credentialCookie });
		const second = await run({ resource: 'session', operation: 'rotate', mamId: override }, { staticData, mamId: credentialCookie });

		expect(first.outputByNode[NODE][0].json).toMatchObject({ outcome: 'ok', cookieSource: 'parameter', rotated: true });
		expect(second.outputByNode[NODE][0].json).toMatchObject({ outcome: 'no_change', cookieSource: 'staticData', rotated: true });
		const sent = fake.requestsTo('dynamicSeedbox').map((request) => request.mamId);
		expect(sent).toEqual([override, first.outputByNode[NODE][0].json.mamId]);
		expect(second.outputByNode[NODE][0].json.mamId).toBe(fake.sessions[1].mamId);
	});

	it('takes the override from an expression on the incoming item', async () => {
		const other = fake.addSession({ rotate: false });

		const result = await run({ resource: 'session', operation: 'rotate', mamId: '={{ $json.cookie }}' }, { triggerItems: [{ cookie: other.mamId }] });

		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'ok', mamId: other.mamId, cookieSource: 'parameter' });
	});
});

describe('MyAnonamouse node: session check', () => {
	it('classifies a live session as valid and outputs the stats', async () => {
		const result = await run({ resource: 'session', operation: 'check' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ outcome: 'ok', accepted: true, valid: true, rotated: true });
		expect(item.json.stats).toMatchObject({ uid: fake.session.user.uid, username: fake.session.user.username, classname: 'Power User' });
		expect(item.json.newMamId).toBe(fake.mamId);
		const [request] = fake.requestsTo('jsonLoad');
		expect(request.path).toBe('/jsonLoad.php');
	});

	it('classifies MAM\'s login page as invalid_session, without an error', async () => {
		fake.killSession();

		const result = await run({ resource: 'session', operation: 'check' });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'invalid_session', accepted: false, valid: false, stats: null, rotated: false });
	});

	it('shares the newest cookie with a keepalive node earlier in the same workflow', async () => {
		const workflow: WorkflowJson = {
			nodes: [
				{ id: 'start', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'keepalive', name: 'Keepalive', type: TYPE, typeVersion: 1, position: [220, 0], parameters: { resource: 'session', operation: 'keepalive' } },
				{ id: 'check', name: 'Check', type: TYPE, typeVersion: 1, position: [440, 0], parameters: { resource: 'session', operation: 'check' } },
			],
			connections: {
				Start: { main: [[{ node: 'Keepalive', type: 'main', index: 0 }]] },
				Keepalive: { main: [[{ node: 'Check', type: 'main', index: 0 }]] },
			},
		};

		const result = await runWorkflow(workflow, { credentials: credentials() });

		expect(result.outputByNode.Keepalive[0].json.outcome).toBe('ok');
		expect(result.outputByNode.Check[0].json).toMatchObject({ outcome: 'ok', valid: true, cookieSource: 'staticData' });
	});
});

describe('MyAnonamouse node: user', () => {
	it('gets the user stats as one item', async () => {
		const result = await run({ resource: 'user', operation: 'getStats' });

		const [item] = result.outputByNode[NODE];
		expect(item.json).toMatchObject({ uid: fake.session.user.uid, ratio: 4.21, seedbonus: 51_233 });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('fails on a dead session with the fix, never showing the cookie', async () => {
		const initial = fake.mamId;
		fake.killSession();

		const result = await run({ resource: 'user', operation: 'getStats' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^MyAnonamouse refused the session \(invalid_session\)/);
		expect(result.error?.description).toMatch(/paste its mam_id into the MyAnonamouse credential/);
		expect(errorText(result.error)).not.toContain(initial);
	});

	it('turns a dead session into an error item with Continue On Fail', async () => {
		fake.killSession();

		const result = await run({ resource: 'user', operation: 'getStats' }, { extra: { onError: 'continueRegularOutput' } });

		expect(result.status).toBe('success');
		expect(result.outputByNode[NODE][0].json.error).toMatch(/MyAnonamouse refused the session/);
	});
});

describe('MyAnonamouse node: failures', () => {
	it('fails with a NodeApiError naming MyAnonamouse and the fix when MAM cannot be reached', async () => {
		const initial = fake.mamId;
		await fake.stop();

		const result = await run({ resource: 'session', operation: 'keepalive' });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^MyAnonamouse is not reachable at http:\/\/127\.0\.0\.1:\d+\/json\/dynamicSeedbox\.php \(connection refused\)/);
		expect(result.error?.description).toMatch(/^Fix: check this machine can reach myanonamouse\.net/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(errorText(result.error)).not.toContain(initial);
	});

	it('rejects a malformed override before sending it, showing only its tail', async () => {
		const bad = `${randomMamCookie()}; other=1`;

		const result = await run({ resource: 'session', operation: 'keepalive', mamId: '={{ $json.cookie }}' }, { triggerItems: [{ cookie: bad }] });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/contains spaces, commas or semicolons/);
		expect(errorText(result.error)).not.toContain(bad.slice(0, 40));
		expect(fake.requests).toHaveLength(0);
	});

	it('refuses a credential URL without a scheme item by item, sending nothing', async () => {
		const result = await runWorkflow(singleNodeWorkflow(MAM_NODE, { resource: 'session', operation: 'keepalive' }, { onError: 'continueRegularOutput' }), {
			credentials: { myAnonamouseApi: { mamId: fake.mamId, customAddresses: true, seedboxUrl: '127.0.0.1:1', siteUrl: fake.url } },
			triggerItems: [{}, {}],
		});

		const items = result.outputByNode[NODE];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items.every((item) => /Seedbox API URL "127\.0\.0\.1:1" must start with http/.test(String(item.json.error)))).toBe(true);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('MyAnonamouse node: through the credential\'s proxy (real tinyproxy)', () => {
	const EXIT = '127.0.0.2';
	let proxy: ProxyPeer;
	let viaProxy: FakeMyAnonamouse;

	beforeAll(async () => {
		proxy = await startTinyproxy({ exitAddress: EXIT });
	}, 60_000);

	afterAll(async () => {
		await proxy?.stop();
	});

	beforeEach(async () => {
		// MAM answers with the address a call came from: the proxy's exit address proves the way it went.
		viaProxy = await startFakeMyAnonamouse({ ipFromConnection: true });
	});

	afterEach(async () => {
		await viaProxy.close();
	});

	async function runThrough(proxySettings: IDataObject, parameters: INodeParameters = { resource: 'session', operation: 'keepalive' }) {
		return await runWorkflow(singleNodeWorkflow(MAM_NODE, parameters), {
			credentials: { myAnonamouseApi: { mamId: viaProxy.mamId, customAddresses: true, seedboxUrl: viaProxy.url, siteUrl: viaProxy.url, useProxy: true, ...proxySettings } },
		});
	}

	it('sends the keepalive through the HTTP proxy, so MAM registers the proxy\'s exit address', async () => {
		const result = await runThrough({ proxyUrl: proxy.url, proxyUsername: proxy.username, proxyPassword: proxy.password });

		expect(result.status).toBe('success');
		// Not `rotated`: tinyproxy 1.11 passes on only the first of several Set-Cookie headers of a
		// plain-http answer. Real MAM is https, a CONNECT tunnel the proxy cannot read or change.
		expect(result.outputByNode[NODE][0].json).toMatchObject({ outcome: 'ok', ip: EXIT });
		const [request] = viaProxy.requestsTo('dynamicSeedbox');
		expect(request.remoteAddress).toBe(EXIT);
		expect(String(request.headers.via)).toContain('tinyproxy');
	});

	it('sends the user stats through it as well', async () => {
		const result = await runThrough({ proxyUrl: proxy.url, proxyUsername: proxy.username, proxyPassword: proxy.password }, { resource: 'user', operation: 'getStats' });

		expect(result.status).toBe('success');
		expect(viaProxy.requestsTo('jsonLoad').map((request) => request.remoteAddress)).toEqual([EXIT]);
	});

	it('names the credential, the masked proxy and the fix when the proxy refuses the password, and never shows it', async () => {
		const wrong = 'wrong-proxy-password-in-n8n';
		const result = await runThrough({ proxyUrl: proxy.url, proxyUsername: proxy.username, proxyPassword: wrong });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The proxy http://${proxy.username}:***@127.0.0.1:${proxy.port} of the MyAnonamouse credential refused the username and password (HTTP 401); MyAnonamouse was not called. Fix: set the proxy's username and password in the MyAnonamouse credential's Proxy Username and Proxy Password.`,
		);
		expect(result.error?.description).toBe("Fix: set the proxy's username and password in the MyAnonamouse credential's Proxy Username and Proxy Password.");
		expect(errorText(result.error)).not.toContain(wrong);
		expect(viaProxy.requests).toHaveLength(0);
	});

	it('says the proxy is not reachable when it is down, instead of blaming MyAnonamouse', async () => {
		const port = await freePort();
		const result = await runThrough({ proxyUrl: `http://127.0.0.1:${port}` });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(new RegExp(`^The proxy http://127\\.0\\.0\\.1:${port} of the MyAnonamouse credential is not reachable \\(connection refused\\); MyAnonamouse was not called\\.`));
		expect(result.error?.description).toBe("Fix: start the proxy (the VPN container) or correct its address in the MyAnonamouse credential's Proxy URL.");
	});

	it('refuses a SOCKS proxy URL with the reason instead of silently going direct', async () => {
		const result = await runThrough({ proxyUrl: 'socks5://vpn:1080', proxyUsername: 'user', proxyPassword: 'socks-password-x' });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^The MyAnonamouse credential's Proxy URL is a SOCKS proxy, which n8n cannot use: its HTTP requests support only HTTP and HTTPS proxies/);
		expect(errorText(result.error)).not.toContain('socks-password-x');
		expect(viaProxy.requests).toHaveLength(0);
	});
});

describe('MyAnonamouse credential', () => {
	const credentialTest = new MyAnonamouse().methods.credentialTest.myAnonamouseApiTest;
	const testWith = async (data: ICredentialDataDecryptedObject) =>
		await credentialTest.call({} as ICredentialTestFunctions, { id: 'c1', name: 'MAM', type: 'myAnonamouseApi', data });

	it('holds the cookie as a password and the addresses behind a switch, with no authenticate block', () => {
		const credential = new MyAnonamouseApi();

		expect(credential.name).toBe('myAnonamouseApi');
		expect(credential.properties.map((property) => property.name)).toEqual(['mamId', 'customAddresses', 'seedboxUrl', 'siteUrl', 'useProxy', 'proxyUrl', 'proxyUsername', 'proxyPassword']);
		const proxyFields = credential.properties.slice(5);
		expect(proxyFields.map((property) => property.displayOptions)).toEqual(Array(3).fill({ show: { useProxy: [true] } }));
		expect(credential.properties.find((property) => property.name === 'proxyPassword')?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((property) => property.name === 'proxyUrl')?.description).toMatch(/SOCKS5 does not work here/);
		expect(credential.properties[0].typeOptions?.password).toBe(true);
		expect(credential.properties[2].displayOptions).toEqual({ show: { customAddresses: [true] } });
		expect(credential.properties[3].displayOptions).toEqual({ show: { customAddresses: [true] } });
		expect((credential as { authenticate?: unknown }).authenticate).toBeUndefined();
		expect((credential as { test?: unknown }).test).toBeUndefined();
	});

	it('is tested by the node without contacting MAM', async () => {
		const node = new MyAnonamouse();

		expect(node.description.credentials).toEqual([{ name: 'myAnonamouseApi', required: true, testedBy: 'myAnonamouseApiTest' }]);
		await expect(testWith({ mamId: fake.mamId })).resolves.toMatchObject({ status: 'OK' });
		expect(fake.requests).toHaveLength(0);
	});

	it('fails the test for an empty, pasted-with-prefix, or truncated cookie, and for a bad address', async () => {
		await expect(testWith({ mamId: '' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/empty/) });
		await expect(testWith({ mamId: `mam_id=${fake.mamId}` })).resolves.toMatchObject({ status: 'Error' });
		await expect(testWith({ mamId: 'abc123' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/only 6 characters/) });
		await expect(testWith({ mamId: fake.mamId, customAddresses: true, seedboxUrl: 'ftp://x' })).resolves.toMatchObject({ status: 'Error' });
		await expect(testWith({ mamId: fake.mamId, useProxy: true, proxyUrl: 'socks5h://vpn:1080' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/SOCKS proxy, which n8n cannot use/) });
		await expect(testWith({ mamId: fake.mamId, useProxy: true, proxyUrl: 'http://vpn:8888/path' })).resolves.toMatchObject({ status: 'Error', message: expect.stringMatching(/Proxy URL must be only protocol:\/\/host:port/) });
		await expect(testWith({ mamId: fake.mamId, useProxy: true, proxyUrl: 'http://vpn:8888', proxyUsername: 'u', proxyPassword: 'p' })).resolves.toMatchObject({ status: 'OK' });
	});

	it('points at icons that exist, a different one for the dark theme', () => {
		const icon = new MyAnonamouseApi().icon as { light: string; dark: string };
		const credentialsDir = path.resolve(__dirname, '../../credentials');

		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) expect(existsSync(path.resolve(credentialsDir, file.slice('file:'.length)))).toBe(true);
	});
});
