import type { INodeProperties } from 'n8n-workflow';

/**
 * The indexer an operation acts on. Version 1 defaulted to 1, so a forgotten ID silently acted
 * on indexer 1; from version 2 on there is no default and an empty ID stops the item. Version 1
 * keeps its default: n8n leaves parameters at their default out of a saved workflow, so its
 * saved nodes rely on it.
 */
export const indexerIdProperties: INodeProperties[] = [
	{
		displayName: 'Indexer ID',
		name: 'indexerId',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 1,
		description: 'The number Prowlarr gives the indexer; "Get Many" lists it as "ID"',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Indexer ID',
		name: 'indexerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12',
		description: 'The number Prowlarr gives the indexer: "Get Many" lists it as "ID", and "Find the MAM indexer" outputs it as "ID" too',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	},
];
