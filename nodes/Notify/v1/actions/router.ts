import { createRouter } from '../../../shared/router';
import * as apprise from './apprise/Apprise.resource';
import * as webhook from './webhook/Webhook.resource';

// Each item builds its own notifier (headers and targets may differ per item), so there is no
// shared session. The output holds only the message as sent, which the formatters keep free of secrets.
export const router = createRouter<undefined>({
	resources: { apprise: apprise.operations, webhook: webhook.operations },
	openSession: async () => undefined,
});
