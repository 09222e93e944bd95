import './harness';
import { startFakeProwlarr } from '../fakes/prowlarr';
import { startFakeRadarr } from '../fakes/radarr';
import { startFakeSonarr } from '../fakes/sonarr';
import { describeArrTrigger } from '../support/suites/arr-trigger';

/** The three Servarr triggers on the shared suite, each with the app's own event routing. */
const errorLevel = { level: 'error' };

describeArrTrigger({
	app: 'Prowlarr',
	nodeName: 'prowlarrTrigger',
	credentialType: 'prowlarrApi',
	start: () => startFakeProwlarr(),
	routing: [
		{ chosen: ['grab'], eventType: 'Grab', emits: 'grab', flags: { onGrab: true, onHealthIssue: false } },
		{ chosen: ['health'], eventType: 'Health', overrides: errorLevel, emits: 'health' },
		{ chosen: ['health'], eventType: 'HealthRestored', overrides: errorLevel, emits: 'health' },
		// A warning only with Include Health Warnings, as Prowlarr decides.
		{ chosen: ['health'], eventType: 'Health', overrides: { level: 'warning' } },
		{ chosen: ['applicationUpdate'], eventType: 'ApplicationUpdate', emits: 'applicationUpdate' },
		{ chosen: ['grab'], eventType: 'ApplicationUpdate' },
		// A grab from Prowlarr's own search page only with Include Manual Grabs, as Prowlarr decides.
		{ chosen: ['grab'], eventType: 'Grab', overrides: { trigger: 'manual' }, flags: { includeManualGrabs: false } },
		{ chosen: ['grab'], extra: { includeManualGrabs: true }, eventType: 'Grab', overrides: { trigger: 'manual' }, emits: 'grab', flags: { includeManualGrabs: true } },
	],
});

for (const [app, start, added, deleted, fileDeleted] of [
	['Sonarr', startFakeSonarr, ['seriesAdd', 'SeriesAdd', 'onSeriesAdd'], 'SeriesDelete', 'EpisodeFileDelete'],
	['Radarr', startFakeRadarr, ['movieAdded', 'MovieAdded', 'onMovieAdded'], 'MovieDelete', 'MovieFileDelete'],
] as const) {
	describeArrTrigger({
		app,
		nodeName: `${app.toLowerCase()}Trigger`,
		credentialType: `${app.toLowerCase()}Api`,
		start: () => start(),
		routing: [
			{ chosen: ['grab'], eventType: 'Grab', emits: 'grab' },
			{ chosen: ['download'], eventType: 'Download', emits: 'download', flags: { onDownload: true, onUpgrade: false } },
			{ chosen: ['upgrade'], eventType: 'Download', overrides: { isUpgrade: true }, emits: 'upgrade', flags: { onDownload: false, onUpgrade: true } },
			// Only upgrades asked for: a first download is not posted at all.
			{ chosen: ['upgrade'], eventType: 'Download' },
			{ chosen: ['download', 'upgrade'], eventType: 'Download', overrides: { isUpgrade: true }, emits: 'upgrade' },
			{ chosen: ['rename'], eventType: 'Rename', emits: 'rename' },
			{ chosen: [added[0]], eventType: added[1], emits: added[0], flags: { [added[2]]: true } },
			{ chosen: ['delete'], eventType: deleted, emits: 'delete' },
			{ chosen: ['delete'], eventType: fileDeleted, emits: 'delete' },
			{ chosen: ['health'], eventType: 'Health', overrides: errorLevel, emits: 'health' },
			{ chosen: ['manualInteraction'], eventType: 'ManualInteractionRequired', emits: 'manualInteraction' },
			{ chosen: ['grab'], eventType: 'Rename' },
		],
	});
}
