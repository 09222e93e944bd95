/**
 * One lock per key (a session label), for one process: callers with the same key run one
 * after another, callers with different keys do not wait for each other. The runner is the
 * only process that uses a data directory, so this is enough to keep two uses of one
 * session's cookie from racing (MAM rotates it on each use; the loser would send a dead one).
 */
export class KeyedMutex {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const current = new Promise<void>((resolve) => (release = resolve));
		const tail = previous.then(() => current);
		this.tails.set(key, tail);
		await previous;
		try {
			return await task();
		} finally {
			release();
			// The last one out removes the entry, so the map does not grow with every label ever seen.
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}

/** Runs `task` for every item with at most `limit` running at once; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index], index);
		}
	});
	await Promise.all(runners);
	return results;
}
