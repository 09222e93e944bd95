import { createLogger, logFormat } from '../log';
import { dataFiles, runnerVersion } from '../paths';
import { ConfigOptions, flagOverrides, loadForCommand, whereToPutConfig } from './config';
import { CommandOutput } from './output';

/** How long a clean stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 30_000;
const DUPLICATE_SIGNAL_MS = 1_500;

/** Starts the runner and keeps it up until SIGINT/SIGTERM. */
export async function startCommand(options: ConfigOptions, output: CommandOutput): Promise<void> {
	// Loaded here too, so config problems surface before anything heavy starts.
	const loaded = await loadForCommand(options);
	const logger = createLogger(loaded.config.log_level, { pretty: logFormat(options.env ?? process.env) === 'pretty' });
	// Loaded on demand: other commands should not pay for Temporal's native bridge.
	const { startRunner } = await import('../runner');
	const runner = await startRunner({ configPath: loaded.path, logger, env: options.env, flags: flagOverrides(options) });

	output.out(`mediastack runner ${runnerVersion()} started`);
	output.out(`  Temporal: ${runner.temporalAddress}`);
	if (runner.webUiUrl) output.out(`  Web UI:   ${runner.webUiUrl}`);
	if (runner.apiUrl) output.out(`  API:      ${runner.apiUrl} (bearer token in ${tokenHint(loaded.config.api.token, dataFiles(loaded.config.data_dir).apiToken)})`);
	output.out(`  Data:     ${loaded.config.data_dir}`);
	const configPath = runner.configPath ?? loaded.path;
	if (configPath) output.out(`  Config:   ${configPath}`);
	else for (const line of whereToPutConfig(options)) output.out(`  ${line}`);
	output.out('Press Ctrl+C to stop.');

	await new Promise<void>((resolve) => {
		let stoppingSince: number | undefined;
		const onSignal = (signal: NodeJS.Signals) => {
			if (stoppingSince !== undefined) {
				// Ctrl+C reaches every process of the group and wrappers (tsx, npm, timeout) relay it too:
				// a repeat right away is the same keypress, not a request to force.
				if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
				output.err(`Received ${signal} again; exiting without a clean stop.`);
				process.exit(130);
			}
			stoppingSince = Date.now();
			output.out(`Received ${signal}; stopping (send it again to force)...`);
			const watchdog = setTimeout(() => {
				output.err(`The runner did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway.`);
				process.exit(1);
			}, STOP_TIMEOUT_MS);
			watchdog.unref();
			runner
				.stop()
				.then(() => {
					clearTimeout(watchdog);
					output.out('Stopped.');
					resolve();
				})
				.catch((error: unknown) => {
					clearTimeout(watchdog);
					logger.error({ err: error }, 'clean stop failed');
					output.err(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
					process.exitCode = 1;
					resolve();
				});
		};
		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
	});
	// cli.ts exits shortly after, even if a library left a handle open.
}

function tokenHint(configToken: string | undefined, tokenFile: string): string {
	return configToken ? 'api.token of the config' : tokenFile;
}
