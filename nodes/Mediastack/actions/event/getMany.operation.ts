import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_EVENT_LIMIT } from '../../../../clients/mediastack/client';
import { mapItems } from '../../../shared/items';
import { getOptionalDateParameter } from '../../../shared/parameters';
import type { MediastackSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_EVENT_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				description: 'Only events from this moment on',
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				placeholder: 'main',
				description: 'Only events about this subject: a session label, a service name',
			},
			{
				displayName: 'Types',
				name: 'types',
				type: 'string',
				default: '',
				placeholder: 'prowlarr_auto_update, mam_session_expiry',
				description:
					'Only these event types, separated by commas: prowlarr_test, prowlarr_find_indexer, prowlarr_auto_update, prowlarr_manual_update, mam_keepalive, mam_session_expiry, mam_session_invalid',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['event'], operation: ['getMany'] } }, properties);

/** One item per event of the runner's log, newest first. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		// The runner keeps no pages: everything it will return comes in one answer of at most 1000.
		const limit = returnAll ? MAX_EVENT_LIMIT : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { subject?: string; types?: string };
		const since = getOptionalDateParameter(this, 'filters.since', itemIndex);
		const types = String(filters.types ?? '')
			.split(',')
			.map((type) => type.trim())
			.filter(Boolean);
		return await (await runner()).client.listEvents({ subject: filters.subject?.trim() || undefined, type: types, since, limit });
	});
}
