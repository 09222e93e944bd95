import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { upTo } from '../common';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['rootFolder'], operation: ['getAll'] } }, properties);

/** One item per root folder with its free space in bytes (`freeSpace`) and the folders Sonarr has not imported. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		return upTo(await (await sonarr()).client.listRootFolders(), limit);
	});
}
