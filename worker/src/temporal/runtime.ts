import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../log';

/**
 * The Temporal SDK's process-wide runtime, set up once: its log lines go through the runner's
 * pino logger (which masks secrets), and it installs no signal handlers of its own, so Ctrl+C
 * reaches the runner, which stops the API, the worker and the server in order.
 */
export function installTemporalRuntime(logger: Logger): boolean {
	try {
		Runtime.install({
			logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
			shutdownSignals: [],
			telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
		});
		return true;
	} catch {
		// Already installed in this process (a second runner, or a test that set it up).
		return false;
	}
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
