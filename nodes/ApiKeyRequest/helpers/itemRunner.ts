/**
 * Runs work for every input item, up to `concurrency` at a time, and keeps the results in input
 * order. Without Continue On Fail the first failure (by item order) ends the run: no new item
 * starts, waits in flight are cancelled, and that failure is thrown once the others settled.
 */

export interface RunItemsOptions<T> {
	concurrency: number;
	/** Continue On Fail: turn a failure into the item's result instead of ending the run */
	onError?: (error: unknown, index: number) => T;
	/** Cancels everything (the execution was cancelled) */
	signal?: AbortSignal;
	/** Tells the error a cancelled wait ends in from a real failure */
	isCancellation?: (error: unknown) => boolean;
}

export async function runItems<T>(
	count: number,
	work: (index: number, signal: AbortSignal) => Promise<T>,
	options: RunItemsOptions<T>,
): Promise<T[]> {
	const results: T[] = new Array(count);
	const stop = new AbortController();
	const onOuterAbort = () => stop.abort();
	options.signal?.addEventListener('abort', onOuterAbort, { once: true });
	let next = 0;
	let failed: { index: number; error: unknown } | undefined;

	const worker = async () => {
		while (!stop.signal.aborted) {
			const index = next++;
			if (index >= count) return;
			try {
				results[index] = await work(index, stop.signal);
			} catch (error) {
				// A wait cancelled because another item failed (or the execution was cancelled).
				if (stop.signal.aborted && options.isCancellation?.(error)) continue;
				if (options.onError && !options.signal?.aborted) {
					results[index] = options.onError(error, index);
					continue;
				}
				if (failed === undefined || index < failed.index) failed = { index, error };
				stop.abort();
			}
		}
	};

	try {
		const workers = Math.max(1, Math.min(options.concurrency, count));
		await Promise.all(Array.from({ length: workers }, worker));
	} finally {
		options.signal?.removeEventListener('abort', onOuterAbort);
	}
	if (failed) throw failed.error;
	if (options.signal?.aborted) throw new Error('The execution was cancelled');
	return results;
}
