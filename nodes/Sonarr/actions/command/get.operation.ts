import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../../shared/items';
import { getIdParameter } from '../../../shared/parameters';
import type { SonarrSessionProvider } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Command ID',
		name: 'commandId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234',
		description: 'The "ID" a command operation output when it queued the command',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['command'], operation: ['get'] } }, properties);

/** The command's status: queued, started, completed or failed, with Sonarr's message. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], sonarr: SonarrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const commandId = getIdParameter(this, 'commandId', itemIndex);
		return await (await sonarr()).client.getCommand(commandId);
	});
}
