import { ConfigError } from '../../../clients/core/errors';
import type { HttpTransport } from '../../../clients/core/http';
import type { ProwlarrClient } from '../../../clients/prowlarr/client';
import type { MediastackConfig } from '../config';
import { createAxiosTransport } from '../http/transport';
import type { HealthReport } from './definition';
import { ClientOf, ServiceConfig, ServiceConfigOf, ServiceType, definitionOf, displayName, isServiceType } from './registry';

export * from './registry';
export type { HealthReport, ServiceDefinition } from './definition';

export interface Services {
	/** The client for `services.<name>` of that type; without a name, the only one of that type configured. */
	client<T extends ServiceType>(type: T, name?: string): ClientOf<T>;
	/** The Prowlarr client for `services.<name>` (the MAM rotation's target). */
	prowlarr(name?: string): ProwlarrClient;
	/** Names of the configured services of one type (all types when omitted), in config order. */
	names(type?: ServiceType): string[];
	/** The config entry of one service (for URLs in messages); undefined when there is none. */
	config(name: string): ServiceConfig | undefined;
	/** The service's health, through its type's probe. Throws the client's typed errors. */
	checkHealth(name: string): Promise<HealthReport & { type: ServiceType }>;
	/** Closes the keep-alive connections. */
	close(): void;
}

/** Builds clients from the config on first use and reuses them (one connection pool per service). */
export function createServices(config: MediastackConfig): Services {
	const transports: Array<HttpTransport & { close(): void }> = [];
	const clients = new Map<string, unknown>();

	function names(type?: ServiceType): string[] {
		return Object.entries(config.services)
			.filter(([, service]) => type === undefined || service.type === type)
			.map(([name]) => name);
	}

	function pick<T extends ServiceType>(type: T, name?: string): [string, ServiceConfigOf<T>] {
		const display = displayName(type);
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

	function client<T extends ServiceType>(type: T, name?: string): ClientOf<T> {
		const [serviceName, entry] = pick(type, name);
		let existing = clients.get(serviceName);
		if (existing === undefined) {
			const definition = definitionOf(type);
			existing = definition.createClient(entry, ({ timeoutMs, headers }) => {
				const transport = createAxiosTransport({ service: definition.info, timeoutMs, headers });
				transports.push(transport);
				return transport;
			});
			clients.set(serviceName, existing);
		}
		return existing as ClientOf<T>;
	}

	return {
		client,
		prowlarr: (name) => client('prowlarr', name),
		names,
		config: (name) => config.services[name],
		async checkHealth(name) {
			const entry = config.services[name];
			if (!entry || !isServiceType(entry.type)) {
				throw configError('mediastack', `"${name}" is not a configured service (services.${name}). Fix: check the name against \`mediastack services\`.`);
			}
			const report = await definitionOf(entry.type).checkHealth(client(entry.type, name));
			return { ...report, type: entry.type };
		},
		close() {
			for (const transport of transports.splice(0)) transport.close();
			clients.clear();
		},
	};
}

function configError(service: string, message: string): ConfigError {
	return new ConfigError(message, { service, fix: message.slice(message.indexOf('Fix: ') + 5) });
}
