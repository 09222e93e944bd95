import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { basicAuth, Daemon, fetchWithTimeout, freePorts, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface RtorrentPeer extends RunningPeer {
	/** HTTP XML-RPC endpoint behind lighttpd with Basic auth: `http://127.0.0.1:P/RPC2`. */
	url: string;
	username: string;
	password: string;
	/** rTorrent's own SCGI port (no auth; 127.0.0.1 only). */
	scgiPort: number;
	peerPort: number;
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XML-RPC methodCall whose params are all strings (what rTorrent's commands take). */
export function xmlRpcCall(method: string, params: readonly string[] = []): string {
	const encoded = params.map((param) => `<param><value><string>${escapeXml(param)}</string></value></param>`).join('');
	return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${encoded}</params></methodCall>`;
}

/** POSTs one XML-RPC call; returns the HTTP status and the raw XML answer. */
export async function rtorrentXmlRpc(
	url: string,
	authorization: string | undefined,
	method: string,
	params: readonly string[] = [],
): Promise<{ status: number; text: string }> {
	const headers: Record<string, string> = { 'Content-Type': 'text/xml' };
	if (authorization) headers.Authorization = authorization;
	const response = await fetchWithTimeout(url, { method: 'POST', headers, body: xmlRpcCall(method, params) });
	return { status: response.status, text: await response.text() };
}

/**
 * rTorrent speaks SCGI only, so lighttpd (mod_scgi + mod_auth) turns it into HTTP XML-RPC at
 * /RPC2 with Basic auth, the way ruTorrent-style setups expose it.
 */
export async function startRtorrent(options: StartOptions = {}): Promise<RtorrentPeer> {
	const rtorrent = requireExecutable('rtorrent');
	const lighttpd = requireExecutable('lighttpd');
	const dataDir = await makeDataDir('rtorrent');
	const [scgiPort, httpPort, peerPort] = await freePorts(3);
	const { username, password } = randomLogin();
	for (const dir of ['session', 'downloads', 'www', 'tmp']) await mkdir(path.join(dataDir, dir));

	const rtorrentRc = [
		`session.path.set = ${path.join(dataDir, 'session')}`,
		`directory.default.set = ${path.join(dataDir, 'downloads')}`,
		`network.bind_address.set = ${LOOPBACK}`,
		`network.port_range.set = ${peerPort}-${peerPort}`,
		'network.port_random.set = no',
		`network.scgi.open_port = ${LOOPBACK}:${scgiPort}`,
		'network.xmlrpc.size_limit.set = 8M',
		'dht.mode.set = disable',
		'protocol.pex.set = no',
		'trackers.use_udp.set = no',
		// No curses UI: runs headless in the foreground.
		'system.daemon.set = true',
		'',
	].join('\n');
	const rcFile = path.join(dataDir, 'rtorrent.rc');
	await writeFile(rcFile, rtorrentRc);

	const usersFile = path.join(dataDir, 'lighttpd.users');
	await writeFile(usersFile, `${username}:${password}\n`, { mode: 0o600 });
	const lighttpdConf = [
		'server.modules = ( "mod_auth", "mod_authn_file", "mod_scgi" )',
		`server.document-root = "${path.join(dataDir, 'www')}"`,
		`server.upload-dirs = ( "${path.join(dataDir, 'tmp')}" )`,
		`server.bind = "${LOOPBACK}"`,
		`server.port = ${httpPort}`,
		'auth.backend = "plain"',
		`auth.backend.plain.userfile = "${usersFile}"`,
		'auth.require = ( "/RPC2" => ( "method" => "basic", "realm" => "rtorrent", "require" => "valid-user" ) )',
		`scgi.server = ( "/RPC2" => ( ( "host" => "${LOOPBACK}", "port" => ${scgiPort}, "check-local" => "disable" ) ) )`,
		'',
	].join('\n');
	const confFile = path.join(dataDir, 'lighttpd.conf');
	await writeFile(confFile, lighttpdConf);

	const env = { ...process.env, HOME: dataDir };
	const core = Daemon.spawn('rtorrent', rtorrent, ['-n', '-o', `import=${rcFile}`], { cwd: dataDir, env, secrets: [password] });
	const front = Daemon.spawn('lighttpd', lighttpd, ['-D', '-f', confFile], { cwd: dataDir, env, secrets: [password] });
	const url = `http://${LOOPBACK}:${httpPort}/RPC2`;
	const probe = async (): Promise<boolean> => {
		const { status, text } = await rtorrentXmlRpc(url, basicAuth(username, password), 'system.client_version');
		return status === 200 && text.includes('<methodResponse>') && !text.includes('<fault>');
	};
	return readyPeer({ peer: 'rTorrent', daemons: [core, front], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, { url, username, password, scgiPort, peerPort });
}
