import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Daemon, fetchWithTimeout, freePorts, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface QbittorrentPeer extends RunningPeer {
	username: string;
	password: string;
	/** BitTorrent listen port (127.0.0.1 only). */
	peerPort: number;
}

/** qBittorrent's WebUI password format: PBKDF2-HMAC-SHA512, 100000 rounds, 16-byte salt, 64-byte key. */
export function qbittorrentPasswordHash(password: string): string {
	const salt = randomBytes(16);
	const key = pbkdf2Sync(password, salt, 100_000, 64, 'sha512');
	return `@ByteArray(${salt.toString('base64')}:${key.toString('base64')})`;
}

/** Logs in and returns the `SID=...` cookie, or undefined when the credentials are refused. */
export async function qbittorrentLogin(url: string, username: string, password: string): Promise<string | undefined> {
	const response = await fetchWithTimeout(`${url}/api/v2/auth/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password }).toString(),
	});
	const body = await response.text();
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('SID='));
	if (response.status !== 200 || body !== 'Ok.' || !cookie) return undefined;
	return cookie.split(';')[0];
}

/** qbittorrent-nox with the WebUI on a free 127.0.0.1 port and DHT/PeX/LSD/UPnP off. */
export async function startQbittorrent(options: StartOptions = {}): Promise<QbittorrentPeer> {
	const executable = requireExecutable('qbittorrent-nox');
	const dataDir = await makeDataDir('qbittorrent');
	const [webPort, peerPort] = await freePorts(2);
	const { username, password } = randomLogin();
	const configDir = path.join(dataDir, 'qBittorrent', 'config');
	await mkdir(configDir, { recursive: true });
	await mkdir(path.join(dataDir, 'downloads'));
	const config = [
		'[LegalNotice]',
		'Accepted=true',
		'',
		'[BitTorrent]',
		`Session\\DefaultSavePath=${path.join(dataDir, 'downloads')}`,
		`Session\\TempPath=${path.join(dataDir, 'downloads', 'incomplete')}`,
		`Session\\Port=${peerPort}`,
		'Session\\Interface=lo',
		'Session\\InterfaceName=lo',
		`Session\\InterfaceAddress=${LOOPBACK}`,
		'Session\\DHTEnabled=false',
		'Session\\PeXEnabled=false',
		'Session\\LSDEnabled=false',
		'',
		'[Network]',
		'PortForwardingEnabled=false',
		'',
		'[Preferences]',
		'Connection\\UPnP=false',
		`WebUI\\Address=${LOOPBACK}`,
		`WebUI\\Port=${webPort}`,
		'WebUI\\UseUPnP=false',
		// Loopback requests must authenticate too, or the wrong-password checks prove nothing.
		'WebUI\\LocalHostAuth=true',
		'WebUI\\AuthSubnetWhitelistEnabled=false',
		`WebUI\\Username=${username}`,
		`WebUI\\Password_PBKDF2="${qbittorrentPasswordHash(password)}"`,
		'',
	].join('\n');
	await writeFile(path.join(configDir, 'qBittorrent.conf'), config, { mode: 0o600 });

	const daemon = Daemon.spawn('qbittorrent-nox', executable, [`--profile=${dataDir}`, `--webui-port=${webPort}`], {
		cwd: dataDir,
		env: { ...process.env, HOME: dataDir },
		secrets: [password],
	});
	const url = `http://${LOOPBACK}:${webPort}`;
	const probe = async (): Promise<boolean> => {
		const cookie = await qbittorrentLogin(url, username, password);
		if (!cookie) return false;
		const response = await fetchWithTimeout(`${url}/api/v2/app/webapiVersion`, { headers: { Cookie: cookie } });
		return response.status === 200;
	};
	return readyPeer({ peer: 'qBittorrent', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, { url, username, password, peerPort });
}
