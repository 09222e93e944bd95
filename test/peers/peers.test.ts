/**
 * Smoke test of the real-peer rig: every Debian daemon starts on 127.0.0.1, answers one real
 * authenticated call, refuses a wrong credential, listens on nothing but 127.0.0.1, and is
 * gone (with its data dir) after stop(). A missing package fails here on purpose: run
 * `bash scripts/peers/install.sh` first.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test, type ExpectStatic } from 'vitest';
import {
	appriseCli,
	basicAuth,
	DelugeWebSession,
	nzbgetRpc,
	qbittorrentLogin,
	rtorrentXmlRpc,
	sabnzbdApiUrl,
	smtpDialogue,
	startDeluge,
	startNzbget,
	startQbittorrent,
	startRtorrent,
	startSabnzbd,
	startSmtpSink,
	startTransmission,
	transmissionRpc,
	type RunningPeer,
} from './index';
import { isIpv4Loopback, listeningSockets } from './sockets';

/** Runs `body` against a started peer, then checks stop() really cleans up. */
async function withPeer<T extends Pick<RunningPeer, 'dataDir' | 'pids' | 'stop'>>(
	expect: ExpectStatic,
	start: () => Promise<T>,
	body: (peer: T) => Promise<void>,
): Promise<void> {
	const peer = await start();
	try {
		const sockets = await listeningSockets(peer.pids);
		expect(sockets.length).toBeGreaterThan(0);
		const exposed = sockets.filter((socket) => !isIpv4Loopback(socket.address));
		expect(exposed, 'sockets listening beyond 127.0.0.1').toEqual([]);
		await body(peer);
	} finally {
		await peer.stop();
	}
	expect(existsSync(peer.dataDir)).toBe(false);
	expect(await listeningSockets(peer.pids)).toEqual([]);
	for (const pid of peer.pids) expect(() => process.kill(pid, 0)).toThrow();
}

