import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../descriptions';
import { mapItems, upTo } from '../../items';
import { getLimitParameter } from '../../parameters';
import type { ArrLibrarySessionProvider } from '../session';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['rootFolder'], operation: ['getAll'] } }, properties);

/** One item per root folder, with its free space in bytes (`freeSpace`) and the folders the app has not imported. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrLibrarySessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => upTo(await (await app()).client.listRootFolders(), getLimitParameter(this, itemIndex)));
}
