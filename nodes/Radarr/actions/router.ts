import { createRouter } from '../../shared/router';
import { createRadarrSession } from '../transport';
import * as calendar from './calendar/Calendar.resource';
import * as command from './command/Command.resource';
import * as history from './history/History.resource';
import * as movie from './movie/Movie.resource';
import * as qualityProfile from '../../shared/arr/qualityProfile/QualityProfile.resource';
import * as queue from './queue/Queue.resource';
import * as rootFolder from '../../shared/arr/rootFolder/RootFolder.resource';
import * as system from '../../shared/arr/system/System.resource';
import * as tag from '../../shared/arr/tag/Tag.resource';
import * as wanted from './wanted/Wanted.resource';

export const router = createRouter({
	resources: {
		calendar: calendar.operations,
		command: command.operations,
		history: history.operations,
		movie: movie.operations,
		qualityProfile: qualityProfile.operations,
		queue: queue.operations,
		rootFolder: rootFolder.operations,
		system: system.operations,
		tag: tag.operations,
		wanted: wanted.operations,
	},
	openSession: createRadarrSession,
});
