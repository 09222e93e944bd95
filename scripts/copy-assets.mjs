// Copies node icons and codex files next to the compiled nodes and credentials, which tsc
// leaves behind. Mirrors the source tree: nodes/X/x.svg -> dist/nodes/X/x.svg.
// `node scripts/copy-assets.mjs DIR` copies into DIR instead of dist/ (a test's private build).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['nodes', 'credentials'];
const ASSET = /\.(svg|png)$|\.node\.json$/;
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

async function* assets(dir) {
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch (error) {
		if (error.code === 'ENOENT') return;
		throw error;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* assets(full);
		else if (ASSET.test(entry.name)) yield full;
	}
}

let copied = 0;
for (const sourceDir of SOURCE_DIRS) {
	for await (const file of assets(path.join(root, sourceDir))) {
		const target = path.join(outDir, path.relative(root, file));
		await mkdir(path.dirname(target), { recursive: true });
		await copyFile(file, target);
		copied++;
	}
}
console.log(`copy-assets: ${copied} file(s) copied to ${process.argv[2] ? outDir : 'dist'}/`);
