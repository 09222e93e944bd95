/**
 * A real n8n 2.41.1 on Node 24 with our package installed as a community package, shared by the
 * end-to-end tests of one file: build and `npm pack` once, install the tarball the way n8n's
 * installer does, keep one user folder (one SQLite database) for every import and run.
 *
 * Needs the n8n install that `node scripts/ensure-n8n.mjs` makes (`npm test` runs it through
 * scripts/bootstrap.mjs --for-tests); without it setup fails and says what to run.
 *
 * Pitfalls this module handles (all seen with n8n 2.41.1):
 * - n8n refuses to load nodes when NODE_ENV=test, so child processes get a cleaned environment;
 * - `execute` prints the run through the logger, so N8N_LOG_LEVEL must stay at info or above;
 * - every CLI command starts a task broker: each gets its own free port;
 * - commands share one SQLite file, so they run one after another, never side by side.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from '../../support/specs';

export const PACKAGE_NAME = 'n8n-nodes-mediastack';
// Fixed so a failed run can be inspected by hand with the same key; it protects nothing real.
const ENCRYPTION_KEY = 'mediastack-e2e-test-encryption-key';
const CLI_TIMEOUT_MS = 180_000;

export interface N8nInstall {
	node: string;
	n8nBin: string;
	n8nVersion: string;
	nodeVersion: string;
}

export interface ProcessResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

interface ProcessOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	timeoutMs: number;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface CliRun {
	status?: string;
	finished?: boolean;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialReference>;
}

export interface WorkflowTemplate {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	[key: string]: unknown;
}

export interface CredentialReference {
	id: string;
	name: string;
}

export interface CredentialImport extends CredentialReference {
	type: string;
	data: Record<string, unknown>;
}

/** Wall-clock time of each setup and run step, printed at the end so slow phases show up in CI logs. */
export class PhaseLog {
	readonly phases: Array<{ phase: string; seconds: number }> = [];

	async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
		const started = performance.now();
		try {
			return await work();
		} finally {
			this.phases.push({ phase, seconds: (performance.now() - started) / 1000 });
		}
	}

	report(title: string): string {
		const total = this.phases.reduce((sum, { seconds }) => sum + seconds, 0);
		const rows = [...this.phases, { phase: 'total', seconds: total }];
		return `${title}:\n` + rows.map(({ phase, seconds }) => `  ${phase.padEnd(64)} ${seconds.toFixed(1).padStart(6)} s`).join('\n');
	}
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** Async on purpose: the fakes answer from this same event loop while n8n runs. */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
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

