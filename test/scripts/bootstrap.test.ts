import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * scripts/bootstrap.mjs as `npm start` runs it on a fresh clone, in a copy of the scripts
 * folder with an `npm` on PATH that answers like npm 11 does on Node 20 here (its EBADENGINE
 * lines copied from a real run), so the test never installs anything.
 */
const scripts = path.resolve(__dirname, '..', '..', 'scripts');

const engineWarning = (pkg: string, required: string) =>
	[
		'npm warn EBADENGINE Unsupported engine {',
		`npm warn EBADENGINE   package: '${pkg}',`,
		`npm warn EBADENGINE   required: { node: '${required}' },`,
		"npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
		'npm warn EBADENGINE }',
	].join('\n');

let root: string;

beforeEach(() => {
	root = mkdtempSync(path.join(tmpdir(), 'mediastack-bootstrap-'));
	mkdirSync(path.join(root, 'scripts'));
	mkdirSync(path.join(root, 'bin'));
	for (const file of ['bootstrap.mjs', 'ensure-temporal.mjs']) copyFileSync(path.join(scripts, file), path.join(root, 'scripts', file));
	writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
	const stderr = [engineWarning('cookie@2.0.2', '>=22'), engineWarning('isolated-vm@7.0.1', '>=24.0.0'), engineWarning('some-runtime-dep@3.1.0', '>=22'), 'npm warn deprecated old-thing@1.0.0: use new-thing'].join('\n');
	// The fake npm records its arguments and "installs" node_modules.
	writeFileSync(
		path.join(root, 'bin', 'npm'),
		`#!/bin/sh\necho "$@" > "${root}/npm-args"\nmkdir -p "${root}/node_modules"\ncat >&2 <<'WARNINGS'\n${stderr}\nWARNINGS\necho "added 1 package in 1s"\n`,
		{ mode: 0o755 },
	);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function bootstrap(args: string[] = []) {
	return spawnSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.mjs'), ...args], {
		encoding: 'utf8',
		env: { ...process.env, PATH: `${path.join(root, 'bin')}${path.delimiter}${process.env.PATH}` },
		timeout: 60_000,
	});
}

describe('scripts/bootstrap.mjs', () => {
	it('installs with npm install --no-save, and drops only the engine warnings known to be harmless', () => {
		const result = bootstrap();
		expect(result.status).toBe(0);
		// `npm install`, not `npm ci` (as the README says), with --no-save: npm would otherwise write
		// the platforms this registry lacks into package-lock.json and leave a fresh clone modified.
		expect(readFileSync(path.join(root, 'npm-args'), 'utf8').trim()).toBe('install --no-save --no-audit --no-fund');
		expect(result.stderr).not.toContain("package: 'cookie@2.0.2'");
		expect(result.stderr).not.toContain("package: 'isolated-vm@7.0.1'");
		expect(result.stdout).toContain('npm warned that isolated-vm@7.0.1 wants a newer Node; harmless here (see the README, "Node.js versions")');
		// Anything else npm says still reaches the user, whole.
		expect(result.stderr).toContain(engineWarning('some-runtime-dep@3.1.0', '>=22'));
		expect(result.stderr).toContain('npm warn deprecated old-thing@1.0.0: use new-thing');
	});

	it('prints nothing about them with --quiet (as `npm start` runs it)', () => {
		const result = bootstrap(['--quiet']);
		expect(result.status).toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).not.toMatch(/cookie@2|isolated-vm/);
		expect(result.stderr).toContain("package: 'some-runtime-dep@3.1.0'");
	});
});
