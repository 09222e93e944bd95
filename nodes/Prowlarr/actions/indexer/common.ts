import type { INodeProperties } from 'n8n-workflow';

export const indexerIdProperty: INodeProperties = {
	displayName: 'Indexer ID',
	name: 'indexerId',
	type: 'number',
	typeOptions: { minValue: 1 },
	required: true,
	default: 1,
	description: 'The number Prowlarr gives the indexer; "Get Many" lists it as "ID"',
};
