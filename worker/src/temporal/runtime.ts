import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../log';

/**
 * The Temporal SDK's process-wide runtime, set up once: its log lines go through the runner's
 * pino logger (which masks secrets), and it installs no signal handlers of its own, so Ctrl+C
 * reaches the runner, which stops the API, the worker and the server in order.
 *
 * Returns a release function when this call installed it, undefined when it was already there
 * (a second runner, or a test that set it up). The SDK shuts the runtime down when its last
 * connection closes; one that never got a connection (a start that failed before Temporal was
 * reached) would keep the process alive, so a failed start releases it.
 */
export function installTemporalRuntime(logger: Logger): (() => Promise<void>) | undefined {
	let runtime: Runtime;
	try {
		runtime = Runtime.install({
			logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
			shutdownSignals: [],
			telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
		});
	} catch {
		return undefined;
	}
	// The SDK's own shutdownIfIdle (protected): a runtime another runner in this process still uses stays up.
	const idleRuntime = runtime as unknown as { shutdownIfIdle(): Promise<void> };
	return () => idleRuntime.shutdownIfIdle();
}

const PINO_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
	TRACE: 'trace',
	DEBUG: 'debug',
	INFO: 'info',
	WARN: 'warn',
	ERROR: 'error',
};

export class PinoTemporalLogger implements TemporalLogger {
	constructor(private readonly logger: Logger) {}

	log(level: LogLevel, message: string, meta?: LogMetadata): void {
		this.logger[PINO_LEVELS[level] ?? 'info'](meta ?? {}, message);
	}

	trace(message: string, meta?: LogMetadata): void {
		this.log('TRACE', message, meta);
	}

	debug(message: string, meta?: LogMetadata): void {
		this.log('DEBUG', message, meta);
	}

	info(message: string, meta?: LogMetadata): void {
		this.log('INFO', message, meta);
	}

	warn(message: string, meta?: LogMetadata): void {
		this.log('WARN', message, meta);
	}

	error(message: string, meta?: LogMetadata): void {
		this.log('ERROR', message, meta);
	}
}
