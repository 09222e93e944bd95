import net from 'node:net';
import { ConfigError } from '../../clients/core/errors';
import { SettingRef, configSetting, settingRef } from './config/overrides';

/**
 * Listen checks for everything the runner serves (the API, the embedded Temporal server and its
 * Web UI). Run before anything heavy starts, they turn a busy port or an address this machine
 * does not have into one message naming the setting and the fix, within milliseconds.
 */
export interface ListenSettings {
	host: SettingRef;
	port: SettingRef;
}

/** api.host and api.port; pass the port's SettingRef when a flag or variable may have set it. */
export function apiListenSettings(port: SettingRef = settingRef([], 'api.port')): ListenSettings {
	return { host: configSetting('api.host'), port };
}

export type ListenProbe = { ok: true; port: number } | { ok: false; code: string; message: string };

/** Binds host:port (0 = any free port) exclusively and lets go at once. */
export function probeListen(host: string, port: number): Promise<ListenProbe> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? 'UNKNOWN', message: error.message }));
		server.listen({ host, port, exclusive: true }, () => {
			const chosen = (server.address() as net.AddressInfo).port;
			server.close(() => resolve({ ok: true, port: chosen }));
		});
	});
}

/**
 * `what` names the listener ("The API", "The embedded Temporal server's Web UI"). With port 0
 * only the address is checked.
 */
export async function assertCanListen(what: string, host: string, port: number, settings: ListenSettings, service = 'mediastack runner'): Promise<void> {
	const probe = await probeListen(host, port);
	if (!probe.ok) throw listenFailure(what, host, port, probe, settings, service);
}

/** The message for a failed bind, by its error code. */
export function listenFailure(what: string, host: string, port: number, failure: { code?: string; message?: string }, settings: ListenSettings, service = 'mediastack runner'): ConfigError {
	const bracketed = host.includes(':') ? `[${host}]` : host;
	const where = port === 0 ? bracketed : `${bracketed}:${port}`;
	let reason: string;
	let fix: string;
	switch (failure.code) {
		case 'EADDRINUSE':
			reason = `port ${port} (${settings.port.label}) is already in use by another program (or another runner)`;
			fix = `stop that program, or use another port: ${settings.port.change('PORT')} (0 picks a free one)`;
			break;
		case 'EADDRNOTAVAIL':
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			reason = `this machine has no address ${host} (${settings.host.label})`;
			fix = `${settings.host.change('127.0.0.1')}, or use 0.0.0.0 or one of this machine's addresses`;
			break;
		case 'EACCES':
		case 'EPERM':
			reason = `port ${port} (${settings.port.label}) needs privileges (ports below 1024 do)`;
			fix = `use a port of 1024 or above: ${settings.port.change('PORT')}`;
			break;
		default:
			reason = `${failure.code ?? 'error'}: ${failure.message ?? 'unknown error'}`;
			fix = `check ${settings.host.label} and ${settings.port.label}`;
	}
	return new ConfigError(`${what} cannot listen on ${where}: ${reason}. Fix: ${fix}.`, { service, fix });
}
