import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	webhook: 'send';
	apprise: 'send';
};

/** Every resource/operation pair the node offers; the router accepts nothing else. */
export type NotifyType = AllEntities<NodeMap>;
