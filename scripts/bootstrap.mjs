#!/usr/bin/env node
// Brings a fresh clone to a runnable state, idempotently and quickly when nothing changed:
//   node scripts/bootstrap.mjs              npm dependencies + the Temporal CLI (for the embedded server)
//   node scripts/bootstrap.mjs --for-tests  also the real test peers (Debian daemons) and a real n8n
// `npm start` and `npm test` call it first, so the README's two commands work on a new machine.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const forTests = args.has('--for-tests');

function say(message) {
	if (!quiet) console.log(`[bootstrap] ${message}`);
}

function run(command, commandArgs, label) {
	const started = Date.now();
	const result = spawnSync(command, commandArgs, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
	if (result.status !== 0) {
		console.error(`[bootstrap] ${label} failed (exit ${result.status ?? result.signal}). Re-run \`node scripts/bootstrap.mjs\` to see its output.`);
		process.exit(result.status ?? 1);
	}
	say(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Install when node_modules is missing or was installed from another lock file. `npm install`
// rather than `npm ci`: the registry this project is built against does not serve every
// platform's optional package (e.g. @rollup/rollup-android-*), which npm ci treats as a lock
// file out of sync, while npm install installs the same locked versions and skips them.
const lockFile = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.mediastack-lock-sha256');
const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lockHash) {
	say('installing npm dependencies from package-lock.json');
	run('npm', ['install', '--no-audit', '--no-fund'], 'npm install');
	writeFileSync(stamp, lockHash + '\n');
} else {
	say('npm dependencies up to date');
}

run(process.execPath, [join(root, 'scripts', 'ensure-temporal.mjs'), ...(quiet ? ['--quiet'] : [])], 'Temporal CLI');

if (forTests) {
	run('bash', [join(root, 'scripts', 'peers', 'install.sh')], 'real test peers');
	run(process.execPath, [join(root, 'scripts', 'ensure-n8n.mjs')], 'real n8n');
}
