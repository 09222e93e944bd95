#!/usr/bin/env node
import { Command, Option } from 'commander';
import { configCheckCommand, configInitCommand } from './commands/config';
import { eventsCommand } from './commands/events';
import { mamCheckCommand, mamRotateCommand, mamSessionsCommand, mamSetIdCommand, notifyTestCommand } from './commands/mam';
import { ConfigOptions } from './commands/config';
import { CommandFailure, CommandOutput, consoleOutput, describeError } from './commands/output';
import { prowlarrTestCommand } from './commands/prowlarr';
import { healthCommand, servicesCommand } from './commands/services';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { runnerVersion } from './paths';

/** How long a finished command may take to exit on its own before it is made to. */
const EXIT_GRACE_MS = 1_000;

function collect(value: string, previous: string[]): string[] {
	return [...previous, value];
}

export function buildProgram(output: CommandOutput = consoleOutput): Command {
	const program = new Command('mediastack')
		.description('mediastack runner: Temporal worker, schedules and a small local API for your media stack')
		.version(runnerVersion())
		.showHelpAfterError('(run with --help for usage)');

	const configOption = () => new Option('-c, --config <file>', 'config file (default: $MEDIASTACK_CONFIG, ./mediastack.yaml, ~/.config/mediastack/config.yaml)');
	// For a quick start on a busy host without editing the file; they win over MEDIASTACK_*_PORT and the file.
	const portOptions = (command: Command): Command =>
		command
			.addOption(new Option('--api-port <port>', 'port of the HTTP API (overrides api.port and $MEDIASTACK_API_PORT; 0 = any free port)'))
			.addOption(new Option('--temporal-port <port>', 'gRPC port of the embedded Temporal server (overrides temporal.embedded.port and $MEDIASTACK_TEMPORAL_PORT)'))
			.addOption(new Option('--temporal-ui-port <port>', 'Web UI port of the embedded Temporal server (overrides temporal.embedded.ui_port and $MEDIASTACK_TEMPORAL_UI_PORT)'));

	portOptions(
		program
			.command('start')
			.description('start the runner (Temporal worker, schedules, API) until Ctrl+C')
			.addOption(configOption()),
	).action((options: ConfigOptions) => startCommand(options, output));

	program
		.command('status')
		.description("ask the running runner for its health (exit 1 when it is not running, 2 when unhealthy)")
		.addOption(configOption())
		.option('--json', 'print the raw JSON')
		.action((options: { config?: string; json?: boolean }) => statusCommand(options, output));

	program
		.command('events')
		.description('show recorded events, newest first')
		.addOption(configOption())
		.option('--subject <subject>', 'only events about this subject (e.g. a service name)')
		.option('--type <type>', 'only events of this type (repeat or comma-separate for several)', collect, [])
		.option('--limit <n>', 'at most this many events', '20')
		.option('--json', 'print JSON')
		.action((options: { config?: string; subject?: string; type: string[]; limit: string; json?: boolean }) => eventsCommand(options, output));

	const config = program.command('config').description('check or create the config file');
	portOptions(
		config
			.command('check')
			.description('load and validate the config; print the effective settings or every problem')
			.addOption(configOption()),
	).action((options: ConfigOptions) => configCheckCommand(options, output));
	config
		.command('init')
		.description('write a commented example config')
		.option('--path <file>', 'where to write it (default: ~/.config/mediastack/config.yaml)')
		.option('--force', 'overwrite an existing file')
		.action((options: { path?: string; force?: boolean }) => configInitCommand(options, output));

	program
		.command('services')
		.description('list the configured services with the health their last check recorded')
		.addOption(configOption())
		.option('--json', 'print JSON')
		.action((options: { config?: string; json?: boolean }) => servicesCommand(options, output));

	program
		.command('health')
		.description('check every configured service (or the named ones) now and record the results (exit 2 when one is unhealthy)')
		.argument('[names...]', 'only these services (services.<name>)')
		.addOption(configOption())
		.option('--json', 'print JSON')
		.action((names: string[], options: { config?: string; json?: boolean }) => healthCommand(names, options, output));

	const prowlarr = program.command('prowlarr').description('Prowlarr tools');
	prowlarr
		.command('test')
		.description('check the API key and find the MyAnonamouse indexer')
		.addOption(configOption())
		.option('--service <name>', 'which services.<name> to test (default: the only Prowlarr)')
		.action((options: { config?: string; service?: string }) => prowlarrTestCommand(options, output));

	const mam = program.command('mam').description('MyAnonamouse sessions (through the running runner)');
	const MAM_EXIT_CODES = [
		'',
		'Exit codes:',
		'  0  MAM accepted every session (a rotation may still be pushing to a Prowlarr that is down)',
		'  1  anything else failed: MAM unreachable or answering an HTML page, Prowlarr, the runner',
		'  2  MAM refused a session: a dead cookie (set a new one with `mam set-id`) or a session',
		'     not allowed from this IP/ASN',
	].join('\n');
	mam
		.command('set-id')
		.description('save a new mam_id for a session (encrypted), then update its Prowlarr if the ID changed')
		.argument('<label>', 'the session label (mam.sessions[].label)')
		.argument('<mam_id>', 'the new mam_id, or - to read it from standard input (keeps it out of `ps`)')
		.addOption(configOption())
		.option('--created <when>', '"now" (server time) or the date/time the session was created on MAM, e.g. 2025-10-02T19:45')
		.action((label: string, mamId: string, options: { config?: string; created?: string }) => mamSetIdCommand(label, mamId, options, output));
	mam
		.command('rotate')
		.description('get a fresh cookie from MAM (or the one set with set-id) and push it to Prowlarr')
		.argument('<label>', 'the session label')
		.addOption(configOption())
		.option('--force', 'write it even when Prowlarr already holds it, and have Prowlarr re-test the indexer')
		.addHelpText('after', MAM_EXIT_CODES)
		.action((label: string, options: { config?: string; force?: boolean }) => mamRotateCommand(label, options, output));
	mam
		.command('check')
		.description('run the daily session check now: keepalive, alerts, expiry warnings (exit 2 when MAM refuses a session)')
		.argument('[label]', 'only this session')
		.addOption(configOption())
		.addHelpText('after', MAM_EXIT_CODES)
		.action((label: string | undefined, options: { config?: string }) => mamCheckCommand(label, options, output));
	mam
		.command('sessions')
		.description('list the sessions: masked MAM ID, expiry, Prowlarr, last check')
		.addOption(configOption())
		.option('--json', 'print JSON')
		.action((options: { config?: string; json?: boolean }) => mamSessionsCommand(options, output));

	const notify = program.command('notify').description('notification tools');
	notify
		.command('test')
		.description("send a session's expiry warning now through its channels and print each channel's result")
		.argument('<label>', 'the session label')
		.addOption(configOption())
		.action((label: string, options: { config?: string }) => notifyTestCommand(label, options, output));

	return program;
}

export async function main(argv: string[] = process.argv, output: CommandOutput = consoleOutput): Promise<number> {
	try {
		await buildProgram(output).parseAsync(argv);
		return typeof process.exitCode === 'number' ? process.exitCode : 0;
	} catch (error) {
		const exitCode = error instanceof CommandFailure ? error.exitCode : 1;
		const text = describeError(error);
		if (text) output.err(error instanceof CommandFailure || text.includes('\n') ? text : `error: ${text}`);
		if (process.env.MEDIASTACK_DEBUG && error instanceof Error && error.stack) output.err(error.stack);
		return exitCode;
	}
}

if (require.main === module) {
	// `mediastack events | head`: a closed pipe ends the output, not with a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
	void main().then((code) => {
		process.exitCode = code;
		// Done is done: a handle some library left open must not keep a finished command, or a
		// start that failed, from exiting.
		setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
	});
}
