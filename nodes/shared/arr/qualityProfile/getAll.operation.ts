import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../descriptions';
import { mapItems, upTo } from '../../items';
import { getLimitParameter } from '../../parameters';
import type { ArrLibrarySessionProvider } from '../session';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['qualityProfile'], operation: ['getAll'] } }, properties);

/** One item per quality profile, with its qualities and cutoff, as the app returns it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrLibrarySessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => upTo(await (await app()).client.listQualityProfiles(), getLimitParameter(this, itemIndex)));
}
