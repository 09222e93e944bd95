import type { INodeProperties } from 'n8n-workflow';

export const applicationIdProperty: INodeProperties = {
	displayName: 'Application Name or ID',
	name: 'applicationId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getApplications' },
	required: true,
	default: '',
	description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};
