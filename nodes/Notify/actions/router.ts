import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { selectOperation } from '../../shared/router';
import * as apprise from './apprise/Apprise.resource';
import type { NotifyType } from './node.type';
import * as webhook from './webhook/Webhook.resource';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
};

type OperationsOf<R extends NotifyType['resource']> = Extract<NotifyType, { resource: R }>['operation'];

/** Written out so the compiler checks that every pair in node.type.ts has an implementation. */
const operations: { [R in NotifyType['resource']]: Record<OperationsOf<R>, Operation> } = {
	webhook: { send: webhook.send },
	apprise: { send: apprise.send },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const handler = selectOperation(this, operations);
	// Each item builds its own notifier: headers and targets may differ per item. The output
	// holds only the message as sent, which the formatters keep free of secrets.
	return [await handler.execute.call(this, items)];
}
