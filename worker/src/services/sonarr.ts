import { SONARR, SonarrClient } from '../../../clients/sonarr/client';
import { createSonarrActivities } from '../activities/sonarr';
import { arrService } from './arr';

export const sonarrService = arrService({
	type: 'sonarr',
	info: SONARR,
	client: (options) => new SonarrClient(options),
	activities: createSonarrActivities,
});
