/**
 * Overhead of one Prowlarr call through ProwlarrClient + the runner's axios transport,
 * against a bare keep-alive node:http request to the same fake, in the same run.
 * Target: under 1.2× the bare request.
 */
import http from 'node:http';
import { ProwlarrClient, PROWLARR } from '../clients/prowlarr';
import { createAxiosTransport } from '../worker/src/http/transport';
import { startFakeProwlarr } from '../test/fakes/prowlarr';
import { BenchResult, median } from './stats';

const WARMUP = 200;
const ROUNDS = 20;
const CALLS_PER_ROUND = 100;

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

async function timeBatch(fn: () => Promise<unknown>, count: number): Promise<number> {
	const started = process.hrtime.bigint();
	for (let i = 0; i < count; i++) await fn();
	return Number(process.hrtime.bigint() - started) / 1e6 / count;
}

export async function benchProwlarrCall(): Promise<BenchResult[]> {
	const fake = await startFakeProwlarr();
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	try {
		const client = new ProwlarrClient({
			baseUrl: fake.url,
			transport: createAxiosTransport({ service: PROWLARR, timeoutMs: 15_000, headers: { 'X-Api-Key': fake.apiKey } }),
		});
		const indexerUrl = new URL('/api/v1/indexer', fake.url);
		const bare = () => bareGet(agent, indexerUrl, fake.apiKey);
		const viaClient = () => client.listIndexers();

		// Both paths must return the same data, or the comparison means nothing.
		const [a, b] = await Promise.all([bare(), viaClient()]);
		if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('bare request and client disagree on the indexer list');

		await timeBatch(bare, WARMUP);
		await timeBatch(viaClient, WARMUP);
		const bareTimes: number[] = [];
		const clientTimes: number[] = [];
		// Alternate rounds so drift on a shared machine hits both sides alike.
		for (let round = 0; round < ROUNDS; round++) {
			bareTimes.push(await timeBatch(bare, CALLS_PER_ROUND));
			clientTimes.push(await timeBatch(viaClient, CALLS_PER_ROUND));
		}
		const bareMedian = median(bareTimes);
		const clientMedian = median(clientTimes);
		const ratio = clientMedian / bareMedian;
		return [
			{
				name: 'Prowlarr listIndexers via client + axios transport (per call)',
				value: clientMedian,
				unit: 'ms',
				baseline: { name: 'bare keep-alive http.request to the same fake', value: bareMedian },
				ratio,
				target: '< 1.2×',
				pass: ratio < 1.2,
				notes: `${ROUNDS}×${CALLS_PER_ROUND} calls each, median of round means`,
			},
		];
	} finally {
		agent.destroy();
		await fake.close();
	}
}
