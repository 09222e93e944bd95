import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from '../../shared/errors';
import { prowlarr } from '../transport';

async function withClient<T>(context: ILoadOptionsFunctions, work: (client: Awaited<ReturnType<typeof prowlarr.openSession>>['client']) => Promise<T>): Promise<T> {
	try {
		return await work((await prowlarr.openSession(context)).client);
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
}

/** The apps Prowlarr feeds, by name. */
export async function getApplications(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withClient(this, async (client) =>
		(await client.listApplications())
			.map((application) => ({ name: `${application.name ?? '?'} (${application.implementation})`, value: application.id ?? 0 }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	);
}

/** The kinds of app this Prowlarr can feed, from its own templates. */
export async function getApplicationKinds(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withClient(this, async (client) =>
		(await client.getApplicationSchema())
			.map((template) => ({ name: template.implementationName ?? template.implementation, value: template.implementation }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	);
}
