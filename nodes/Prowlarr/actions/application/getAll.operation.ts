import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../../shared/descriptions';
import { mapItems } from '../../../shared/items';
import { getLimitParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [returnAllProperty, limitProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getAll'] } }, properties);

/** One item per app Prowlarr feeds (Settings → Apps), with its settings; Prowlarr masks the apps' keys. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const limit = getLimitParameter(this, itemIndex);
		const applications = await (await prowlarr()).client.listApplications();
		return limit === undefined ? applications : applications.slice(0, limit);
	});
}
