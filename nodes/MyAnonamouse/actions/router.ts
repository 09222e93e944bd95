import { createRouter } from '../../shared/router';
import { createMyAnonamouseSession } from '../transport';
import * as session from './session/Session.resource';
import * as user from './user/User.resource';

// One session for all items, so each item sends the cookie the previous one got back.
export const router = createRouter({
	resources: { session: session.operations, user: user.operations },
	openSession: createMyAnonamouseSession,
	finish(context, _output, mam) {
		if ((mam?.rotations ?? 0) > 0 && context.getMode() === 'manual') {
			context.addExecutionHints({
				message:
					'MyAnonamouse handed out a new cookie. n8n keeps static data only for active workflows, not for manual runs: copy the new value from the output into the credential, or this workflow will send the old one next time.',
				location: 'outputPane',
			});
		}
	},
});
