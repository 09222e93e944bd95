import { PROWLARR, ProwlarrClient } from '../../../clients/prowlarr/client';
import { createProwlarrActivities } from '../activities/prowlarr';
import { arrService } from './arr';

export const prowlarrService = arrService({
	type: 'prowlarr',
	info: PROWLARR,
	client: (options) => new ProwlarrClient(options),
	activities: createProwlarrActivities,
});
