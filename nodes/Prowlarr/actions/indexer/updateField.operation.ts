import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { MAM_ID_FIELD } from '../../../../clients/prowlarr/client';
import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { ProwlarrSessionProvider } from '../../transport';
import { indexerIdProperties } from './common';

const properties: INodeProperties[] = [
	...indexerIdProperties,
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		required: true,
		default: MAM_ID_FIELD,
		description: 'Name of the indexer setting, as in the indexer\'s "fields" list (MyAnonamouse keeps its cookie in "mamId")',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description: 'The new value of the setting',
	},
	{
		displayName: 'Force Save',
		name: 'forceSave',
		type: 'boolean',
		default: false,
		description: 'Whether to save without Prowlarr validating and testing the indexer first. Leave off to find out at once whether the new value works.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['indexer'], operation: ['updateField'] } }, properties);

/** Changes one setting and outputs the indexer as Prowlarr saved it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const indexerId = getIdParameter(this, 'indexerId', itemIndex, 'Indexer ID');
		const fieldName = String(this.getNodeParameter('fieldName', itemIndex)).trim();
		if (!fieldName) throw new NodeOperationError(this.getNode(), 'Field Name is empty', { itemIndex });
		const value = String(this.getNodeParameter('value', itemIndex, ''));
		const forceSave = this.getNodeParameter('forceSave', itemIndex, false) as boolean;
		return await (await prowlarr()).client.updateIndexerField(indexerId, fieldName, value, { forceSave });
	});
}
