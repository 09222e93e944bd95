/**
 * Overhead of one Prowlarr call through ProwlarrClient + the runner's axios transport,
 * against a bare keep-alive node:http request to the same fake, in the same run.
 * Target: under 1.2× the bare request, compared at the median call.
 *
 * Each call is timed on its own. The two sides take turns in blocks, in ABBA order, so drift
 * and other processes on a small machine hit both alike; the median call is what is compared,
 * because a mean over a block is dominated by the few calls that lose the CPU to another
 * process or land on a garbage collection. The mean ratio is reported as well, and the ratio
 * per quarter of the run shows whether it is steady.
 */
import http from 'node:http';
import { ProwlarrClient, PROWLARR } from '../clients/prowlarr';
import { createAxiosTransport } from '../worker/src/http/transport';
import { startFakeProwlarr } from '../test/fakes/prowlarr';
import { BenchResult, median, percentile } from './stats';

/**
 * Calls per side before timing starts. Both paths (and the fake) keep getting faster for about
 * two thousand calls while V8 optimises them, the client path for longer than the bare one;
 * with a few hundred calls of warm-up the ratio mostly measured the JIT.
 */
const WARMUP = 2500;
const ROUNDS = 40;
const CALLS_PER_BLOCK = 50;
const TARGET_RATIO = 1.2;

function bareGet(agent: http.Agent, url: URL, apiKey: string): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'GET', agent, headers: { 'X-Api-Key': apiKey, accept: 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				} catch (error) {
					reject(error);
				}
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end();
	});
}

/** Appends the duration of each call, in ms, to `times`. */
async function timeCalls(fn: () => Promise<unknown>, count: number, times: number[]): Promise<void> {
	for (let i = 0; i < count; i++) {
		const started = process.hrtime.bigint();
		await fn();
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
}

function mean(values: number[]): number {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export async function benchProwlarrCall(): Promise<BenchResult[]> {
	const fake = await startFakeProwlarr();
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const transport = createAxiosTransport({ service: PROWLARR, timeoutMs: 15_000, headers: { 'X-Api-Key': fake.apiKey } });
	try {
		const client = new ProwlarrClient({ baseUrl: fake.url, transport });
		const indexerUrl = new URL('/api/v1/indexer', fake.url);
		const bare = () => bareGet(agent, indexerUrl, fake.apiKey);
		const viaClient = () => client.listIndexers();

		// Both paths must return the same data, or the comparison means nothing.
		const [a, b] = await Promise.all([bare(), viaClient()]);
		if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('bare request and client disagree on the indexer list');

		const ignored: number[] = [];
		for (let i = 0; i < WARMUP / CALLS_PER_BLOCK; i++) {
			await timeCalls(bare, CALLS_PER_BLOCK, ignored);
			await timeCalls(viaClient, CALLS_PER_BLOCK, ignored);
		}
		const bareTimes: number[] = [];
		const clientTimes: number[] = [];
		// The ratio of medians per quarter of the run shows how steady the figure is.
		const quarterRatios: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			if (round % 2 === 0) {
				await timeCalls(bare, CALLS_PER_BLOCK, bareTimes);
				await timeCalls(viaClient, CALLS_PER_BLOCK, clientTimes);
			} else {
				await timeCalls(viaClient, CALLS_PER_BLOCK, clientTimes);
				await timeCalls(bare, CALLS_PER_BLOCK, bareTimes);
			}
			if ((round + 1) % (ROUNDS / 4) === 0) {
				const from = bareTimes.length - (ROUNDS / 4) * CALLS_PER_BLOCK;
				quarterRatios.push(median(clientTimes.slice(from)) / median(bareTimes.slice(from)));
			}
		}
		const bareMedian = median(bareTimes);
		const clientMedian = median(clientTimes);
		const ratio = clientMedian / bareMedian;
		const spread = (times: number[]) => `p25–p75 ${percentile(times, 25).toFixed(3)}–${percentile(times, 75).toFixed(3)} ms`;
		return [
			{
				name: 'Prowlarr listIndexers via client + axios transport (median call)',
				value: clientMedian,
				unit: 'ms',
				baseline: { name: 'bare keep-alive http.request to the same fake', value: bareMedian },
				ratio,
				target: `< ${TARGET_RATIO}×`,
				pass: ratio < TARGET_RATIO,
				notes:
					`${ROUNDS * CALLS_PER_BLOCK} calls each in ABBA blocks of ${CALLS_PER_BLOCK}; ` +
					`client ${spread(clientTimes)}, bare ${spread(bareTimes)}; ` +
					`ratio per quarter ${quarterRatios.map((value) => value.toFixed(3)).join(' / ')}; ` +
					`p90 ratio ${(percentile(clientTimes, 90) / percentile(bareTimes, 90)).toFixed(3)}, mean ratio ${(mean(clientTimes) / mean(bareTimes)).toFixed(3)}`,
			},
		];
	} finally {
		transport.close();
		agent.destroy();
		await fake.close();
	}
}
