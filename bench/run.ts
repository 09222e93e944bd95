/** `npm run bench`: every benchmark, each reported against a baseline measured in the same run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMamRotation } from './mam-rotation';
import { benchMamSessionCheck } from './mam-session-check';
import { benchProwlarrCall } from './prowlarr-call';
import { benchRunnerStartup } from './runner-startup';
import { benchSonarrSeries } from './sonarr-series';
import { BenchResult, printResults } from './stats';

const BENCHMARKS: Record<string, () => Promise<BenchResult[]>> = {
	'prowlarr-call': benchProwlarrCall,
	'sonarr-series': benchSonarrSeries,
	'runner-startup': benchRunnerStartup,
	'mam-rotation': benchMamRotation,
	'mam-session-check': benchMamSessionCheck,
};

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	const results: BenchResult[] = [];
	for (const [name, bench] of Object.entries(BENCHMARKS)) {
		if (only.length && !only.includes(name)) continue;
		console.log(`running ${name} ...`);
		results.push(...(await bench()));
	}
	printResults(results);
	const outDir = join(__dirname, 'results');
	mkdirSync(outDir, { recursive: true });
	writeFileSync(join(outDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
