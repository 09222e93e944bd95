import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { once } from '../../shared/items';
import { redactOutput } from '../../shared/redact';
import { selectOperation } from '../../shared/router';
import type { ProwlarrSessionProvider } from '../transport';
import { createProwlarrSession } from '../transport';
import * as indexer from './indexer/Indexer.resource';
import type { ProwlarrType } from './node.type';
import * as search from './search/Search.resource';
import * as system from './system/System.resource';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[], prowlarr: ProwlarrSessionProvider): Promise<INodeExecutionData[]>;
};

type OperationsOf<R extends ProwlarrType['resource']> = Extract<ProwlarrType, { resource: R }>['operation'];

/** Written out so the compiler checks that every pair in node.type.ts has an implementation. */
const operations: { [R in ProwlarrType['resource']]: Record<OperationsOf<R>, Operation> } = {
	system: { getStatus: system.getStatus, getHealth: system.getHealth },
	indexer: {
		getAll: indexer.getAll,
		get: indexer.get,
		findMyAnonamouse: indexer.findMyAnonamouse,
		updateField: indexer.updateField,
		test: indexer.test,
		getStatuses: indexer.getStatuses,
		getStats: indexer.getStats,
	},
	search: { search: search.search },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const handler = selectOperation(this, operations);
	// One client for all items; built lazily so a broken credential fails item by item.
	const prowlarr = once(async () => await createProwlarrSession(this));
	const output = await handler.execute.call(this, items, prowlarr);
	return [await redactOutput(output, prowlarr)];
}
