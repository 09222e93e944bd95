/** Small statistics helpers shared by the benchmarks. */
import { readFileSync } from 'node:fs';

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index];
}

export function formatMs(ms: number): string {
	return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 1000 ? `${ms.toFixed(2)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Resident set size of a process in bytes, read from /proc (Linux). */
export function residentBytes(pid: number): number | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

export interface BenchResult {
	name: string;
	value: number;
	unit: string;
	baseline?: { name: string; value: number };
	ratio?: number;
	target?: string;
	pass?: boolean;
	notes?: string;
}

export function printResults(results: BenchResult[]): void {
	console.log('\nbenchmark results');
	for (const result of results) {
		const baseline = result.baseline ? ` | baseline ${result.baseline.name}: ${result.baseline.value.toFixed(2)} ${result.unit}` : '';
		const ratio = result.ratio === undefined ? '' : ` | ratio ${result.ratio.toFixed(3)}×`;
		const target = result.target ? ` | target ${result.target}: ${result.pass ? 'met' : 'MISSED'}` : '';
		console.log(`- ${result.name}: ${result.value.toFixed(2)} ${result.unit}${baseline}${ratio}${target}${result.notes ? ` (${result.notes})` : ''}`);
	}
}
