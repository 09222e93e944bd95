import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';
import { movieIdProperty } from '../common';

const properties: INodeProperties[] = [movieIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['get'] } }, properties);

/** The movie as Radarr returns it, with its file when it has one. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const movieId = getIdParameter(this, 'movieId', itemIndex);
		return await (await radarr()).client.getMovie(movieId);
	});
}
