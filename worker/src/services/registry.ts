import type { ServiceDefinition } from './definition';
import { prowlarrService } from './prowlarr';
import { radarrService } from './radarr';
import { sonarrService } from './sonarr';

/**
 * Every service type the runner can talk to. The config's `services` union, the known types,
 * display names, clients, health probes and the service activities all derive from this table.
 */
export const SERVICE_REGISTRY = {
	prowlarr: prowlarrService,
	sonarr: sonarrService,
	radarr: radarrService,
} as const;

type Registry = typeof SERVICE_REGISTRY;

export type ServiceType = keyof Registry;

/** The validated config entry of one service type. */
export type ServiceConfigOf<T extends ServiceType> = Parameters<Registry[T]['createClient']>[0];

/** The client one service type's definition builds. */
export type ClientOf<T extends ServiceType> = ReturnType<Registry[T]['createClient']>;

/** One member per service type. */
export type ServiceConfig = { [T in ServiceType]: ServiceConfigOf<T> }[ServiceType];

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** The activities every service definition contributes, merged into one object type. */
export type ServiceActivities = UnionToIntersection<
	{ [T in ServiceType]: Registry[T] extends { activities?: (...args: never[]) => infer A } ? A : object }[ServiceType]
>;

export const KNOWN_SERVICE_TYPES = Object.keys(SERVICE_REGISTRY) as ServiceType[];

export function isServiceType(type: string): type is ServiceType {
	return Object.prototype.hasOwnProperty.call(SERVICE_REGISTRY, type);
}

/** The definition of a known type, typed loosely for code that handles every type alike. */
export function definitionOf(type: ServiceType): ServiceDefinition<string, ServiceConfig, unknown, object> {
	return SERVICE_REGISTRY[type] as unknown as ServiceDefinition<string, ServiceConfig, unknown, object>;
}

export function displayName(type: ServiceType): string {
	return SERVICE_REGISTRY[type].info.name;
}
