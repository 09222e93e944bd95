import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { Activities } from './activities';

/**
 * The Temporal worker. In a build, workflows come from a bundle made at build time
 * (`dist/workflow-bundle.js`, see scripts/build-workflow-bundle.ts), which saves about a second
 * of webpack at every start; from source, or when the bundle is older than the compiled
 * workflows, the worker bundles `workflows/index` itself.
 */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/** The compiled or source workflow entry next to this file. */
export function workflowsEntry(): string {
	return path.join(__dirname, 'workflows', `index${path.extname(__filename) || '.js'}`);
}

/** <runner package>/dist/workflow-bundle.js, found from the package.json above this file. */
export function prebuiltBundlePath(): string | undefined {
	const root = runnerPackageRoot();
	return root === undefined ? undefined : path.join(root, 'dist', WORKFLOW_BUNDLE_FILE);
}

export type WorkflowSource = { kind: 'bundle'; options: Pick<WorkerOptions, 'workflowBundle'>; path: string } | { kind: 'path'; options: Pick<WorkerOptions, 'workflowsPath'>; path: string };

export function workflowSource(): WorkflowSource {
	const entry = workflowsEntry();
	const bundle = prebuiltBundlePath();
	const runningCompiled = path.extname(__filename) === '.js';
	if (runningCompiled && bundle && existsSync(bundle) && statSync(bundle).mtimeMs >= newestMtime(path.dirname(entry))) {
		return { kind: 'bundle', options: { workflowBundle: { codePath: bundle } }, path: bundle };
	}
	return { kind: 'path', options: { workflowsPath: entry }, path: entry };
}

export interface CreateWorkerOptions {
	connection: NativeConnection;
	namespace: string;
	taskQueue: string;
	activities: Activities;
	/** Overrides where workflows come from (tests pass a bundle built once per file). */
	workflows?: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
	return Worker.create({
		connection: options.connection,
		namespace: options.namespace,
		taskQueue: options.taskQueue,
		activities: options.activities,
		...(options.workflows ?? workflowSource().options),
		// In-flight health checks finish quickly; do not hold a shutdown longer than this.
		shutdownGraceTime: '10 seconds',
	});
}

function newestMtime(dir: string): number {
	let newest = 0;
	for (const name of readdirSync(dir)) {
		if (name.endsWith('.js')) newest = Math.max(newest, statSync(path.join(dir, name)).mtimeMs);
	}
	return newest;
}

function runnerPackageRoot(): string | undefined {
	let dir = __dirname;
	for (let depth = 0; depth < 6; depth++) {
		const candidate = path.join(dir, 'package.json');
		if (existsSync(candidate)) {
			try {
				if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === '@mediastack/runner') return dir;
			} catch {
				// Unreadable: keep walking up.
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	return undefined;
}
