/**
 * A promise-chain mutex: callers run one after another in the order they asked. Only for
 * one process; the runner is the single writer of its data directory.
 */
export class Mutex {
	private tail: Promise<void> = Promise.resolve();

	run<T>(task: () => T | Promise<T>): Promise<T> {
		const result = this.tail.then(task);
		// The next task waits for this one whether it succeeded or not.
		this.tail = result.then(
			() => undefined,
			() => undefined,
		);
		return result;
	}
}
