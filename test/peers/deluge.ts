import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Daemon, fetchWithTimeout, freePorts, LOOPBACK, makeDataDir, randomSecret, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface DelugePeer extends RunningPeer {
	/** deluge-web base URL; JSON-RPC lives at `<url>/json`. */
	url: string;
	jsonUrl: string;
	/** The WebUI password (deluge-web has no username). */
	password: string;
	/** The hostlist entry deluge-web knows the daemon by (for `web.connect`). */
	hostId: string;
	daemon: { host: string; port: number; username: string; password: string };
	peerPort: number;
}

/** A small deluge-web JSON-RPC session: keeps the `_session_id` cookie between calls. */
export class DelugeWebSession {
	private cookie: string | undefined;
	private nextId = 1;

	constructor(private readonly jsonUrl: string) {}

	async call<T = unknown>(method: string, params: unknown[] = []): Promise<{ result: T; error: unknown }> {
		const headers: Record<string, string> = { 'Content-Type': 'application/json' };
		if (this.cookie) headers.Cookie = this.cookie;
		const response = await fetchWithTimeout(this.jsonUrl, {
			method: 'POST',
			headers,
			body: JSON.stringify({ method, params, id: this.nextId++ }),
		});
		const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('_session_id='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		if (response.status !== 200) throw new Error(`deluge-web answered HTTP ${response.status} to ${method}`);
		return (await response.json()) as { result: T; error: unknown };
	}

	/** `auth.login`; true when deluge-web accepted the password. */
	async login(password: string): Promise<boolean> {
		const { result } = await this.call<boolean>('auth.login', [password]);
		return result === true;
	}
}

/** Deluge's config files are two JSON objects back to back: a version header, then the values. */
function delugeConfig(fileVersion: number, values: Record<string, unknown>): string {
	return JSON.stringify({ file: fileVersion, format: 1 }, null, 4) + JSON.stringify(values, null, 4);
}

/** deluged (torrents on 127.0.0.1, DHT/LSD/UPnP/NAT-PMP off) plus deluge-web pointed at it. */
export async function startDeluge(options: StartOptions = {}): Promise<DelugePeer> {
	const deluged = requireExecutable('deluged');
	const delugeWeb = requireExecutable('deluge-web');
	const dataDir = await makeDataDir('deluge');
	const [daemonPort, webPort, peerPort] = await freePorts(3);
	const webPassword = randomSecret();
	const daemonUser = `user${randomSecret(4)}`;
	const daemonPassword = randomSecret();
	const localclientPassword = randomSecret();
	const hostId = randomUUID().replace(/-/g, '');
	const downloads = path.join(dataDir, 'downloads');
	await mkdir(downloads);

	const salt = randomSecret(20);
	const files: Record<string, string> = {
		'core.conf': delugeConfig(1, {
			daemon_port: daemonPort,
			allow_remote: false,
			listen_interface: LOOPBACK,
			listen_ports: [peerPort, peerPort],
			random_port: false,
			random_outgoing_ports: true,
			dht: false,
			upnp: false,
			natpmp: false,
			lsd: false,
			utpex: false,
			new_release_check: false,
			send_info: false,
			download_location: downloads,
			move_completed_path: downloads,
			torrentfiles_location: downloads,
			enabled_plugins: [],
		}),
		// username:password:level, level 10 = admin. deluge-web crashes at start-up unless a
		// localclient line exists (it builds a default host list from it even when unused).
		auth: `localclient:${localclientPassword}:10\n${daemonUser}:${daemonPassword}:10\n`,
		'hostlist.conf': delugeConfig(3, { hosts: [[hostId, LOOPBACK, daemonPort, daemonUser, daemonPassword]] }),
		'web.conf': delugeConfig(2, {
			port: webPort,
			interface: LOOPBACK,
			https: false,
			base: '/',
			pwd_salt: salt,
			pwd_sha1: createHash('sha1').update(salt + webPassword).digest('hex'),
			session_timeout: 3600,
			sessions: {},
			first_login: false,
			default_daemon: '',
			enabled_plugins: [],
		}),
	};
	for (const [name, content] of Object.entries(files)) {
		await writeFile(path.join(dataDir, name), content, { mode: 0o600 });
	}

	const env = { ...process.env, HOME: dataDir, PYTHONDONTWRITEBYTECODE: '1' };
	const secrets = [webPassword, daemonPassword, localclientPassword];
	const core = Daemon.spawn(
		'deluged',
		deluged,
		['--do-not-daemonize', '--config', dataDir, '--ui-interface', LOOPBACK, '--port', String(daemonPort), '--interface', LOOPBACK, '--loglevel', 'error'],
		{ cwd: dataDir, env, secrets },
	);
	const web = Daemon.spawn(
		'deluge-web',
		delugeWeb,
		['--do-not-daemonize', '--config', dataDir, '--interface', LOOPBACK, '--port', String(webPort), '--no-ssl', '--loglevel', 'error'],
		{ cwd: dataDir, env, secrets },
	);
	const url = `http://${LOOPBACK}:${webPort}`;
	const jsonUrl = `${url}/json`;
	const probe = async (): Promise<boolean> => {
		const session = new DelugeWebSession(jsonUrl);
		if (!(await session.login(webPassword))) return false;
		// "Online" means deluge-web reached deluged on the port from hostlist.conf.
		const { result } = await session.call<[string, string, string]>('web.get_host_status', [hostId]);
		return result?.[1] === 'Online';
	};
	return readyPeer({ peer: 'Deluge', daemons: [core, web], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, {
		url,
		jsonUrl,
		password: webPassword,
		hostId,
		daemon: { host: LOOPBACK, port: daemonPort, username: daemonUser, password: daemonPassword },
		peerPort,
	});
}
