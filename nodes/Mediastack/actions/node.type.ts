import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	rotation: 'start';
	prowlarr: 'test';
	session: 'testExpiryNotification';
	event: 'getMany';
	system: 'getHealth' | 'getServerTime';
};

/** Every resource/operation pair the node offers; the router accepts nothing else. */
export type MediastackType = AllEntities<NodeMap>;
