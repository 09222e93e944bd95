import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	system: 'getStatus' | 'getHealth';
	indexer: 'getAll' | 'get' | 'findMyAnonamouse' | 'updateField' | 'test' | 'getStatuses' | 'getStats';
	search: 'search';
};

/** Every resource/operation pair the node offers; the router accepts nothing else. */
export type ProwlarrType = AllEntities<NodeMap>;
