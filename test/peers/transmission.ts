import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { basicAuth, Daemon, fetchWithTimeout, freePorts, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface TransmissionPeer extends RunningPeer {
	/** The RPC endpoint, `<url>/transmission/rpc`. */
	rpcUrl: string;
	username: string;
	password: string;
	peerPort: number;
}

export interface TransmissionRpcResult {
	status: number;
	/** Parsed body when the daemon answered JSON. */
	body: { result?: string; arguments?: Record<string, unknown> } | undefined;
}

/**
 * One Transmission RPC call including the 409 dance: the first answer carries the
 * X-Transmission-Session-Id that the retry must send.
 */
export async function transmissionRpc(
	rpcUrl: string,
	authorization: string,
	method: string,
	args: Record<string, unknown> = {},
): Promise<TransmissionRpcResult> {
	const body = JSON.stringify({ method, arguments: args });
	const headers: Record<string, string> = { Authorization: authorization, 'Content-Type': 'application/json' };
	let response = await fetchWithTimeout(rpcUrl, { method: 'POST', headers, body });
	const sessionId = response.headers.get('x-transmission-session-id');
	if (response.status === 409 && sessionId) {
		await response.body?.cancel();
		response = await fetchWithTimeout(rpcUrl, {
			method: 'POST',
			headers: { ...headers, 'X-Transmission-Session-Id': sessionId },
			body,
		});
	}
	const text = await response.text();
	let parsed: TransmissionRpcResult['body'];
	try {
		parsed = JSON.parse(text) as TransmissionRpcResult['body'];
	} catch {
		parsed = undefined;
	}
	return { status: response.status, body: parsed };
}

/**
 * Transmission always opens an IPv6 peer socket; bound to the IPv4-mapped loopback address it
 * can only ever be reached through 127.0.0.1 (with ::1 it would listen on IPv6 loopback too).
 */
const IPV4_LOOPBACK_MAPPED = '::ffff:127.0.0.1';

/** transmission-daemon with RPC, peers and DHT/LPD/uTP/port mapping confined to loopback or off. */
export async function startTransmission(options: StartOptions = {}): Promise<TransmissionPeer> {
	const executable = requireExecutable('transmission-daemon');
	const dataDir = await makeDataDir('transmission');
	const [rpcPort, peerPort] = await freePorts(2);
	const { username, password } = randomLogin();
	const downloads = path.join(dataDir, 'downloads');
	await mkdir(downloads);
	// The password goes into settings.json (hashed by the daemon on first save), not argv.
	const settings = {
		'download-dir': downloads,
		'incomplete-dir-enabled': false,
		'watch-dir-enabled': false,
		'rpc-enabled': true,
		'rpc-bind-address': LOOPBACK,
		'rpc-port': rpcPort,
		'rpc-authentication-required': true,
		'rpc-username': username,
		'rpc-password': password,
		'rpc-whitelist-enabled': true,
		'rpc-whitelist': LOOPBACK,
		'rpc-host-whitelist-enabled': false,
		'bind-address-ipv4': LOOPBACK,
		'bind-address-ipv6': IPV4_LOOPBACK_MAPPED,
		'peer-port': peerPort,
		'peer-port-random-on-start': false,
		'port-forwarding-enabled': false,
		'dht-enabled': false,
		'lpd-enabled': false,
		'pex-enabled': false,
		'utp-enabled': false,
		'message-level': 1,
	};
	await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings, null, '\t'), { mode: 0o600 });

	const daemon = Daemon.spawn(
		'transmission-daemon',
		executable,
		[
			'--foreground',
			'--config-dir', dataDir,
			'--download-dir', downloads,
			'--port', String(rpcPort),
			'--rpc-bind-address', LOOPBACK,
			'--allowed', LOOPBACK,
			'--auth',
			'--peerport', String(peerPort),
			'--bind-address-ipv4', LOOPBACK,
			'--bind-address-ipv6', IPV4_LOOPBACK_MAPPED,
			'--no-dht',
			'--no-lpd',
			'--no-utp',
			'--no-portmap',
		],
		{ cwd: dataDir, env: { ...process.env, HOME: dataDir }, secrets: [password] },
	);
	const url = `http://${LOOPBACK}:${rpcPort}`;
	const rpcUrl = `${url}/transmission/rpc`;
	const probe = async (): Promise<boolean> => {
		const { body } = await transmissionRpc(rpcUrl, basicAuth(username, password), 'session-get');
		return body?.result === 'success';
	};
	return readyPeer({ peer: 'Transmission', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, { url, rpcUrl, username, password, peerPort });
}
