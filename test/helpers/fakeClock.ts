/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Virtual time for pacing and retry tests: `sleep` registers a timer, and `run` advances time
 * from timer to timer (after letting every pending promise settle) until the awaited work is
 * done. Deterministic and instant, so tests assert exact times without being timed.
 */
import type { Clock } from '../../nodes/ApiKeyRequest/pacing/pacer';

interface Timer {
	at: number;
	seq: number;
	resolve: () => void;
}

const settle = async () => await new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
	time: number;
	private timers: Timer[] = [];
	private seq = 0;

	constructor(start = 1_000_000) {
		this.time = start;
	}

	now = (): number => this.time;

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> =>
		await new Promise<void>((resolve, reject) => {
			if (signal?.aborted) {
				reject(Object.assign(new Error('cancelled'), { name: 'ManualExecutionCancelledError' }));
				return;
			}
			const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
			this.timers.push(timer);
			signal?.addEventListener(
				'abort',
				() => {
					this.timers = this.timers.filter((other) => other !== timer);
					reject(Object.assign(new Error('cancelled'), { name: 'ManualExecutionCancelledError' }));
				},
				{ once: true },
			);
		});

	/** Advances virtual time until `work` settles. */
	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		work.then(
			() => (done = true),
			() => (done = true),
		);
		for (let step = 0; step < 1_000_000; step++) {
			await settle();
			if (done) return await work;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next) throw new Error('FakeClock: nothing left to wait for, but the work is not done');
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
		throw new Error('FakeClock: too many steps');
	}
}
