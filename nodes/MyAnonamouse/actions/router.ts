import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { once } from '../../shared/items';
import { selectOperation } from '../../shared/router';
import type { MyAnonamouseSessionProvider } from '../transport';
import { createMyAnonamouseSession } from '../transport';
import type { MyAnonamouseType } from './node.type';
import * as session from './session/Session.resource';
import * as user from './user/User.resource';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[], mam: MyAnonamouseSessionProvider): Promise<INodeExecutionData[]>;
};

type OperationsOf<R extends MyAnonamouseType['resource']> = Extract<MyAnonamouseType, { resource: R }>['operation'];

/** Written out so the compiler checks that every pair in node.type.ts has an implementation. */
const operations: { [R in MyAnonamouseType['resource']]: Record<OperationsOf<R>, Operation> } = {
	session: { keepalive: session.keepalive, rotate: session.rotate, check: session.check },
	user: { getStats: user.getStats },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const handler = selectOperation(this, operations);
	// One session for all items, so each item sends the cookie the previous one got back.
	const mam = once(async () => await createMyAnonamouseSession(this));
	const output = await handler.execute.call(this, items, mam);
	const rotations = (await mam().catch(() => undefined))?.rotations ?? 0;
	if (rotations > 0 && this.getMode() === 'manual') {
		this.addExecutionHints({
			message:
				'MyAnonamouse handed out a new cookie. n8n keeps static data only for active workflows, not for manual runs: copy the new value from the output into the credential, or this workflow will send the old one next time.',
			location: 'outputPane',
		});
	}
	return [output];
}
