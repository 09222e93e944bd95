import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { once } from '../../shared/items';
import { redactOutput } from '../../shared/redact';
import { selectOperation } from '../../shared/router';
import type { MediastackSessionProvider } from '../transport';
import { createMediastackSession } from '../transport';
import * as event from './event/Event.resource';
import type { MediastackType } from './node.type';
import * as prowlarr from './prowlarr/Prowlarr.resource';
import * as rotation from './rotation/Rotation.resource';
import * as session from './session/Session.resource';
import * as system from './system/System.resource';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[], runner: MediastackSessionProvider): Promise<INodeExecutionData[]>;
};

type OperationsOf<R extends MediastackType['resource']> = Extract<MediastackType, { resource: R }>['operation'];

/** Written out so the compiler checks that every pair in node.type.ts has an implementation. */
const operations: { [R in MediastackType['resource']]: Record<OperationsOf<R>, Operation> } = {
	rotation: { start: rotation.start },
	prowlarr: { test: prowlarr.test },
	session: { testExpiryNotification: session.testExpiryNotification },
	event: { getMany: event.getMany },
	system: { getHealth: system.getHealth, getServerTime: system.getServerTime },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const handler = selectOperation(this, operations);
	// One client for all items; built lazily so a broken credential fails item by item.
	const runner = once(async () => await createMediastackSession(this));
	const output = await handler.execute.call(this, items, runner);
	return [await redactOutput(output, runner)];
}
