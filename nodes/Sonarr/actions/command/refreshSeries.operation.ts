import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { SonarrSessionProvider } from '../../transport';
import { getOptionalIdParameter } from '../../../shared/pickers';
import { optionalSeriesIdProperty } from '../common';

const properties: INodeProperties[] = [optionalSeriesIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['refreshSeries'] } }, properties);

/** Refreshes metadata from TheTVDB and rescans the files, of one series or of all; outputs the queued command. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const seriesId = getOptionalIdParameter(this, 'seriesId', itemIndex);
		return await (await sonarr()).client.refreshSeries(seriesId);
	});
}
