import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields the Sonarr and Radarr nodes share word for word, as literal objects so n8n's lint reads
 * them (like ../descriptions.ts). An operation lists them among its properties; its
 * `updateDisplayOptions` scopes them.
 */

/** Look Up's Return All: only a term finds several titles. */
export const lookupReturnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
	displayOptions: { show: { lookupBy: ['term'] } },
};

export const lookupLimitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { lookupBy: ['term'], returnAll: [false] } },
};

/** The calendar's range; the apps default it to today and two days on. */
export const calendarStartProperty: INodeProperties = {
	displayName: 'Start Date',
	name: 'start',
	type: 'dateTime',
	default: '',
	description: 'Start of the range; empty for today',
};

export const calendarEndProperty: INodeProperties = {
	displayName: 'End Date',
	name: 'end',
	type: 'dateTime',
	default: '',
	description: 'End of the range; empty for two days after the start',
};

/** History's filter by download, a collection option. */
export const downloadIdFilter: INodeProperties = {
	displayName: 'Download ID',
	name: 'downloadId',
	type: 'string',
	default: '',
	description: 'Only the records of one download, by the download client\'s ID (a torrent\'s hash, a usenet job\'s ID) as the queue lists it',
};
