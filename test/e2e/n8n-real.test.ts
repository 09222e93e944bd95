/**
 * The package as a user gets it, inside a real n8n 2.41.1 on Node 24: build, `npm pack`, install
 * the tarball the way n8n's community-package installer does, import a credential and the
 * template from workflows/, run it with `n8n execute` against the fake Prowlarr.
 *
 * Needs the n8n install that `node scripts/ensure-n8n.mjs` makes (`npm test` runs it through
 * scripts/bootstrap.mjs --for-tests); without it the test fails and says what to run.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FakeProwlarr } from '../fakes/prowlarr';
import { startFakeProwlarr } from '../fakes/prowlarr';
import { repoRoot } from '../support/specs';

const PACKAGE_NAME = 'n8n-nodes-mediastack';
const TEMPLATE_FILE = path.join(repoRoot, 'workflows', 'prowlarr-find-myanonamouse.json');
const LIST_NODE = 'List Prowlarr indexers';
const FIND_NODE = 'Find MyAnonamouse indexer';
// Fixed so a failed run can be inspected by hand with the same key; it protects nothing real.
const ENCRYPTION_KEY = 'mediastack-e2e-test-encryption-key';

interface N8nInstall {
	node: string;
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
}

interface ProcessResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

interface CliRun {
	status?: string;
	finished?: boolean;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

interface WorkflowTemplate {
	id: string;
	nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string; name: string }> }>;
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** Async on purpose: the fake Prowlarr answers from this same event loop while n8n runs. */
function runProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ProcessResult> {
	return new Promise((resolve, reject) => {
		// Own process group, so a timeout also ends the task runner n8n starts as a child.
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

async function mustRun(label: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ProcessResult> {
	const result = await runProcess(command, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${label} failed (${result.signal ? `killed by ${result.signal}, limit ${options.timeoutMs / 1000} s` : `exit ${result.code}`}).\n` +
				`--- stdout (end) ---\n${tail(result.stdout)}\n--- stderr (end) ---\n${tail(result.stderr)}`,
		);
	}
	return result;
}

/**
 * The environment without what the test runner adds: n8n refuses to load nodes when
 * NODE_ENV=test, and the runner's N8N_ or npm_ settings must not leak into the instance.
 */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|VITEST|npm_)/.test(key) || ['NODE_ENV', 'NODE_OPTIONS', 'TEST', 'E2E_TESTS'].includes(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Every path below `dir` (directories included), relative to it. */
async function listTree(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true });
	return entries.map((entry) => entry.split(path.sep).join('/'));
}

/**
 * `n8n execute --rawOutput` prints the run as JSON.stringify(run, null, 2), but n8n 2.41 also
 * writes its task broker, license and logger lines to stdout. The run is the only text there
 * whose first line is a bare `{` (nested lines are indented), so it is cut out by that line and
 * the last bare `}`. The alternatives are heavier: `export:entities` dumps whole tables, and
 * reading the execution from SQLite needs a driver and n8n's storage format.
 */
function parseRawOutput(stdout: string): CliRun {
	const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error(`n8n execute printed no run as JSON.\n--- stdout (end) ---\n${tail(stdout)}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as CliRun;
}

function outputOf(run: CliRun, nodeName: string): Array<Record<string, unknown>> {
	const nodeRuns = run.data?.resultData?.runData?.[nodeName];
	if (!nodeRuns?.length) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run.data?.resultData?.runData ?? {}).join(', ')}`);
	expect(nodeRuns).toHaveLength(1);
	const [nodeRun] = nodeRuns;
	if (nodeRun.error) throw new Error(`node "${nodeName}" failed: ${nodeRun.error.message} ${nodeRun.error.description ?? ''}`);
	return (nodeRun.data?.main?.[0] ?? []).map((item) => item.json);
}

describe(`${PACKAGE_NAME} installed as a community package in a real n8n`, () => {
	const timings: Array<{ phase: string; seconds: number }> = [];
	let tempDir: string | undefined;
	let fake: FakeProwlarr | undefined;
	let n8n: N8nInstall;
	let template: WorkflowTemplate;
	let packageDir: string;
	let nodesDir: string;
	let userFolder: string;
	let run: CliRun;

	async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
		const started = performance.now();
		try {
			return await work();
		} finally {
			timings.push({ phase: name, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) });
		}
	}

	beforeAll(async () => {
		tempDir = await mkdtemp(path.join(os.tmpdir(), 'mediastack-n8n-e2e-'));
		userFolder = path.join(tempDir, 'n8n-user');
		nodesDir = path.join(userFolder, '.n8n', 'nodes');
		packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		template = JSON.parse(await readFile(TEMPLATE_FILE, 'utf8')) as WorkflowTemplate;

		n8n = await phase('check the n8n install', async () => {
			const result = await runProcess(process.execPath, [path.join(repoRoot, 'scripts', 'ensure-n8n.mjs'), '--check', '--json'], {
				cwd: repoRoot,
				env: childEnv(),
				timeoutMs: 30_000,
			});
			if (result.code !== 0) {
				throw new Error(`Real n8n is not installed, so this end-to-end test cannot run. Run: node scripts/ensure-n8n.mjs\n${result.stderr.trim()}`);
			}
			return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as N8nInstall;
		});

		await phase('npm run build:nodes', () => mustRun('npm run build:nodes', 'npm', ['run', 'build:nodes', '--silent'], { cwd: repoRoot, env: childEnv(), timeoutMs: 180_000 }));

		const tarball = await phase('npm pack', async () => {
			const packed = await mustRun('npm pack', 'npm', ['pack', '--json', '--pack-destination', tempDir!], { cwd: repoRoot, env: childEnv(), timeoutMs: 60_000 });
			const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
			console.log(`[n8n e2e] ${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${info.entryCount} files`);
			return path.join(tempDir!, info.filename);
		});

		// What n8n 2.41.1's installer does (CommunityPackagesService.downloadPackage): unpack the
		// tarball into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
		// package.json, `npm install` inside it with the flags below, then record it in the folder's
		// package.json. A plain `npm i <tarball>` would differ: npm >= 7 also installs the
		// n8n-workflow peer dependency beside it.
		await phase('install the package like n8n does', async () => {
			await mkdir(packageDir, { recursive: true });
			await writeFile(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
			await mustRun('unpack the tarball', 'tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: tempDir!, env: childEnv(), timeoutMs: 30_000 });
			const manifestPath = path.join(packageDir, 'package.json');
			const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
			for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[key];
			await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
			await mustRun(
				'npm install inside the package',
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--prefer-offline'],
				{ cwd: packageDir, env: childEnv(), timeoutMs: 120_000 },
			);
			await writeFile(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2));
			const du = await mustRun('du', 'du', ['-sk', packageDir], { cwd: tempDir!, env: childEnv(), timeoutMs: 30_000 });
			console.log(`[n8n e2e] installed size of node_modules/${PACKAGE_NAME}: ${du.stdout.split('\t')[0]} kB on disk, ${(await listTree(packageDir)).length} entries`);
		});

		fake = await phase('start the fake Prowlarr', () => startFakeProwlarr());

		const [n8nPort, brokerPort] = [await freePort(), await freePort()];
		const env = childEnv({
			PATH: [path.dirname(n8n.node), process.env.PATH].join(path.delimiter),
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PORT: String(n8nPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// No N8N_LOG_LEVEL below info: `execute` prints the run itself through the logger.
		});
		const n8nCli = (label: string, args: string[]) => mustRun(label, n8n.node, [n8n.n8nBin, ...args], { cwd: userFolder, env, timeoutMs: 180_000 });

		// The template stays as it is: the credential is imported under the id and name it refers to.
		await phase('n8n import:credentials (first start: migrations)', async () => {
			const reference = template.nodes.find((node) => node.credentials?.prowlarrApi)?.credentials?.prowlarrApi;
			if (!reference) throw new Error(`${TEMPLATE_FILE} has no node with a prowlarrApi credential`);
			const credentialsFile = path.join(tempDir!, 'credentials.json');
			await writeFile(credentialsFile, JSON.stringify([{ ...reference, type: 'prowlarrApi', data: { url: fake!.url, apiKey: fake!.apiKey } }]));
			await n8nCli('n8n import:credentials', ['import:credentials', `--input=${credentialsFile}`]);
		});

		await phase('n8n import:workflow', () => n8nCli('n8n import:workflow', ['import:workflow', `--input=${TEMPLATE_FILE}`]));

		run = await phase('n8n execute', async () => {
			const result = await n8nCli('n8n execute', ['execute', `--id=${template.id}`, '--rawOutput']);
			return parseRawOutput(result.stdout);
		});
	}, 600_000);

	afterAll(async () => {
		console.log(
			`[n8n e2e] phases (n8n ${n8n?.n8nVersion ?? '?'} on Node ${n8n?.nodeVersion ?? '?'}):\n` +
				timings.map(({ phase, seconds }) => `  ${phase.padEnd(50)} ${seconds.toFixed(1).padStart(6)} s`).join('\n'),
		);
		try {
			await fake?.close();
		} finally {
			if (tempDir) await rm(tempDir, { recursive: true, force: true });
		}
	}, 60_000);

	it('installs with no dependencies beside it and nothing from Temporal', async () => {
		const installed = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
		expect(installed.dependencies ?? {}).toEqual({});
		const besideIt = (await readdir(path.join(nodesDir, 'node_modules'))).filter((name) => !name.startsWith('.'));
		expect(besideIt).toEqual([PACKAGE_NAME]);
		const tree = await listTree(nodesDir);
		expect(tree.filter((entry) => entry.startsWith(`node_modules/${PACKAGE_NAME}/node_modules`))).toEqual([]);
		expect(tree.filter((entry) => entry.includes('@temporalio'))).toEqual([]);
		expect(tree).toContain(`node_modules/${PACKAGE_NAME}/dist/nodes/Prowlarr/Prowlarr.node.js`);
	});

	it('runs the template to success', () => {
		expect(run.data?.resultData?.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.finished).toBe(true);
	});

	it('lists every indexer the fake Prowlarr has', () => {
		const listed = outputOf(run, LIST_NODE);
		const expected = fake!.indexers.map((indexer) => ({ id: indexer.id, name: indexer.name, implementation: indexer.implementation }));
		expect(listed.map((indexer) => ({ id: indexer.id, name: indexer.name, implementation: indexer.implementation }))).toEqual(
			expect.arrayContaining(expected),
		);
		expect(listed).toHaveLength(expected.length);
	});

	it('finds the MyAnonamouse indexer', () => {
		const mam = fake!.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse');
		expect(mam).toBeDefined();
		const found = outputOf(run, FIND_NODE);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ id: mam!.id, implementation: 'MyAnonamouse', configContract: 'MyAnonamouseSettings' });
	});

	it('sends the API key from the n8n credential on each request and nothing the spec forbids', () => {
		expect(fake!.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/indexer', 'GET /api/v1/indexer']);
		for (const request of fake!.requests) {
			expect(request.headers['x-api-key']).toBe(fake!.apiKey);
			expect(request.status).toBe(200);
		}
		expect(fake!.violations).toEqual([]);
	});

	it('keeps the API key encrypted in n8n\'s database', async () => {
		const dataDir = path.join(userFolder, '.n8n');
		const databaseFiles = (await readdir(dataDir)).filter((name) => name.startsWith('database.sqlite'));
		expect(databaseFiles).toContain('database.sqlite');
		for (const file of databaseFiles) {
			const content = await readFile(path.join(dataDir, file));
			expect(content.includes(fake!.apiKey), `${file} holds the API key in plain text`).toBe(false);
		}
	});
});
