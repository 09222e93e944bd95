import type { RouteModule } from '../context';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { mamRoutes } from './mam';
import { prowlarrRoutes } from './prowlarr';
import { serverTimeRoutes } from './server-time';

/** Every area of the API. A new area: add a file here exporting a RouteModule and list it. */
export const routeModules: RouteModule[] = [healthRoutes, serverTimeRoutes, eventRoutes, prowlarrRoutes, mamRoutes];
