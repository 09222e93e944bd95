/**
 * Overhead of one Prowlarr call through ProwlarrClient + the runner's axios transport,
 * against a bare keep-alive node:http request to the same fake, in the same run (method:
 * bench/compare.ts). Target: under 1.2× the bare request, compared at the median call.
 */
import http from 'node:http';
import { ProwlarrClient, PROWLARR } from '../clients/prowlarr';
import { createAxiosTransport } from '../worker/src/http/transport';
import { startFakeProwlarr } from '../test/fakes/prowlarr';
import { AbbaPlan, abbaResult, bareGetJson, timeAbba } from './compare';
import { BenchResult } from './stats';

/**
 * Both paths (and the fake) keep getting faster for about two thousand calls while V8
 * optimises them, the client path for longer than the bare one; with a few hundred calls of
 * warm-up the ratio mostly measured the JIT.
 */
const PLAN: AbbaPlan = { warmupCalls: 2500, rounds: 40, callsPerBlock: 50 };
const TARGET_RATIO = 1.2;

export async function benchProwlarrCall(): Promise<BenchResult[]> {
	const fake = await startFakeProwlarr();
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const transport = createAxiosTransport({ service: PROWLARR, timeoutMs: 15_000, headers: { 'X-Api-Key': fake.apiKey } });
	try {
		const client = new ProwlarrClient({ baseUrl: fake.url, transport });
		const indexerUrl = new URL('/api/v1/indexer', fake.url);
		const bare = () => bareGetJson(agent, indexerUrl, { 'X-Api-Key': fake.apiKey });
		const viaClient = () => client.listIndexers();

		// Both paths must return the same data, or the comparison means nothing.
		const [a, b] = await Promise.all([bare(), viaClient()]);
		if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('bare request and client disagree on the indexer list');

		const times = await timeAbba(bare, viaClient, PLAN);
		return [
			abbaResult({
				name: 'Prowlarr listIndexers via client + axios transport (median call)',
				baseline: 'bare keep-alive http.request to the same fake',
				times,
				plan: PLAN,
				targetRatio: TARGET_RATIO,
			}),
		];
	} finally {
		transport.close();
		agent.destroy();
		await fake.close();
	}
}
