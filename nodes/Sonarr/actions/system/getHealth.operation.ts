import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import type { SonarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['system'], operation: ['getHealth'] } }, properties);

/** One item per health check Sonarr reports; none when everything is fine. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async () => await (await sonarr()).client.getHealth());
}
