import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';
import { seriesIdProperty } from '../common';

const properties: INodeProperties[] = [seriesIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['series'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getIdParameter(this, 'seriesId', itemIndex);
		return await (await sonarr()).client.getSeries(seriesId);
	});
}
