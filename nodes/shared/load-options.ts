import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from './errors';

/**
 * A `loadOptions` method backed by the node's own session: the same client, credential and
 * error sentences as the operations, so a wrong key shows the same fix in the dropdown as at
 * run time.
 */
export function optionsLoader<Session>(
	openSession: (context: ILoadOptionsFunctions) => Promise<Session>,
	list: (this: ILoadOptionsFunctions, session: Session) => Promise<INodePropertyOptions[]>,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			return await list.call(this, await openSession(this));
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
	};
}

/** Choices in the order the editor should list them: by name. */
export function byName(choices: INodePropertyOptions[]): INodePropertyOptions[] {
	return [...choices].sort((a, b) => a.name.localeCompare(b.name));
}
