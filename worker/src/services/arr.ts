import { z } from 'zod';
import type { ArrClient } from '../../../clients/arr/client';
import type { ServiceInfo } from '../../../clients/core/errors';
import type { JsonClientOptions } from '../../../clients/core/json-client';
import { httpUrl, integer, secret, strict } from '../config/fields';
import type { HealthIssueLevel } from '../workflows/types';
import type { HealthReport, ServiceActivityDependencies, ServiceDefinition, TransportFactory } from './definition';

/** What every *arr entry in the config holds. */
export interface ArrServiceConfig<Type extends string> {
	type: Type;
	url: string;
	api_key: string;
	timeout_ms: number;
}

export const ARR_DEFAULT_TIMEOUT_MS = 15_000;

/** `services.<name>` of an *arr app: url, api_key (or api_key_file), timeout_ms. */
export function arrConfigSchema<Type extends string>(type: Type, info: ServiceInfo): () => z.ZodType<ArrServiceConfig<Type>, unknown> {
	return () =>
		strict({
			type: z.literal(type),
			url: httpUrl(info.name, info.exampleUrl ?? 'http://host:port'),
			api_key: secret(`copy the API key from ${info.name} → Settings → General → Security (or point api_key_file at a file holding it)`),
			timeout_ms: integer(100, 600_000).default(ARR_DEFAULT_TIMEOUT_MS),
		}) as unknown as z.ZodType<ArrServiceConfig<Type>, unknown>;
}

/** The example block of an *arr app for `config init`. */
export function arrExample(name: string, info: ServiceInfo): string[] {
	const variable = `${name.toUpperCase()}_API_KEY`;
	return [`${name}:`, `  url: ${info.exampleUrl ?? 'http://host:port'}`, `  api_key: \${${variable}}`, `  # or: api_key_file: /run/secrets/${name}_api_key`, `  timeout_ms: ${ARR_DEFAULT_TIMEOUT_MS}`];
}

/** The runner's transport for an *arr app: the API key in X-Api-Key on every request. */
export function arrTransport(config: ArrServiceConfig<string>, transport: TransportFactory) {
	return transport({ timeoutMs: config.timeout_ms, headers: { 'X-Api-Key': config.api_key, accept: 'application/json' } });
}

/** Status first (it proves the address is this app), then the app's own health checks; only "error" makes it unhealthy. */
export async function arrHealth(client: ArrClient): Promise<HealthReport> {
	const status = await client.getVerifiedStatus();
	const checks = await client.getHealth();
	const issues = checks.map((check) => ({ level: normalizeLevel(check.type), source: check.source, message: check.message ?? '' }));
	return { ok: !issues.some((issue) => issue.level === 'error'), version: status.version, issues };
}

function normalizeLevel(level: string | undefined): HealthIssueLevel {
	return level === 'ok' || level === 'notice' || level === 'warning' || level === 'error' ? level : 'warning';
}

/**
 * The whole registry entry of an *arr app: its config keys (url, api_key, timeout_ms), a client
 * with the key in X-Api-Key, the status-and-health probe, the `config init` example.
 */
export function arrService<Type extends string, Client extends ArrClient, Activities extends object = object>(options: {
	type: Type;
	info: ServiceInfo;
	client: (options: JsonClientOptions) => Client;
	activities?: (dependencies: ServiceActivityDependencies) => Activities;
}): ServiceDefinition<Type, ArrServiceConfig<Type>, Client, Activities> {
	return {
		type: options.type,
		info: options.info,
		configSchema: arrConfigSchema(options.type, options.info),
		example: arrExample(options.type, options.info),
		secrets: (config) => [config.api_key],
		createClient: (config, transport) => options.client({ baseUrl: config.url, transport: arrTransport(config, transport) }),
		checkHealth: arrHealth,
		activities: options.activities,
	};
}
