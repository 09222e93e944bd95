import { isMediastackError } from '../../../clients/core/errors';
import { ConfigValidationError } from '../config';
import { scrubText } from '../state/scrub';

/**
 * Everything a command prints goes through here: registered secrets are masked on the way
 * out, so even an upstream message that echoes a key cannot leak it to the terminal.
 */
export interface CommandOutput {
	out(line?: string): void;
	err(line?: string): void;
}

export const consoleOutput: CommandOutput = {
	out: (line = '') => process.stdout.write(`${scrubText(line)}\n`),
	err: (line = '') => process.stderr.write(`${scrubText(line)}\n`),
};

/** A failure the command already explained; carries the exit code. */
export class CommandFailure extends Error {
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
		this.name = 'CommandFailure';
	}
}

/** Typed client errors read best on one line: "Prowlarr refused ... Fix: ...". */
export function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The text shown for an error: config errors keep their list, everything else is one line. */
export function describeError(error: unknown): string {
	if (error instanceof ConfigValidationError) return error.message;
	if (isMediastackError(error)) return oneLine(error.message);
	if (error instanceof Error) return oneLine(error.message);
	return oneLine(String(error));
}
