import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	session: 'keepalive' | 'rotate' | 'check';
	user: 'getStats';
};

/** Every resource/operation pair the node offers; the router accepts nothing else. */
export type MyAnonamouseType = AllEntities<NodeMap>;
