import { createRouter } from '../../shared/router';
import { createSonarrSession } from '../transport';
import * as calendar from './calendar/Calendar.resource';
import * as command from './command/Command.resource';
import * as episode from './episode/Episode.resource';
import * as history from './history/History.resource';
import * as qualityProfile from '../../shared/arr/qualityProfile/QualityProfile.resource';
import * as queue from './queue/Queue.resource';
import * as rootFolder from '../../shared/arr/rootFolder/RootFolder.resource';
import * as series from './series/Series.resource';
import * as system from '../../shared/arr/system/System.resource';
import * as tag from '../../shared/arr/tag/Tag.resource';
import * as wanted from './wanted/Wanted.resource';

export const router = createRouter({
	resources: {
		calendar: calendar.operations,
		command: command.operations,
		episode: episode.operations,
		history: history.operations,
		qualityProfile: qualityProfile.operations,
		queue: queue.operations,
		rootFolder: rootFolder.operations,
		series: series.operations,
		system: system.operations,
		tag: tag.operations,
		wanted: wanted.operations,
	},
	openSession: createSonarrSession,
});
