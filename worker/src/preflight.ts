import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../clients/core/errors';
import { AppliedOverride, MediastackConfig, configSetting, settingRef } from './config';
import { DATA_DIR_ENV } from './paths';
import { ListenSettings, apiListenSettings, assertCanListen } from './ports';
import type { TemporalBinary } from './temporal/binary';
import type { DevServerSettings } from './temporal/dev-server';

/**
 * What `startRunner` checks before it starts anything heavy, so that a start that cannot work
 * ends within milliseconds with one error naming the setting (config key, flag or environment
 * variable) and the fix, instead of failing later, or hanging, somewhere inside Temporal.
 */

export function embeddedSettings(overrides: AppliedOverride[]): DevServerSettings {
	return { ip: configSetting('temporal.embedded.ip'), port: settingRef(overrides, 'temporal.embedded.port'), uiPort: settingRef(overrides, 'temporal.embedded.ui_port') };
}

/** How start-up errors name the binary, by where it was found. */
export function describeBinary(binary: TemporalBinary): { binaryLabel: string; binaryFix: string } {
	const install = 'install a working one with `node scripts/ensure-temporal.mjs`';
	if (binary.source === 'config') return { binaryLabel: `\`temporal.embedded.binary\` (${binary.path})`, binaryFix: `point \`temporal.embedded.binary\` at a working Temporal CLI, or unset it and ${install}` };
	if (binary.source === 'env') return { binaryLabel: `MEDIASTACK_TEMPORAL_BIN (${binary.path})`, binaryFix: `point MEDIASTACK_TEMPORAL_BIN at a working Temporal CLI, or unset it and ${install}` };
	return {
		binaryLabel: `the Temporal CLI found at ${binary.path}`,
		binaryFix: `replace it (${install}), or set \`temporal.embedded.binary\` to a working Temporal CLI`,
	};
}

/**
 * Creates the data dir and proves it writable, so a read-only or mistyped path is one message
 * naming `data_dir` instead of an error from whichever file happens to be written first.
 */
export function prepareDataDir(dataDir: string): void {
	const fix = `set \`data_dir\` in the config (or ${DATA_DIR_ENV}) to a directory this user may write, or fix the permissions of ${dataDir}`;
	const fail = (reason: string): never => {
		throw new ConfigError(`The data directory ${dataDir} (\`data_dir\`) cannot be used: ${reason}. Fix: ${fix}.`, { service: 'mediastack runner', fix });
	};
	try {
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	} catch (error) {
		fail(fileProblem(error));
	}
	if (!statSync(dataDir).isDirectory()) fail('it is a file, not a directory');
	const probe = path.join(dataDir, `.write-test-${process.pid}`);
	try {
		const fd = openSync(probe, 'w', 0o600);
		fsyncSync(fd);
		closeSync(fd);
		rmSync(probe, { force: true });
	} catch (error) {
		fail(`files cannot be written in it (${fileProblem(error)})`);
	}
}

function fileProblem(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	const reasons: Record<string, string> = {
		EACCES: 'permission denied',
		EPERM: 'operation not permitted',
		EROFS: 'the file system is read-only',
		ENOTDIR: 'a part of the path is a file, not a directory',
		EEXIST: 'it exists and is not a directory',
		ENOSPC: 'the disk is full',
		EDQUOT: 'the disk quota is used up',
	};
	return reasons[code ?? ''] ?? (code ? `${code}: ${(error as Error).message}` : String(error));
}

/** Every address and port the runner will listen on, checked before the embedded server or the API starts. */
export async function checkListeners(config: MediastackConfig, overrides: AppliedOverride[]): Promise<void> {
	const wanted: Array<{ what: string; host: string; port: number; settings: ListenSettings; service: string }> = [];
	if (config.api.enabled) {
		wanted.push({ what: 'The API', host: config.api.host, port: config.api.port, settings: apiListenSettings(settingRef(overrides, 'api.port')), service: 'mediastack runner' });
	}
	if (!config.temporal.address) {
		const { ip, port, ui_port: uiPort } = config.temporal.embedded;
		const settings = embeddedSettings(overrides);
		wanted.push({ what: 'The embedded Temporal server', host: ip, port, settings: { host: settings.ip, port: settings.port }, service: 'Temporal' });
		wanted.push({ what: "The embedded Temporal server's Web UI", host: ip, port: uiPort, settings: { host: settings.ip, port: settings.uiPort }, service: 'Temporal' });
	}
	for (const [index, listener] of wanted.entries()) {
		const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
		const clash = wanted
			.slice(0, index)
			.find((other) => other.port !== 0 && other.port === listener.port && (other.host === listener.host || wildcard(other.host) || wildcard(listener.host)));
		if (clash) {
			const fix = `give them different ports: ${listener.settings.port.change('PORT')} (0 picks a free one)`;
			throw new ConfigError(`${listener.what} and ${clash.what.replace(/^The /, 'the ')} are both set to port ${listener.port} (${listener.settings.port.label} and ${clash.settings.port.label}). Fix: ${fix}.`, {
				service: listener.service,
				fix,
			});
		}
		await assertCanListen(listener.what, listener.host, listener.port, listener.settings, listener.service);
	}
}
