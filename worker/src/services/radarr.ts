import { RADARR, RadarrClient } from '../../../clients/radarr/client';
import { createRadarrActivities } from '../activities/radarr';
import { arrService } from './arr';

export const radarrService = arrService({
	type: 'radarr',
	info: RADARR,
	client: (options) => new RadarrClient(options),
	activities: createRadarrActivities,
});
