import { ConfigError } from '../../../clients/core/errors';
import { ParsedProxy, ProxyOwner, describeProxy, isParsedProxy, parseProxy } from '../../../clients/core/proxy';
import { MYANONAMOUSE, MyAnonamouseClient } from '../../../clients/myanonamouse/client';
import { DEFAULTS, MediastackConfig, MamSessionConfig } from '../config/schema';
import { createProxyAgents } from '../http/proxy';
import { createAxiosTransport } from '../http/transport';

/**
 * The MyAnonamouse client of each session. MAM registers the address a call comes from, so a
 * session with a `proxy` sends every call (keepalive, user stats, the session check) through
 * it, and a session without one goes direct. Sessions that name the same proxy share one
 * transport, and so one connection pool.
 */
export interface MamClients {
	/** The client for the session's calls; throws a ConfigError for an unknown label. */
	forSession(label: string): MyAnonamouseClient;
	/** The session's proxy as messages show it (no password); undefined when it goes direct. */
	proxyOf(label: string): string | undefined;
	/** Closes every connection pool. */
	close(): void;
}

export function createMamClients(config: MediastackConfig): MamClients {
	const mam = config.mam;
	const sessions = mam?.sessions ?? [];
	const timeoutMs = mam?.timeout_ms ?? DEFAULTS.mam.timeout_ms;
	const urls = { seedboxBaseUrl: mam?.seedbox_url, siteBaseUrl: mam?.site_url };
	const closers: Array<() => void> = [];
	let direct: MyAnonamouseClient | undefined;
	const byProxy = new Map<string, { proxy: ParsedProxy; users: Array<{ session: MamSessionConfig; index: number }>; client?: MyAnonamouseClient }>();
	const routeOf = new Map<string, string | undefined>();

	sessions.forEach((session, index) => {
		if (!session.proxy) {
			routeOf.set(session.label, undefined);
			return;
		}
		const parsed = parseProxy(session.proxy);
		// The config was validated; a failure here means it was built by hand.
		if (!isParsedProxy(parsed)) throw new ConfigError(`mam.sessions[${index}].proxy.url ${parsed.problem}`, { service: MYANONAMOUSE.name });
		// The key holds the password: it stays in this map and is never printed.
		const key = JSON.stringify([parsed.address, parsed.username ?? null, parsed.password ?? null]);
		const group = byProxy.get(key) ?? { proxy: parsed, users: [] };
		group.users.push({ session, index });
		byProxy.set(key, group);
		routeOf.set(session.label, key);
	});

	return {
		forSession(label) {
			if (!routeOf.has(label)) {
				throw new ConfigError(`There is no MAM session labelled "${label}" (configured: ${sessions.map((session) => session.label).join(', ') || 'none'}). Fix: add it under mam.sessions in the config.`, {
					service: MYANONAMOUSE.name,
					fix: 'add the session under mam.sessions.',
				});
			}
			const key = routeOf.get(label);
			if (key === undefined) {
				if (!direct) {
					const transport = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs });
					closers.push(() => transport.close());
					direct = new MyAnonamouseClient({ transport, ...urls });
				}
				return direct;
			}
			const group = byProxy.get(key)!;
			if (!group.client) {
				const transport = createAxiosTransport({
					service: MYANONAMOUSE,
					timeoutMs,
					proxy: { proxy: group.proxy, owner: ownerOf(group.users), agents: createProxyAgents(group.proxy) },
				});
				closers.push(() => transport.close());
				group.client = new MyAnonamouseClient({ transport, ...urls });
			}
			return group.client;
		},
		proxyOf(label) {
			const key = routeOf.get(label);
			return key === undefined ? undefined : describeProxy(byProxy.get(key)!.proxy);
		},
		close() {
			for (const close of closers.splice(0)) close();
			direct = undefined;
			for (const group of byProxy.values()) group.client = undefined;
		},
	};
}

/** Who a shared proxy belongs to, for its errors: every session that uses it and where each sets it. */
function ownerOf(users: Array<{ session: MamSessionConfig; index: number }>): ProxyOwner {
	const labels = users.map(({ session }) => `"${session.label}"`).join(', ');
	const keys = users.map(({ index }) => `mam.sessions[${index}].proxy`);
	const where = keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
	return {
		subject: users.length === 1 ? `MAM session ${labels}` : `MAM sessions ${labels}`,
		addressSetting: `${where} (url)`,
		credentialSetting: `${where} (username, and password or password_file)`,
	};
}
