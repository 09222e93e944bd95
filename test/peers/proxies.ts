import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Daemon, freePort, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

/**
 * Real proxies for tests of calls that must leave through a VPN's exit: tinyproxy (an HTTP
 * proxy with Basic auth, CONNECT for https:// targets) and microsocks (SOCKS5 with
 * username/password). Each binds its outgoing connections to `exitAddress`, another loopback
 * address (127.0.0.2 by default), so a fake service sees a call that came through the proxy
 * arrive from that address instead of 127.0.0.1: the "exit IP" of the test.
 */
export interface ProxyPeer extends RunningPeer {
	/** `http://127.0.0.1:P` or `socks5://127.0.0.1:P`, without credentials. */
	url: string;
	host: string;
	port: number;
	/** Undefined when started with `auth: false`. */
	username?: string;
	password?: string;
	/** The address the proxy's connections to the target come from. */
	exitAddress: string;
}

export interface ProxyStartOptions extends StartOptions {
	/** Require a username and password (default true; random ones). */
	auth?: boolean;
	/** Source address of the proxy's outgoing connections (default 127.0.0.2). */
	exitAddress?: string;
}

const DEFAULT_EXIT = '127.0.0.2';

/** tinyproxy 1.11: HTTP proxy; `BasicAuth` answers 407 without credentials and (sic) 401 to wrong ones. */
export async function startTinyproxy(options: ProxyStartOptions = {}): Promise<ProxyPeer> {
	const executable = requireExecutable('tinyproxy');
	const dataDir = await makeDataDir('tinyproxy');
	const port = await freePort();
	const login = options.auth === false ? undefined : randomLogin();
	const exitAddress = options.exitAddress ?? DEFAULT_EXIT;
	const conf = [
		`Port ${port}`,
		`Listen ${LOOPBACK}`,
		`Bind ${exitAddress}`,
		'Timeout 60',
		'MaxClients 50',
		`Allow ${LOOPBACK}`,
		// Logs go to stderr (no LogFile): the Daemon keeps the tail for errors.
		'LogLevel Connect',
		`PidFile "${path.join(dataDir, 'tinyproxy.pid')}"`,
		...(login ? [`BasicAuth ${login.username} ${login.password}`] : []),
	].join('\n');
	// The password lives in this 0600 file, not on the command line.
	const confFile = path.join(dataDir, 'tinyproxy.conf');
	await writeFile(confFile, `${conf}\n`, { mode: 0o600 });
	const daemon = Daemon.spawn('tinyproxy', executable, ['-d', '-c', confFile], { cwd: dataDir, secrets: login ? [login.password] : [] });
	// Any HTTP answer from the proxy itself (for a target that is closed) means it is serving.
	const probe = () => answersWith(port, `GET http://${LOOPBACK}:1/ HTTP/1.0\r\nHost: ${LOOPBACK}:1\r\n\r\n`, (reply) => reply.startsWith('HTTP/1.'));
	return readyPeer(
		{ peer: 'tinyproxy', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs },
		{ url: `http://${LOOPBACK}:${port}`, host: LOOPBACK, port, username: login?.username, password: login?.password, exitAddress },
	);
}

/** microsocks 1.0.3: SOCKS5; with a login it offers only username/password authentication. */
export async function startMicrosocks(options: ProxyStartOptions = {}): Promise<ProxyPeer> {
	const executable = requireExecutable('microsocks');
	const dataDir = await makeDataDir('microsocks');
	const port = await freePort();
	const login = options.auth === false ? undefined : randomLogin();
	const exitAddress = options.exitAddress ?? DEFAULT_EXIT;
	// microsocks takes its login only as arguments; the values are random and live for this test.
	const args = ['-i', LOOPBACK, '-p', String(port), '-b', exitAddress, ...(login ? ['-u', login.username, '-P', login.password] : [])];
	const daemon = Daemon.spawn('microsocks', executable, args, { cwd: dataDir, secrets: login ? [login.password] : [] });
	// The SOCKS5 greeting: the server picks a method it offers (0x02 username/password, 0x00 none).
	const probe = () => answersWith(port, Buffer.from([0x05, 0x02, 0x00, 0x02]), (reply) => reply.length >= 2 && reply.charCodeAt(0) === 0x05, 'latin1');
	return readyPeer(
		{ peer: 'microsocks', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs },
		{ url: `socks5://${LOOPBACK}:${port}`, host: LOOPBACK, port, username: login?.username, password: login?.password, exitAddress },
	);
}

/** Sends `payload` to 127.0.0.1:port and tells whether the first bytes back pass `accept`. */
function answersWith(port: number, payload: string | Buffer, accept: (reply: string) => boolean, encoding: BufferEncoding = 'utf8'): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: LOOPBACK, port });
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error('no answer within 2 s'));
		}, 2_000);
		socket.once('connect', () => socket.write(payload));
		socket.once('data', (chunk: Buffer) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(accept(chunk.toString(encoding)));
		});
		socket.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}