/** A one-route HTTP server that records what it receives and wants Basic auth. */
async function startRecordingServer(username: string, password: string) {
	const received: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
	const expected = basicAuth(username, password);
	const server = http.createServer((request, response) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (body += chunk));
		request.on('end', () => {
			received.push({ method: request.method, url: request.url, headers: request.headers, body });
			const authorized = request.headers.authorization === expected;
			response.writeHead(authorized ? 200 : 401, { 'Content-Type': 'application/json' });
			response.end(authorized ? '{"ok":true}' : '{"error":"unauthorized"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe.concurrent('real peers from Debian', () => {
	test('qBittorrent: login + webapiVersion; wrong password answers "Fails."', async ({ expect }) => {
		await withPeer(expect, () => startQbittorrent(), async (peer) => {
			const cookie = await qbittorrentLogin(peer.url, peer.username, peer.password);
			expect(cookie).toMatch(/^SID=.+/);
			const version = await fetch(`${peer.url}/api/v2/app/webapiVersion`, { headers: { Cookie: cookie! } });
			expect(version.status).toBe(200);
			expect(await version.text()).toMatch(/^2\.\d+(\.\d+)?$/);

			const anonymous = await fetch(`${peer.url}/api/v2/app/webapiVersion`);
			expect(anonymous.status).toBe(403);
			const wrong = await fetch(`${peer.url}/api/v2/auth/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ username: peer.username, password: 'wrong-' + peer.password }).toString(),
			});
			expect(wrong.status).toBe(200);
			expect(await wrong.text()).toBe('Fails.');
			expect(wrong.headers.getSetCookie()).toEqual([]);
		});
	});

	test('Transmission: session-get after the 409 session-id dance; wrong password is 401', async ({ expect }) => {
		await withPeer(expect, () => startTransmission(), async (peer) => {
			const authorization = basicAuth(peer.username, peer.password);
			const first = await fetch(peer.rpcUrl, { method: 'POST', headers: { Authorization: authorization }, body: '{"method":"session-get"}' });
			expect(first.status).toBe(409);
			expect(first.headers.get('x-transmission-session-id')).toBeTruthy();

			const { status, body } = await transmissionRpc(peer.rpcUrl, authorization, 'session-get');
			expect(status).toBe(200);
			expect(body?.result).toBe('success');
			const session = body?.arguments ?? {};
			expect(session['rpc-version']).toBeGreaterThanOrEqual(15);
			expect(session['peer-port']).toBe(peer.peerPort);
			expect(session).toMatchObject({ 'dht-enabled': false, 'lpd-enabled': false, 'pex-enabled': false, 'port-forwarding-enabled': false });

			const wrong = await transmissionRpc(peer.rpcUrl, basicAuth(peer.username, 'wrong-' + peer.password), 'session-get');
			expect(wrong.status).toBe(401);
		});
	});

	test('Deluge: auth.login + web.get_hosts + web.connect to deluged; wrong password is refused', async ({ expect }) => {
		await withPeer(expect, () => startDeluge(), async (peer) => {
			const anonymous = new DelugeWebSession(peer.jsonUrl);
			const refused = await anonymous.call('web.get_hosts');
			expect(refused.result).toBeNull();
			expect(refused.error).toMatchObject({ message: 'Not authenticated' });
			expect(await anonymous.login('wrong-' + peer.password)).toBe(false);

			const session = new DelugeWebSession(peer.jsonUrl);
			expect(await session.login(peer.password)).toBe(true);
			const hosts = await session.call<unknown[][]>('web.get_hosts');
			expect(hosts.error).toBeNull();
			expect(hosts.result).toEqual([[peer.hostId, '127.0.0.1', peer.daemon.port, peer.daemon.username]]);

			// The hostlist credentials must be the daemon's: connect and read core settings.
			const connect = await session.call('web.connect', [peer.hostId]);
			expect(connect.error).toBeNull();
			const connected = await session.call<boolean>('web.connected');
			expect(connected.result).toBe(true);
			const listen = await session.call('core.get_config_values', [['listen_interface', 'dht', 'lsd', 'upnp', 'natpmp']]);
			expect(listen.result).toEqual({ listen_interface: '127.0.0.1', dht: false, lsd: false, upnp: false, natpmp: false });
		});
	});

	test('rTorrent via lighttpd: system.client_version over XML-RPC; wrong password is 401', async ({ expect }) => {
		await withPeer(expect, () => startRtorrent(), async (peer) => {
			const answer = await rtorrentXmlRpc(peer.url, basicAuth(peer.username, peer.password), 'system.client_version');
			expect(answer.status).toBe(200);
			expect(answer.text).toMatch(/<methodResponse>\s*<params>\s*<param>\s*<value>\s*<string>\d+\.\d+\.\d+<\/string>/);
			const bind = await rtorrentXmlRpc(peer.url, basicAuth(peer.username, peer.password), 'network.bind_address');
			expect(bind.text).toContain('<string>127.0.0.1</string>');

			const wrong = await rtorrentXmlRpc(peer.url, basicAuth(peer.username, 'wrong-' + peer.password), 'system.client_version');
			expect(wrong.status).toBe(401);
			const anonymous = await rtorrentXmlRpc(peer.url, undefined, 'system.client_version');
			expect(anonymous.status).toBe(401);
		});
	});

	test('NZBGet: version over JSON-RPC; wrong password is 401', async ({ expect }) => {
		await withPeer(expect, () => startNzbget(), async (peer) => {
			const { status, body } = await nzbgetRpc(peer.url, basicAuth(peer.username, peer.password), 'version');
			expect(status).toBe(200);
			expect(body?.result).toMatch(/^\d+\.\d+/);

			const wrong = await nzbgetRpc(peer.url, basicAuth(peer.username, 'wrong-' + peer.password), 'version');
			expect(wrong.status).toBe(401);
			expect(wrong.body?.result).toBeUndefined();
		});
	});

	test('SABnzbd: mode=version without key, mode=queue with key; wrong key answers "API Key Incorrect"', async ({ expect }) => {
		await withPeer(expect, () => startSabnzbd(), async (peer) => {
			const version = await fetch(sabnzbdApiUrl(peer.url, 'version'));
			expect(version.status).toBe(200);
			expect(await version.json()).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

			const queue = await fetch(sabnzbdApiUrl(peer.url, 'queue', peer.apiKey));
			expect(queue.status).toBe(200);
			const queueBody = (await queue.json()) as { queue?: { slots?: unknown[] } };
			expect(queueBody.queue?.slots).toEqual([]);

			const wrong = await fetch(sabnzbdApiUrl(peer.url, 'queue', 'wrong' + peer.apiKey));
			expect((await wrong.text()).trim()).toBe('API Key Incorrect');
		});
	});

	test('SMTP sink: raw SMTP with AUTH PLAIN is stored; wrong credentials get 535', async ({ expect }) => {
		await withPeer(expect, () => startSmtpSink(), async (sink) => {
			const plain = (password: string) => Buffer.from(`\0${sink.username}\0${password}`).toString('base64');
			const replies = await smtpDialogue(sink.port, [
				'EHLO test.local',
				`AUTH PLAIN ${plain('wrong-' + sink.password)}`,
				`AUTH PLAIN ${plain(sink.password)}`,
				'MAIL FROM:<sender@example.test>',
				'RCPT TO:<rcpt@example.test>',
				'DATA',
				'Subject: peer smoke test\r\nFrom: sender@example.test\r\nTo: rcpt@example.test\r\n\r\nHello from the rig.\r\n.',
				'QUIT',
			]);
			expect(replies.map((reply) => reply.slice(0, 3))).toEqual(['220', '250', '535', '235', '250', '250', '354', '250', '221']);
			expect(replies[1]).toMatch(/AUTH.*PLAIN/);

			const [mail] = await sink.waitForMessages(1);
			expect(mail).toMatchObject({ mailFrom: 'sender@example.test', rcptTos: ['rcpt@example.test'], authenticatedAs: sink.username });
			expect(mail.data).toContain('Subject: peer smoke test');
			expect(mail.data).toContain('Hello from the rig.');
		});
	});

	test('Apprise CLI: json:// reaches a local server; a refused post makes it exit 1', async ({ expect }) => {
		const apprise = appriseCli();
		const server = await startRecordingServer('notifier', 'secret-one');
		try {
			const ok = await apprise.run(['-t', 'Rig title', '-b', 'Rig body', `json://notifier:secret-one@127.0.0.1:${server.port}/hook`]);
			expect(ok.exitCode).toBe(0);
			expect(server.received).toHaveLength(1);
			const [post] = server.received;
			expect(post).toMatchObject({ method: 'POST', url: '/hook' });
			expect(JSON.parse(post.body)).toMatchObject({ title: 'Rig title', message: 'Rig body', type: 'info' });

			const refused = await apprise.run(['-b', 'Rig body', `json://notifier:wrong@127.0.0.1:${server.port}/hook`]);
			expect(refused.exitCode).toBe(1);
			expect(server.received).toHaveLength(2);
		} finally {
			await server.close();
		}
	});

	test('Apprise CLI: mailto:// with credentials delivers to the SMTP sink', async ({ expect }) => {
		const apprise = appriseCli();
		await withPeer(expect, () => startSmtpSink({ requireAuth: true }), async (sink) => {
			const target = (password: string) =>
				`mailto://${sink.username}:${password}@127.0.0.1:${sink.port}?from=rig@example.test&to=admin@example.test`;
			const sent = await apprise.run(['-t', 'Mail title', '-b', 'Mail body', target(sink.password)]);
			expect(sent.exitCode).toBe(0);
			const [mail] = await sink.waitForMessages(1);
			expect(mail).toMatchObject({ rcptTos: ['admin@example.test'], authenticatedAs: sink.username });
			expect(mail.data).toContain('Mail title');

			const refused = await apprise.run(['-b', 'Mail body', target('wrong-' + sink.password)]);
			expect(refused.exitCode).toBe(1);
			expect(await sink.messages()).toHaveLength(1);
		});
	});
});
