import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../descriptions';
import { mapItems, upTo } from '../../items';
import { getLimitParameter } from '../../parameters';
import type { ArrSessionProvider } from '../session';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['getAll'] } }, properties);

/** One item per tag: `id` and `label`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => upTo(await (await app()).client.listTags(), getLimitParameter(this, itemIndex)));
}
