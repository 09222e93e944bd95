import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';
import { applicationIdProperty } from './common';

const properties: INodeProperties[] = [applicationIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['test'] } }, properties);

/** Prowlarr calls the app with its saved key; a failing app is `ok: false` with Prowlarr's reasons, not an error. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const applicationId = getIdParameter(this, 'applicationId', itemIndex, 'Application ID');
		const result = await (await prowlarr()).client.testApplication(applicationId);
		return { applicationId, ok: result.ok, errors: result.errors };
	});
}
