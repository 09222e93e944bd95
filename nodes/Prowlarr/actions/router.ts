import { createRouter } from '../../shared/router';
import { createProwlarrSession } from '../transport';
import * as application from './application/Application.resource';
import * as indexer from './indexer/Indexer.resource';
import * as search from './search/Search.resource';
import * as system from '../../shared/arr/system/System.resource';

export const router = createRouter({
	resources: { application: application.operations, indexer: indexer.operations, search: search.operations, system: system.operations },
	openSession: createProwlarrSession,
});
