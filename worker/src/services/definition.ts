import type { z } from 'zod';
import type { ServiceInfo } from '../../../clients/core/errors';
import type { HttpTransport } from '../../../clients/core/http';
import type { HealthIssue } from '../workflows/types';

/** What a service's health probe found; the registry adds the service's name and type. */
export interface HealthReport {
	/** Reachable, really this service, and no health check of level "error". */
	ok: boolean;
	version?: string;
	issues: HealthIssue[];
}

/** Builds the runner's transport (keep-alive pool, deadline) for one configured service. */
export type TransportFactory = (options: { timeoutMs: number; headers?: Record<string, string> }) => HttpTransport;

/**
 * Everything the runner knows about one service type, in one place: adding a service means
 * adding its definition to registry.ts, and its own files (client, config keys, activities).
 * The config union, the known types, display names, `services.client(type, name)`, the health
 * probe behind the `serviceCheckHealth` activity and the `config init` example derive from it.
 */
export interface ServiceDefinition<Type extends string, Config extends { type: Type }, Client, Activities extends object = object> {
	type: Type;
	/** The client's service info: display name and the fixes its errors suggest. */
	info: ServiceInfo;
	/** The zod schema of a `services.<name>` entry of this type (with `type: <Type>`). */
	configSchema: () => z.ZodType<Config, unknown>;
	/** Lines of the commented example `mediastack config init` writes (under `services:`). */
	example: string[];
	/** The entry's secret values, registered with the scrubber so no log or event shows them. */
	secrets: (config: NoInfer<Config>) => Array<string | undefined>;
	createClient: (config: NoInfer<Config>, transport: TransportFactory) => Client;
	/** Status (proving it is this service), then its own health checks. */
	checkHealth: (client: Client) => Promise<HealthReport>;
	/** The service's own activities (service-prefixed, verb-first), given the runner's clients. */
	activities?: (dependencies: ServiceActivityDependencies) => Activities;
}

/** What service activities get: clients by name, and the secrets to keep out of failures. */
export interface ServiceActivityDependencies {
	client: <C>(type: string, name: string) => C;
	/** Runs an activity body and maps what it throws to a Temporal failure (activities/errors.ts). */
	run: <T>(body: () => Promise<T>) => Promise<T>;
}
