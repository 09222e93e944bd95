import { byName, optionsLoader } from '../../shared/load-options';
import { prowlarr } from '../transport';

/** The apps Prowlarr feeds, by name. */
export const getApplications = optionsLoader(prowlarr.openSession, async ({ client }) =>
	byName((await client.listApplications()).map((application) => ({ name: `${application.name ?? '?'} (${application.implementation})`, value: application.id ?? 0 }))),
);

/** The kinds of app this Prowlarr can feed, from its own templates. */
export const getApplicationKinds = optionsLoader(prowlarr.openSession, async ({ client }) =>
	byName((await client.getApplicationSchema()).map((template) => ({ name: template.implementationName ?? template.implementation, value: template.implementation }))),
);
