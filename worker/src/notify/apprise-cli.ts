import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, MediastackError, ServerError, ServiceInfo, TimeoutError } from '../../../clients/core/errors';
import { APPRISE_TYPE, AppriseFormat } from '../../../clients/notify/apprise-api';
import { scrubAll, urlSecretParts } from '../../../clients/notify/secrets';
import type { NotificationMessage, Notifier, NotifyReceipt } from '../../../clients/notify/types';
import { DEFAULT_NOTIFY_TIMEOUT_MS } from './types';

export const APPRISE_CLI: ServiceInfo = {
	name: 'Apprise CLI',
	authFix: 'check the credentials inside the Apprise URLs.',
	reachFix: 'check the services behind the Apprise URLs are reachable from this machine.',
};

export interface AppriseCliNotifierOptions {
	/** Apprise URLs; they hold tokens and passwords and are never logged or shown. */
	urls: string[];
	/** Default `apprise` from PATH. */
	binary?: string;
	format?: AppriseFormat;
	/** The whole run, all targets included (default 15 s). */
	timeoutMs?: number;
	/** Environment for the child (default: this process's). */
	env?: NodeJS.ProcessEnv;
}

export interface AppriseCliRun {
	exitCode: number;
	stdout: string;
	stderr: string;
}

/** Output kept for error messages; apprise prints one line per failed target. */
const STDERR_TAIL_CHARS = 600;

/**
 * Runs `apprise -v -n TYPE -i FORMAT -t TITLE -b BODY --config FILE` with execFile (no shell,
 * so nothing in a message is ever interpreted). Exit code 0 means every target was notified.
 * The URLs hold tokens and passwords, and a command line is readable by every user of the
 * machine (`ps`, /proc/PID/cmdline): they go into a private temporary config file instead
 * (mode 0600 in a 0700 folder), removed after the run. Anything the run reports is scrubbed of
 * every part of them before it reaches an error.
 */
export class AppriseCliNotifier implements Notifier {
	readonly channelType = 'apprise-cli';
	private readonly options: AppriseCliNotifierOptions;
	private readonly secrets: string[];

	constructor(options: AppriseCliNotifierOptions) {
		if (!options.urls.length) throw new ConfigError('The Apprise CLI channel has no `urls`.', { service: APPRISE_CLI.name });
		this.options = options;
		this.secrets = options.urls.flatMap(urlSecretParts);
	}

	async send(message: NotificationMessage): Promise<NotifyReceipt> {
		const dir = await mkdtemp(path.join(tmpdir(), 'mediastack-apprise-'));
		try {
			const configFile = path.join(dir, 'urls.txt');
			// Apprise's text format: one URL per line. `wx`: never write into a file someone else made.
			await writeFile(configFile, `${this.options.urls.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
			const args = ['-v', '-n', APPRISE_TYPE[message.severity], '-i', this.options.format ?? 'text', '-t', message.subject, '-b', message.body, '--config', configFile];
			const run = await this.run(args);
			if (run.exitCode !== 0) throw this.failure(run);
			return { channelType: this.channelType, detail: `exit 0, ${this.options.urls.length} target(s)` };
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}

	private run(args: string[]): Promise<AppriseCliRun> {
		const binary = this.options.binary ?? 'apprise';
		const timeoutMs = this.options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
		return new Promise((resolve, reject) => {
			execFile(
				binary,
				args,
				{ env: this.options.env ?? process.env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, encoding: 'utf8', windowsHide: true },
				(error, stdout, stderr) => {
					if (!error) return resolve({ exitCode: 0, stdout, stderr });
					if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
					// error.message repeats the whole command line, URLs included: never use it.
					if (error.code === 'ENOENT' || error.code === 'EACCES') {
						return reject(new ConfigError(`The apprise command was not found or may not be run (${binary}). Fix: install it (\`apt install apprise\` or \`pip install apprise\`) or set the channel's \`binary\`.`, { service: APPRISE_CLI.name }));
					}
					if (error.killed || error.signal) {
						return reject(new TimeoutError(`apprise did not finish within ${timeoutMs} ms and was stopped. Fix: ${APPRISE_CLI.reachFix}`, { service: APPRISE_CLI.name, fix: APPRISE_CLI.reachFix }));
					}
					reject(new ServerError(`apprise could not be run (${String(error.code ?? 'unknown error')}).`, { service: APPRISE_CLI.name }));
				},
			);
		});
	}

	private failure(run: AppriseCliRun): MediastackError {
		const output = scrubAll(`${run.stderr}\n${run.stdout}`.trim(), this.secrets);
		const tail = output.length > STDERR_TAIL_CHARS ? '…' + output.slice(-STDERR_TAIL_CHARS) : output;
		const said = tail ? `: ${tail.replace(/\s*\n\s*/g, ' | ').replace(/\.+$/, '')}` : '';
		// Bad URLs and usage errors will fail the same way next time; a target that is down may not.
		// Read from a config file, a URL apprise cannot use makes the whole file invalid.
		if (run.exitCode === 2 || /unsupported url|no service\(s\) to notify|invalid .*url|invalid apprise .*configuration|specify at least one server url/i.test(output)) {
			return new ConfigError(`apprise rejected the channel's URLs (exit ${run.exitCode})${said}. Fix: check the \`urls\` against the Apprise wiki.`, { service: APPRISE_CLI.name });
		}
		return new ServerError(`apprise could not notify every target (exit ${run.exitCode})${said}.`, { service: APPRISE_CLI.name, fix: APPRISE_CLI.reachFix });
	}
}
