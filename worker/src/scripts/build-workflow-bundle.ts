/**
 * Bundles the workflows once at build time, so the runner starts without running webpack:
 *   node worker/dist/worker/src/scripts/build-workflow-bundle.js
 * Run it after `tsc`; the worker ignores a bundle older than the compiled workflows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { prebuiltBundlePath, workflowsEntry } from '../worker';

const ignore = (): void => undefined;
const warningsOnly = {
	log: ignore,
	trace: ignore,
	debug: ignore,
	info: ignore,
	warn: (message: string) => console.warn(message),
	error: (message: string) => console.error(message),
};

async function main(): Promise<void> {
	const output = process.argv[2] ?? prebuiltBundlePath();
	if (!output) throw new Error('Cannot find the @mediastack/runner package folder; pass the output file as the first argument.');
	const started = Date.now();
	const { code } = await bundleWorkflowCode({ workflowsPath: workflowsEntry(), logger: warningsOnly });
	mkdirSync(path.dirname(output), { recursive: true });
	writeFileSync(output, code);
	console.log(`workflow bundle: ${output} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
