#!/usr/bin/env node
// Brings a fresh clone to a runnable state, idempotently and quickly when nothing changed:
//   node scripts/bootstrap.mjs              npm dependencies + the Temporal CLI (for the embedded server)
//   node scripts/bootstrap.mjs --for-tests  also the real test peers (Debian daemons) and a real n8n
// `npm start` and `npm test` call it first, so the README's two commands work on a new machine.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
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

/**
 * npm warns (EBADENGINE) about two packages whose `engines` ask for a newer Node than the 20.x
 * this project supports. Neither runs here, so the warnings are dropped, and the README says why:
 * - isolated-vm (wants Node 24): n8n-workflow's expression sandbox, a dev dependency for the
 *   in-process n8n tests. Install scripts are off (.npmrc), so it is never built, and those tests
 *   do not load it; the real n8n of the tests runs on its own Node 24.
 * - cookie 2 (wants Node 22): used by fastify's light-my-request, which fastify loads only for
 *   `inject()` (tests); the runner never calls it, and Node >= 20.19 loads it anyway.
 * Every other npm warning is passed through.
 */
const HARMLESS_ENGINE_WARNINGS = [/^isolated-vm@/, /^cookie@2\./];

/** Runs npm with its stderr filtered line by line; resolves with its exit status. */
function runNpm(npmArgs, label) {
	const started = Date.now();
	return new Promise((resolveRun) => {
		const child = spawn('npm', npmArgs, { cwd: root, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'] });
		let pending = '';
		let block;
		const emit = (line) => process.stderr.write(`${line}\n`);
		const onLine = (line) => {
			if (block) {
				block.push(line);
				if (!/^npm warn EBADENGINE }/.test(line)) return;
				const name = block.map((text) => /package: '([^']+)'/.exec(text)?.[1]).find(Boolean) ?? '';
				if (HARMLESS_ENGINE_WARNINGS.some((pattern) => pattern.test(name))) say(`npm warned that ${name} wants a newer Node; harmless here (see the README, "Node.js versions")`);
				else block.forEach(emit);
				block = undefined;
				return;
			}
			if (/^npm warn EBADENGINE Unsupported engine {/.test(line)) block = [line];
			else emit(line);
		};
		child.stderr.on('data', (chunk) => {
			pending += chunk.toString();
			const lines = pending.split('\n');
			pending = lines.pop();
			lines.forEach(onLine);
		});
		child.on('close', (status, signal) => {
			if (pending) onLine(pending);
			if (block) block.forEach(emit);
			if (status !== 0) {
				console.error(`[bootstrap] ${label} failed (exit ${status ?? signal}). Re-run \`node scripts/bootstrap.mjs\` to see its output.`);
				process.exit(status ?? 1);
			}
			say(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
			resolveRun();
		});
	});
}

// Install when node_modules is missing or was installed from another lock file. `npm install`
// rather than `npm ci`: the registry this project is built against does not serve every
// platform's optional package (e.g. @rollup/rollup-android-*), which npm ci treats as a lock
// file out of sync, while npm install installs the same locked versions and skips them.
// `--no-save`: npm install would otherwise write those platforms back into package-lock.json,
// leaving a fresh clone modified after its first start.
const lockFile = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.mediastack-lock-sha256');
const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lockHash) {
	say('installing npm dependencies from package-lock.json');
	await runNpm(['install', '--no-save', '--no-audit', '--no-fund'], 'npm install');
	writeFileSync(stamp, lockHash + '\n');
} else {
	say('npm dependencies up to date');
}

run(process.execPath, [join(root, 'scripts', 'ensure-temporal.mjs'), ...(quiet ? ['--quiet'] : [])], 'Temporal CLI');

if (forTests) {
	run('bash', [join(root, 'scripts', 'peers', 'install.sh')], 'real test peers');
	run(process.execPath, [join(root, 'scripts', 'ensure-n8n.mjs')], 'real n8n');
}
