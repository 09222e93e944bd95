import { ConfigError } from '../../clients/core/errors';
import { HttpTransport } from '../../clients/core/http';
import { PROWLARR, ProwlarrClient } from '../../clients/prowlarr/client';
import type { MediastackConfig, ProwlarrServiceConfig, ServiceConfig, ServiceType } from './config';
import { createAxiosTransport } from './http/transport';

export interface Services {
	/** The Prowlarr client for `services.<name>`; without a name, the only Prowlarr configured. */
	prowlarr(name?: string): ProwlarrClient;
	/** Names of the configured services of one type, in config order. */
	names(type: ServiceType): string[];
	/** The config entry of one service (for URLs in messages); undefined when there is none. */
	config(name: string): ServiceConfig | undefined;
	/** Closes the keep-alive connections. */
	close(): void;
}

type ServiceConfigOf<T extends ServiceType> = Extract<ServiceConfig, { type: T }>;

const DISPLAY_NAMES: Record<ServiceType, string> = { prowlarr: 'Prowlarr' };

/** Builds clients from the config on first use and reuses them (one connection pool per service). */
export function createServices(config: MediastackConfig): Services {
	const transports: Array<HttpTransport & { close(): void }> = [];
	const prowlarrClients = new Map<string, ProwlarrClient>();

	function names(type: ServiceType): string[] {
		return Object.entries(config.services)
			.filter(([, service]) => service.type === type)
			.map(([name]) => name);
	}

	function pick<T extends ServiceType>(type: T, name?: string): [string, ServiceConfigOf<T>] {
		const display = DISPLAY_NAMES[type];
		if (name !== undefined) {
			const entry = config.services[name];
			if (!entry) {
				const known = names(type);
				const hint = known.length ? `the configured ${display} services are: ${known.map((n) => `services.${n}`).join(', ')}` : `add a services.${name} entry with type: ${type}`;
				throw configError(display, `There is no service named "${name}" (services.${name} is not in the config). Fix: ${hint}.`);
			}
			if (entry.type !== type) {
				throw configError(display, `services.${name} is a ${entry.type} service, not ${display}. Fix: name a ${display} service (${names(type).map((n) => `services.${n}`).join(', ') || 'none configured'}).`);
			}
			return [name, entry as ServiceConfigOf<T>];
		}
		const candidates = names(type);
		if (candidates.length === 0) {
			throw configError(display, `No ${display} service is configured. Fix: add services.${type} with url and api_key to the config file (\`mediastack config init\` writes an example).`);
		}
		if (candidates.length > 1) {
			throw configError(display, `Several ${display} services are configured (${candidates.map((n) => `services.${n}`).join(', ')}). Fix: choose one by name (e.g. --service ${candidates[0]}).`);
		}
		const only = candidates[0];
		return [only, config.services[only] as ServiceConfigOf<T>];
	}

	return {
		prowlarr(name?: string): ProwlarrClient {
			const [serviceName, entry] = pick('prowlarr', name);
			let client = prowlarrClients.get(serviceName);
			if (!client) {
				client = createProwlarrClient(entry);
				prowlarrClients.set(serviceName, client);
			}
			return client;
		},
		names,
		config: (name) => config.services[name],
		close() {
			for (const transport of transports.splice(0)) transport.close();
			prowlarrClients.clear();
		},
	};

	function createProwlarrClient(entry: ProwlarrServiceConfig): ProwlarrClient {
		const transport = createAxiosTransport({ service: PROWLARR, timeoutMs: entry.timeout_ms, headers: { 'X-Api-Key': entry.api_key, accept: 'application/json' } });
		transports.push(transport);
		return new ProwlarrClient({ baseUrl: entry.url, transport });
	}
}

function configError(service: string, message: string): ConfigError {
	return new ConfigError(message, { service, fix: message.slice(message.indexOf('Fix: ') + 5) });
}
