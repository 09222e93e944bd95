import { createRouter } from '../../../shared/router';
import * as notification from './notification/Notification.resource';

// Each item builds its own notifier (headers and targets may differ per item), so there is no
// shared session. The output holds only the message as sent, which the formatters keep free of secrets.
export const router = createRouter<undefined>({
	resources: { notification: notification.operations },
	openSession: async () => undefined,
});
