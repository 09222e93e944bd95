import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from './errors';

/**
 * A `loadOptions` method (the lists behind an id picker) on the node's own client: the session
 * comes from the same builder as the node's operations, the options are sorted by name, and a
 * failure reads as it does at run time (the client's sentence and fix), not as a bare code.
 */
export function optionsLoader<Session>(
	openSession: (context: ILoadOptionsFunctions) => Promise<Session>,
	list: (session: Session) => Promise<INodePropertyOptions[]>,
) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			const options = await list(await openSession(this));
			return options.sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, 0);
			// A picker works on no item: an index would only mislead.
			delete nodeError.context.itemIndex;
			throw nodeError;
		}
	};
}
