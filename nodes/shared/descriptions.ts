import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields many operations share, as literal objects so n8n's lint reads them. Spread them into
 * an operation's properties; the operation's `updateDisplayOptions` scopes them.
 */

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};
