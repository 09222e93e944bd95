import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapItems } from '../../items';
import { getIdParameter } from '../../parameters';
import type { ArrSessionProvider } from '../session';

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

/** The command's status: queued, started, completed or failed, with the app's message. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], app: ArrSessionProvider): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (itemIndex) => {
		const commandId = getIdParameter(this, 'commandId', itemIndex, 'Command ID');
		return await (await app()).client.getCommand(commandId);
	});
}
