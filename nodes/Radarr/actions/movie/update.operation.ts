import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { RadarrMovie } from '../../../../clients/radarr/types';
import { mapItems } from '../../../shared/items';
import { getIdListParameter, getIdParameter } from '../../../shared/parameters';
import { getOptionalIdParameter, getOptionalStringParameter } from '../../../shared/pickers';
import type { RadarrSessionProvider } from '../../transport';
import { minimumAvailabilityProperty, movieIdProperty } from '../common';

const properties: INodeProperties[] = [
	movieIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			minimumAvailabilityProperty,
			{
				displayName: 'Monitored',
				name: 'monitored',
				type: 'boolean',
				default: true,
				description: 'Whether Radarr watches for releases of the movie',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				placeholder: 'e.g. /movies/The Martian (2015)',
				description: 'The movie\'s folder. Turn on Move Files to move what is there now.',
			},
			{
				displayName: 'Quality Profile Name or ID',
				name: 'qualityProfileId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getQualityProfiles' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Tag Names or IDs',
				name: 'tags',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getTags' },
				default: [],
				description:
					'The movie\'s tags, replacing the ones it has. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Move Files',
		name: 'moveFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to move the movie\'s files to the new Path (without it Radarr only changes where it looks)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['movie'], operation: ['update'] } }, properties);

/** Changes only the fields given (Radarr replaces the whole movie on save, so the rest is read first) and outputs the saved movie. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const movieId = getIdParameter(this, 'movieId', itemIndex);
		const given = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const changes: Partial<RadarrMovie> = {};
		if (given.monitored !== undefined) changes.monitored = given.monitored === true;
		if (given.minimumAvailability !== undefined) changes.minimumAvailability = given.minimumAvailability as RadarrMovie['minimumAvailability'];
		if (given.qualityProfileId !== undefined) changes.qualityProfileId = getOptionalIdParameter(this, 'updateFields.qualityProfileId', itemIndex);
		if (given.path !== undefined) changes.path = getOptionalStringParameter(this, 'updateFields.path', itemIndex);
		if (given.tags !== undefined) changes.tags = getIdListParameter(this, 'updateFields.tags', itemIndex) ?? [];
		// An empty choice (no profile picked, a blank path) changes nothing rather than blanking the field.
		for (const key of Object.keys(changes) as Array<keyof RadarrMovie>) if (changes[key] === undefined) delete changes[key];
		if (Object.keys(changes).length === 0) {
			throw new NodeOperationError(this.getNode(), 'No field to update was given', {
				itemIndex,
				description: 'Add at least one field under Update Fields (e.g. Monitored or Quality Profile).',
			});
		}
		const moveFiles = this.getNodeParameter('moveFiles', itemIndex, false) as boolean;
		return await (await radarr()).client.updateMovie(movieId, changes, { moveFiles });
	});
}
