#!/usr/bin/env node
// n8n's own community-package scan (@n8n/scan-community-package, the lint n8n runs before it
// lists a package as verified), run here the way it runs on a published package:
//   1. the source leg: package.json, nodes/ and credentials/ (the scanner's SOURCE_FILE_PATTERNS);
//   2. the tarball leg: `npm pack` of the built package, unpacked, its **/*.js and package.json.
// Both legs use the scanner's own ESLint config (buildScanConfig) with inline config off, so an
// eslint-disable comment counts for nothing, exactly as in the scanner. Errors fail (exit 1);
// warnings are printed too. The tarball leg builds dist/ first when a shipped source is newer.
//
//   node scripts/scan-package.mjs            both legs
//   node scripts/scan-package.mjs --source   the source leg only (no build, no pack)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceOnly = process.argv.includes('--source');
/** What the scanner lints in an unpacked tarball (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

// eslint-plugin-n8n-nodes-base reads NODE_ENV=test as its own test run and then checks file
// names against made-up ones (every node "should" be a trigger). The scanner never runs so;
// neither does this scan, whoever starts it (vitest sets NODE_ENV=test). The plugin is loaded
// lazily by buildScanConfig, after this line.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

/** The scanner's analyzePackage, keeping every result so warnings can be shown as well. */
export async function scan(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (!files.length) throw new Error(`no files to scan in ${dir} (${patterns.join(', ')})`);
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	return {
		files: files.length,
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		report: await formatter.format(results),
	};
}

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}
	return newest;
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
	return result.stdout;
}

/** dist/ as npm would pack it now: rebuilt when any shipped source is newer than the last build. */
function ensureBuilt() {
	const dist = path.join(root, 'dist');
	const built = existsSync(dist) ? newestMtime(dist) : 0;
	const sources = Math.max(...['nodes', 'credentials', 'clients'].map((dir) => newestMtime(path.join(root, dir))), statSync(path.join(root, 'package.json')).mtimeMs);
	if (built >= sources) return;
	console.log('[scan] dist/ is older than the sources: npm run build:nodes');
	run('npm', ['run', 'build:nodes', '--silent'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function packAndUnpack() {
	ensureBuilt();
	const temp = mkdtempSync(path.join(os.tmpdir(), 'mediastack-scan-'));
	const [info] = JSON.parse(run('npm', ['pack', '--json', '--silent', '--pack-destination', temp]));
	const packageDir = path.join(temp, 'package');
	run('mkdir', ['-p', packageDir]);
	run('tar', ['-xzf', path.join(temp, info.filename), '-C', packageDir, '--strip-components=1']);
	return { temp, packageDir, filename: info.filename };
}

async function main() {
	const legs = [];
	const source = await scan(root, SOURCE_FILE_PATTERNS);
	legs.push({ name: `source (${SOURCE_FILE_PATTERNS.join(', ')})`, ...source });
	if (!sourceOnly) {
		const packed = packAndUnpack();
		try {
			const tarball = await scan(packed.packageDir, TARBALL_FILE_PATTERNS);
			legs.push({ name: `tarball ${packed.filename} (${TARBALL_FILE_PATTERNS.join(', ')})`, ...tarball });
		} finally {
			rmSync(packed.temp, { recursive: true, force: true });
		}
	}
	let failed = false;
	for (const leg of legs) {
		if (leg.report.trim()) console.log(leg.report.trimEnd());
		console.log(`[scan] ${leg.name}: ${leg.files} files, ${leg.errors} errors, ${leg.warnings} warnings`);
		failed ||= leg.errors > 0;
	}
	if (failed) {
		console.error('[scan] n8n\'s community-package scanner would reject this package: fix the errors above (eslint-disable comments do not count there).');
		process.exit(1);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().catch((error) => {
		console.error(`[scan] ${error.stack ?? error}`);
		process.exit(1);
	});
}
