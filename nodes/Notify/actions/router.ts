import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	const resource = this.getNodeParameter('resource', 0) as NotifyType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const byOperation: Record<string, Operation> | undefined = Object.prototype.hasOwnProperty.call(operations, resource) ? operations[resource] : undefined;
	const handler = byOperation && Object.prototype.hasOwnProperty.call(byOperation, operation) ? byOperation[operation] : undefined;
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	// Each item builds its own notifier: headers and targets may differ per item. The output
	// holds only the message as sent, which the formatters keep free of secrets.
	return [await handler.execute.call(this, items)];
}
