import { createRouter } from '../../shared/router';
import { createMediastackSession } from '../transport';
import * as event from './event/Event.resource';
import * as prowlarr from './prowlarr/Prowlarr.resource';
import * as rotation from './rotation/Rotation.resource';
import * as session from './session/Session.resource';
import * as system from './system/System.resource';

export const router = createRouter({
	resources: {
		event: event.operations,
		prowlarr: prowlarr.operations,
		rotation: rotation.operations,
		session: session.operations,
		system: system.operations,
	},
	openSession: createMediastackSession,
});
