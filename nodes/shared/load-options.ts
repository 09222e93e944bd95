import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from './errors';

/**
 * A `loadOptions` method (the list behind a picker) on the node's own session: the same client,
 * credential and error sentences as the operations, so a wrong key shows the same fix in the
 * dropdown as at run time.
 */
export function optionsLoader<Session>(
	openSession: (context: ILoadOptionsFunctions) => Promise<Session>,
	list: (this: ILoadOptionsFunctions, session: Session) => Promise<INodePropertyOptions[]>,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			return await list.call(this, await openSession(this));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, 0);
			// A picker works on no item: an index would only mislead.
			delete nodeError.context.itemIndex;
			throw nodeError;
		}
	};
}

/** Choices in the order the editor should list them: by name. */
export function byName(choices: INodePropertyOptions[]): INodePropertyOptions[] {
	return [...choices].sort((a, b) => a.name.localeCompare(b.name));
}

/** "2.2 TiB free": free space in binary units, as the *arr apps' own UI shows it; undefined when unknown. */
export function freeSpaceText(bytes: number | null | undefined): string | undefined {
	if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return undefined;
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]} free`;
}
