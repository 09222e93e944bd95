import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { basicAuth, Daemon, fetchWithTimeout, freePort, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface NzbgetPeer extends RunningPeer {
	/** Base URL; JSON-RPC lives at `<url>/jsonrpc`. */
	url: string;
	username: string;
	password: string;
}

export interface NzbgetStartOptions extends StartOptions {
	/** Extra nzbget.conf options (e.g. `Server1.Host`), applied after the defaults below. */
	config?: Record<string, string>;
}

/** The Debian package's sample config, the one the GUIDE says to start from. */
const TEMPLATE_CONFIG = '/etc/nzbget.conf';

/** One JSON-RPC call (positional params); returns the HTTP status and the parsed body if any. */
export async function nzbgetRpc(
	url: string,
	authorization: string,
	method: string,
	params: unknown[] = [],
): Promise<{ status: number; body: { result?: unknown; error?: unknown } | undefined }> {
	const response = await fetchWithTimeout(`${url}/jsonrpc`, {
		method: 'POST',
		headers: { Authorization: authorization, 'Content-Type': 'application/json' },
		body: JSON.stringify({ method, params, id: 1 }),
	});
	const text = await response.text();
	try {
		return { status: response.status, body: JSON.parse(text) as { result?: unknown; error?: unknown } };
	} catch {
		return { status: response.status, body: undefined };
	}
}

/** Sets `key=value` in an nzbget.conf text, replacing the active line or appending one. */
function setOption(config: string, key: string, value: string): string {
	const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const line = new RegExp(`^${escaped}=.*$`, 'm');
	const replacement = `${key}=${value}`;
	return line.test(config) ? config.replace(line, () => replacement) : `${config}\n${replacement}\n`;
}

/** nzbget in server mode with the control port on 127.0.0.1 and no news server active. */
export async function startNzbget(options: NzbgetStartOptions = {}): Promise<NzbgetPeer> {
	const executable = requireExecutable('nzbget');
	const template = await readFile(TEMPLATE_CONFIG, 'utf8').catch(() => {
		throw new Error(`${TEMPLATE_CONFIG} is missing; run \`bash scripts/peers/install.sh\` (as root) first`);
	});
	const dataDir = await makeDataDir('nzbget');
	const port = await freePort();
	const { username, password } = randomLogin();
	const mainDir = path.join(dataDir, 'main');
	await mkdir(mainDir);

	// Credentials live in the config file rather than argv (argv is visible to every local user).
	const settings: Record<string, string> = {
		MainDir: mainDir,
		ControlIP: LOOPBACK,
		ControlPort: String(port),
		ControlUsername: username,
		ControlPassword: password,
		RestrictedUsername: '',
		RestrictedPassword: '',
		AddUsername: '',
		AddPassword: '',
		SecureControl: 'no',
		FormAuth: 'no',
		UpdateCheck: 'none',
		OutputMode: 'loggable',
		// The sample server (my.newsserver.com) must not be dialled; tests add their own.
		'Server1.Active': 'no',
		...options.config,
	};
	let config = template;
	for (const [key, value] of Object.entries(settings)) config = setOption(config, key, value);
	const configFile = path.join(dataDir, 'nzbget.conf');
	await writeFile(configFile, config, { mode: 0o600 });

	const daemon = Daemon.spawn('nzbget', executable, ['--server', '--configfile', configFile], {
		cwd: dataDir,
		env: { ...process.env, HOME: dataDir },
		secrets: [password],
	});
	const url = `http://${LOOPBACK}:${port}`;
	const probe = async (): Promise<boolean> => {
		const { status, body } = await nzbgetRpc(url, basicAuth(username, password), 'version');
		return status === 200 && typeof body?.result === 'string';
	};
	return readyPeer({ peer: 'NZBGet', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, { url, username, password });
}
