import type { INodeProperties } from 'n8n-workflow';

export const sessionLabelProperty: INodeProperties = {
	displayName: 'Session Label',
	name: 'label',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'main',
	description: 'The MAM session, by the label it has in the runner\'s config',
};
