import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Daemon, fetchWithTimeout, freePort, LOOPBACK, makeDataDir, randomSecret, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

export interface SabnzbdPeer extends RunningPeer {
	/** Base URL; the API lives at `<url>/api`. */
	url: string;
	apiKey: string;
	/** The restricted key that may only add NZBs. */
	nzbKey: string;
}

export interface SabnzbdStartOptions extends StartOptions {
	/** Extra `[misc]` settings, applied after the defaults below. */
	misc?: Record<string, string>;
}

/** `<url>/api?mode=...&output=json[&apikey=...]` with extra query parameters. */
export function sabnzbdApiUrl(url: string, mode: string, apiKey?: string, extra: Record<string, string> = {}): string {
	const query = new URLSearchParams({ mode, output: 'json', ...extra });
	if (apiKey !== undefined) query.set('apikey', apiKey);
	return `${url}/api?${query.toString()}`;
}

/** sabnzbdplus on a free 127.0.0.1 port, no browser, no update check, console logging only. */
export async function startSabnzbd(options: SabnzbdStartOptions = {}): Promise<SabnzbdPeer> {
	const executable = requireExecutable('sabnzbdplus');
	const dataDir = await makeDataDir('sabnzbd');
	const port = await freePort();
	const apiKey = randomSecret();
	const nzbKey = randomSecret();
	const dirs = { download_dir: 'incomplete', complete_dir: 'complete', admin_dir: 'admin', log_dir: 'logs', nzb_backup_dir: 'nzb-backup' };
	for (const dir of Object.values(dirs)) await mkdir(path.join(dataDir, dir));
	const misc: Record<string, string> = {
		host: LOOPBACK,
		port: String(port),
		api_key: apiKey,
		nzb_key: nzbKey,
		check_new_rel: '0',
		auto_browser: '0',
		enable_https: '0',
		ipv6_hosting: '0',
		language: 'en',
		...Object.fromEntries(Object.entries(dirs).map(([key, dir]) => [key, path.join(dataDir, dir)])),
		...options.misc,
	};
	// CONFIG_VERSION 19 is what SABnzbd 3.7 writes; an older number would trigger a migration.
	const ini = ['__version__ = 19', '__encoding__ = utf-8', '[misc]', ...Object.entries(misc).map(([key, value]) => `${key} = ${value}`), ''].join('\n');
	const configFile = path.join(dataDir, 'sabnzbd.ini');
	await writeFile(configFile, ini, { mode: 0o600 });

	const daemon = Daemon.spawn(
		'sabnzbdplus',
		executable,
		['--config-file', configFile, '--server', `${LOOPBACK}:${port}`, '--browser', '0', '--disable-file-log', '--console', '--new'],
		{ cwd: dataDir, env: { ...process.env, HOME: dataDir }, secrets: [apiKey, nzbKey] },
	);
	const url = `http://${LOOPBACK}:${port}`;
	const probe = async (): Promise<boolean> => {
		const response = await fetchWithTimeout(sabnzbdApiUrl(url, 'queue', apiKey));
		if (response.status !== 200) return false;
		const body = (await response.json().catch(() => undefined)) as { queue?: unknown } | undefined;
		return body?.queue !== undefined;
	};
	return readyPeer({ peer: 'SABnzbd', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs }, { url, apiKey, nzbKey });
}
