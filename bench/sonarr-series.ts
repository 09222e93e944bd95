/**
 * A Sonarr series listing of 2,000 series (about 4 MB of JSON) through SonarrClient + the
 * runner's axios transport, against a bare keep-alive node:http GET of the same fake that
 * parses the same JSON, in the same run (method: bench/compare.ts). Target: under 1.2× at the
 * median call.
 *
 * The fake builds its answer once and then serves the same bytes, with its spec check of its
 * own answers off: building 2,000 resources and ajv judging 4 MB on every call would take most
 * of each call's time on both sides and hide the difference being measured.
 */
import http from 'node:http';
import { SONARR, SonarrClient } from '../clients/sonarr';
import { createAxiosTransport } from '../worker/src/http/transport';
import { startFakeSonarr } from '../test/fakes/sonarr';
import { abbaResult, bareGetJson, timeAbba, AbbaPlan } from './compare';
import { BenchResult } from './stats';

const SERIES = 2000;
/** Both paths get faster over the first few dozen calls of this size while V8 optimises JSON handling. */
const PLAN: AbbaPlan = { warmupCalls: 60, rounds: 40, callsPerBlock: 5 };
const TARGET_RATIO = 1.2;

export async function benchSonarrSeries(): Promise<BenchResult[]> {
	const fake = await startFakeSonarr({ series: [], queue: false, validateResponses: false });
	fake.seedManySeries(SERIES);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const transport = createAxiosTransport({ service: SONARR, timeoutMs: 30_000, headers: { 'X-Api-Key': fake.apiKey } });
	try {
		const client = new SonarrClient({ baseUrl: fake.url, transport });
		const seriesUrl = new URL('/api/v3/series', fake.url);
		const bare = () => bareGetJson(agent, seriesUrl, { 'X-Api-Key': fake.apiKey });
		const viaClient = () => client.listSeries();

		// The fake's answer is built once (2,000 resources with their statistics take it longer
		// than anything measured here), then served as it is: both sides get the same bytes.
		const answer = JSON.stringify(await viaClient());
		fake.server.on('GET /api/v3/series', () => ({ body: answer, headers: { 'content-type': 'application/json; charset=utf-8' } }));

		// Both paths must return the same data, or the comparison means nothing.
		const [a, b] = await Promise.all([bare(), viaClient()]);
		if (!Array.isArray(a) || a.length !== SERIES || JSON.stringify(a) !== answer || JSON.stringify(b) !== answer) throw new Error('bare request and client disagree on the series list');
		const bytes = Buffer.byteLength(answer);

		const times = await timeAbba(bare, viaClient, PLAN);
		return [
			abbaResult({
				name: `Sonarr listSeries of ${SERIES} series via client + axios transport (median call)`,
				baseline: 'bare keep-alive http.request + JSON.parse to the same fake',
				times,
				plan: PLAN,
				targetRatio: TARGET_RATIO,
				notes: `${(bytes / 1e6).toFixed(1)} MB per answer`,
			}),
		];
	} finally {
		transport.close();
		agent.destroy();
		await fake.close();
	}
}
