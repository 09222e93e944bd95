/**
 * A client call against a bare HTTP request to the same fake, measured in the same run.
 *
 * Each call is timed on its own. The two sides take turns in blocks, in ABBA order, so drift
 * and other processes on a small machine hit both alike; the median call is what is compared,
 * because a mean over a block is dominated by the few calls that lose the CPU to another
 * process or land on a garbage collection. The mean ratio is reported as well, and the ratio
 * per quarter of the run shows whether it is steady.
 */
import http from 'node:http';
import { BenchResult, median, percentile } from './stats';

export interface AbbaPlan {
	/** Calls per side before timing starts, while V8 optimises both paths. */
	warmupCalls: number;
	/** Timed rounds; a multiple of 4, so the run splits into quarters. */
	rounds: number;
	callsPerBlock: number;
}

export interface AbbaTimes {
	bare: number[];
	client: number[];
	/** Ratio of the medians per quarter of the run. */
	quarterRatios: number[];
}

/** A GET on a keep-alive agent that parses the JSON answer, as little as a caller can do. */
export function bareGetJson(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'GET', agent, headers: { accept: 'application/json', ...headers } }, (response) => {
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

export async function timeAbba(bare: () => Promise<unknown>, viaClient: () => Promise<unknown>, plan: AbbaPlan): Promise<AbbaTimes> {
	const ignored: number[] = [];
	for (let i = 0; i < Math.ceil(plan.warmupCalls / plan.callsPerBlock); i++) {
		await timeCalls(bare, plan.callsPerBlock, ignored);
		await timeCalls(viaClient, plan.callsPerBlock, ignored);
	}
	const times: AbbaTimes = { bare: [], client: [], quarterRatios: [] };
	const quarter = plan.rounds / 4;
	for (let round = 0; round < plan.rounds; round++) {
		if (round % 2 === 0) {
			await timeCalls(bare, plan.callsPerBlock, times.bare);
			await timeCalls(viaClient, plan.callsPerBlock, times.client);
		} else {
			await timeCalls(viaClient, plan.callsPerBlock, times.client);
			await timeCalls(bare, plan.callsPerBlock, times.bare);
		}
		if ((round + 1) % quarter === 0) {
			const from = times.bare.length - quarter * plan.callsPerBlock;
			times.quarterRatios.push(median(times.client.slice(from)) / median(times.bare.slice(from)));
		}
	}
	return times;
}

function mean(values: number[]): number {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The comparison as a result line: medians, their ratio against the target, and how steady it was. */
export function abbaResult(options: { name: string; baseline: string; times: AbbaTimes; plan: AbbaPlan; targetRatio: number; notes?: string }): BenchResult {
	const { times, plan } = options;
	const bareMedian = median(times.bare);
	const clientMedian = median(times.client);
	const ratio = clientMedian / bareMedian;
	const spread = (values: number[]) => `p25–p75 ${percentile(values, 25).toFixed(3)}–${percentile(values, 75).toFixed(3)} ms`;
	return {
		name: options.name,
		value: clientMedian,
		unit: 'ms',
		baseline: { name: options.baseline, value: bareMedian },
		ratio,
		target: `< ${options.targetRatio}×`,
		pass: ratio < options.targetRatio,
		notes:
			`${plan.rounds * plan.callsPerBlock} calls each in ABBA blocks of ${plan.callsPerBlock}; ` +
			`client ${spread(times.client)}, bare ${spread(times.bare)}; ` +
			`ratio per quarter ${times.quarterRatios.map((value) => value.toFixed(3)).join(' / ')}; ` +
			`p90 ratio ${(percentile(times.client, 90) / percentile(times.bare, 90)).toFixed(3)}, mean ratio ${(mean(times.client) / mean(times.bare)).toFixed(3)}` +
			(options.notes ? `; ${options.notes}` : ''),
	};
}
