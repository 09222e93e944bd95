import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { RadarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Command ID',
		name: 'commandId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 42',
		description: 'The "ID" Run outputs for the command (usually from an expression)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['get'] } }, properties);

/** The command with its `status` and, once it ended, its `result` and `message`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], radarr: RadarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const commandId = getIdParameter(this, 'commandId', itemIndex);
		return await (await radarr()).client.getCommand(commandId);
	});
}
