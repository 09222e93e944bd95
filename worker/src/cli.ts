#!/usr/bin/env node
import { Command, Option } from 'commander';
import { configCheckCommand, configInitCommand } from './commands/config';
import { eventsCommand } from './commands/events';
import { CommandFailure, CommandOutput, consoleOutput, describeError } from './commands/output';
import { prowlarrTestCommand } from './commands/prowlarr';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { runnerVersion } from './paths';

function collect(value: string, previous: string[]): string[] {
	return [...previous, value];
}

export function buildProgram(output: CommandOutput = consoleOutput): Command {
	const program = new Command('mediastack')
		.description('mediastack runner: Temporal worker, schedules and a small local API for your media stack')
		.version(runnerVersion())
		.showHelpAfterError('(run with --help for usage)');

	const configOption = () => new Option('-c, --config <file>', 'config file (default: $MEDIASTACK_CONFIG, ./mediastack.yaml, ~/.config/mediastack/config.yaml)');

	program
		.command('start')
		.description('start the runner (Temporal worker, schedules, API) until Ctrl+C')
		.addOption(configOption())
		.action((options: { config?: string }) => startCommand(options, output));

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
	config
		.command('check')
		.description('load and validate the config; print a summary or every problem')
		.addOption(configOption())
		.action((options: { config?: string }) => configCheckCommand(options, output));
	config
		.command('init')
		.description('write a commented example config')
		.option('--path <file>', 'where to write it (default: ~/.config/mediastack/config.yaml)')
		.option('--force', 'overwrite an existing file')
		.action((options: { path?: string; force?: boolean }) => configInitCommand(options, output));

	const prowlarr = program.command('prowlarr').description('Prowlarr tools');
	prowlarr
		.command('test')
		.description('check the API key and find the MyAnonamouse indexer')
		.addOption(configOption())
		.option('--service <name>', 'which services.<name> to test (default: the only Prowlarr)')
		.action((options: { config?: string; service?: string }) => prowlarrTestCommand(options, output));

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
	});
}