export async function mustRun(label: string, command: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
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
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|VITEST|npm_)/.test(key) || ['NODE_ENV', 'NODE_OPTIONS', 'TEST', 'E2E_TESTS'].includes(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

export function freePort(): Promise<number> {
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
export async function listTree(dir: string): Promise<string[]> {
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
export function parseRawOutput(stdout: string): CliRun {
	const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error(`n8n execute printed no run as JSON.\n--- stdout (end) ---\n${tail(stdout)}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as CliRun;
}

/** The names of the nodes that ran, in the order n8n recorded them. */
export function nodesThatRan(run: CliRun): string[] {
	return Object.keys(run.data?.resultData?.runData ?? {});
}

/** The items a node put out on its first output, from its only run; throws when it failed or did not run once. */
export function outputOf(run: CliRun, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const nodeRuns = run.data?.resultData?.runData?.[nodeName];
	if (!nodeRuns?.length) throw new Error(`node "${nodeName}" did not run; ran: ${nodesThatRan(run).join(', ')}`);
	if (nodeRuns.length !== 1) throw new Error(`node "${nodeName}" ran ${nodeRuns.length} times, expected once`);
	const [nodeRun] = nodeRuns;
	if (nodeRun.error) throw new Error(`node "${nodeName}" failed: ${nodeRun.error.message} ${nodeRun.error.description ?? ''}`);
	return (nodeRun.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

/** A run's failure as one line for an assertion message, or undefined when it succeeded. */
export function runFailure(run: CliRun): string | undefined {
	const failed = Object.entries(run.data?.resultData?.runData ?? {}).flatMap(([name, runs]) =>
		runs.filter((nodeRun) => nodeRun.error).map((nodeRun) => `${name}: ${nodeRun.error?.message} ${nodeRun.error?.description ?? ''}`),
	);
	const workflowError = run.data?.resultData?.error?.message;
	if (!workflowError && !failed.length && run.status === 'success') return undefined;
	return [`status ${run.status}`, workflowError, ...failed].filter(Boolean).join('; ');
}

export async function loadTemplate(file: string): Promise<WorkflowTemplate> {
	return JSON.parse(await readFile(file, 'utf8')) as WorkflowTemplate;
}

/**
 * The credential a template's nodes refer to for one credential type. A credential is imported
 * under exactly that id and name, so the template itself stays as it is.
 */
export function credentialReference(templates: WorkflowTemplate[], type: string): CredentialReference {
	const references = templates.flatMap((template) => template.nodes.flatMap((node) => (node.credentials?.[type] ? [node.credentials[type]] : [])));
	if (!references.length) throw new Error(`no template has a node with a ${type} credential`);
	const distinct = new Set(references.map((reference) => `${reference.id}\u0000${reference.name}`));
	if (distinct.size !== 1) throw new Error(`the templates refer to ${distinct.size} different ${type} credentials; one credential per type is imported`);
	return references[0];
}

export interface CommunityN8n {
	readonly install: N8nInstall;
	readonly tempDir: string;
	readonly userFolder: string;
	/** `<userFolder>/.n8n/nodes`, where n8n keeps community packages. */
	readonly nodesDir: string;
	/** `<nodesDir>/node_modules/n8n-nodes-mediastack`. */
	readonly packageDir: string;
	importCredentials(credentials: CredentialImport[]): Promise<void>;
	/** Imports the workflow files in one CLI start (`import:workflow --separate`). */
	importWorkflows(files: string[]): Promise<void>;
	/** `n8n execute --id` from the manual trigger; the parsed run. A failed run throws with n8n's output. */
	execute(workflowId: string): Promise<CliRun>;
	/** `n8n export:workflow --id`: the file a user would share, as text. */
	exportWorkflow(workflowId: string): Promise<string>;
	/**
	 * `n8n start` on a free port, with the owner set up and signed in (on a fresh database: once per
	 * user folder); stop it before the next CLI command. `env` adds or overrides settings.
	 */
	startServer(env?: NodeJS.ProcessEnv): Promise<N8nServer>;
	close(): Promise<void>;
}

/** The owner n8n is set up with (a test instance on loopback; the password protects nothing real). */
export const OWNER = { email: 'owner@mediastack.invalid', firstName: 'Media', lastName: 'Stack', password: 'Mediastack-e2e-1' };

/** A running `n8n start`, signed in as the owner: what the editor talks to. */
export interface N8nServer {
	readonly url: string;
	/** Where n8n's production webhooks live (`N8N_WEBHOOK_URL` + `webhook/`), reachable from loopback. */
	readonly webhookBaseUrl: string;
	/** The editor's session cookie (`n8n-auth=...`), for a browser or REST calls. */
	readonly authCookie: { name: string; value: string };
	/** A REST call as the signed-in editor makes it; answers n8n's `data` envelope unwrapped. */
	rest<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
	/** What the server printed so far, for failure messages. */
	output(): string;
	stop(): Promise<void>;
}

async function startN8nServer(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, port: number): Promise<N8nServer> {
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null && child.pid) {
			process.kill(-child.pid, 'SIGTERM');
			const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
	};
	const url = `http://127.0.0.1:${port}`;
	try {
		const deadline = Date.now() + CLI_TIMEOUT_MS;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}`);
			const ready = await fetch(`${url}/healthz/readiness`).then((response) => response.ok, () => false);
			if (ready) break;
			if (Date.now() > deadline) throw new Error('n8n start did not get ready in time');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const post = (path: string, body: unknown) => fetch(`${url}/rest${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		// The first start of a user folder sets the owner up; a later one signs in as that owner.
		let signIn = await post('/owner/setup', OWNER);
		if (signIn.status === 400 && /already/i.test(await signIn.clone().text())) signIn = await post('/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		if (!signIn.ok) throw new Error(`owner setup / sign-in answered ${signIn.status}: ${await signIn.text()}`);
		const cookie = (signIn.headers.getSetCookie?.() ?? []).map((line) => line.split(';')[0]).find((line) => line.startsWith('n8n-auth='));
		if (!cookie) throw new Error('owner setup / sign-in set no n8n-auth cookie');
		const authCookie = { name: 'n8n-auth', value: cookie.slice('n8n-auth='.length) };
		return {
			url,
			webhookBaseUrl: `${url}/webhook/`,
			authCookie,
			async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
				const response = await fetch(`${url}/rest${path}`, {
					method,
					headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'browser-id': 'mediastack-e2e' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				const text = await response.text();
				if (!response.ok) throw new Error(`${method} /rest${path} answered ${response.status}: ${text.slice(0, 500)}`);
				const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
				return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
			},
			output: () => output,
			stop,
		};
	} catch (error) {
		await stop();
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- n8n start output (end) ---\n${tail(output)}`);
	}
}

async function checkN8nInstall(): Promise<N8nInstall> {
	const result = await runProcess(process.execPath, [path.join(repoRoot, 'scripts', 'ensure-n8n.mjs'), '--check', '--json'], {
		cwd: repoRoot,
		env: childEnv(),
		timeoutMs: 30_000,
	});
	if (result.code !== 0) {
		throw new Error(`Real n8n is not installed, so this end-to-end test cannot run. Run: node scripts/ensure-n8n.mjs\n${result.stderr.trim()}`);
	}
	return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as N8nInstall;
}

/**
 * What n8n 2.41.1's installer does (CommunityPackagesService.downloadPackage): unpack the
 * tarball into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, `npm install` inside it with the flags below, then record it in the folder's
 * package.json. A plain `npm i <tarball>` would differ: npm >= 7 also installs the
 * n8n-workflow peer dependency beside it.
 */
async function installLikeN8n(tarball: string, nodesDir: string, packageDir: string, tempDir: string): Promise<void> {
	await mkdir(packageDir, { recursive: true });
	await writeFile(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	await mustRun('unpack the tarball', 'tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: tempDir, env: childEnv(), timeoutMs: 30_000 });
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
	const du = await mustRun('du', 'du', ['-sk', packageDir], { cwd: tempDir, env: childEnv(), timeoutMs: 30_000 });
	console.log(`[n8n e2e] installed size of node_modules/${PACKAGE_NAME}: ${du.stdout.split('\t')[0]} kB on disk, ${(await listTree(packageDir)).length} entries`);
}

/** Builds, packs and installs the package into a fresh n8n user folder; `close()` removes it. */
export async function setUpCommunityN8n(phases: PhaseLog): Promise<CommunityN8n> {
	const tempDir = await mkdtemp(path.join(os.tmpdir(), 'mediastack-n8n-e2e-'));
	try {
		const userFolder = path.join(tempDir, 'n8n-user');
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);

		const install = await phases.time('check the n8n install', checkN8nInstall);
		await phases.time('npm run build:nodes', () => mustRun('npm run build:nodes', 'npm', ['run', 'build:nodes', '--silent'], { cwd: repoRoot, env: childEnv(), timeoutMs: 180_000 }));
		const tarball = await phases.time('npm pack', async () => {
			const packed = await mustRun('npm pack', 'npm', ['pack', '--json', '--pack-destination', tempDir], { cwd: repoRoot, env: childEnv(), timeoutMs: 60_000 });
			const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
			console.log(`[n8n e2e] ${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${info.entryCount} files`);
			return path.join(tempDir, info.filename);
		});
		await phases.time('install the package like n8n does', () => installLikeN8n(tarball, nodesDir, packageDir, tempDir));

		const baseEnv = childEnv({
			PATH: [path.dirname(install.node), process.env.PATH].join(path.delimiter),
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// $now and the date expressions in the templates: one zone whatever the machine's.
			GENERIC_TIMEZONE: 'UTC',
			// No N8N_LOG_LEVEL below info: `execute` prints the run itself through the logger.
		});
		// Fresh ports per command: a broker port another process grabbed since the last one would fail the start.
		const n8nCli = async (label: string, args: string[]): Promise<ProcessResult> => {
			const env = { ...baseEnv, N8N_PORT: String(await freePort()), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
			return mustRun(label, install.node, [install.n8nBin, ...args], { cwd: userFolder, env, timeoutMs: CLI_TIMEOUT_MS });
		};
		let imports = 0;

		return {
			install,
			tempDir,
			userFolder,
			nodesDir,
			packageDir,
			async importCredentials(credentials) {
				const file = path.join(tempDir, `credentials-${++imports}.json`);
				await writeFile(file, JSON.stringify(credentials));
				await n8nCli('n8n import:credentials', ['import:credentials', `--input=${file}`]);
			},
			async importWorkflows(files) {
				const dir = path.join(tempDir, `workflows-${++imports}`);
				await mkdir(dir);
				// Copied byte for byte: what is imported is the file, not a re-serialised object.
				for (const [index, file] of files.entries()) await writeFile(path.join(dir, `${index}-${path.basename(file)}`), await readFile(file));
				await n8nCli('n8n import:workflow', ['import:workflow', '--separate', `--input=${dir}`]);
			},
			async execute(workflowId) {
				const result = await n8nCli(`n8n execute --id=${workflowId}`, ['execute', `--id=${workflowId}`, '--rawOutput']);
				return parseRawOutput(result.stdout);
			},
			async exportWorkflow(workflowId) {
				const file = path.join(tempDir, `export-${workflowId}-${++imports}.json`);
				await n8nCli(`n8n export:workflow --id=${workflowId}`, ['export:workflow', `--id=${workflowId}`, `--output=${file}`]);
				return await readFile(file, 'utf8');
			},
			async startServer(extraEnv = {}) {
				const port = await freePort();
				// The address webhook triggers register in other apps (n8n 2.x's name for WEBHOOK_URL, which
				// it still reads but calls deprecated): n8n's default says "localhost", which a client may
				// resolve to ::1 while n8n listens on 127.0.0.1 only.
				const env = { ...baseEnv, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_SECURE_COOKIE: 'false', N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`, ...extraEnv };
				return await startN8nServer(install.node, [install.n8nBin, 'start'], userFolder, env, port);
			},
			async close() {
				await rm(tempDir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await rm(tempDir, { recursive: true, force: true });
		throw error;
	}
}
