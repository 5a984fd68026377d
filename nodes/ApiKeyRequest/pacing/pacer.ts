import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing for one key: at most `maxConcurrent` requests in flight, at most
 * `maxRequests` reaching the API in any `intervalMs` window, and a shared hold while the API says the
 * key's quota is out. Every item and page of a node run (and every node of the execution
 * that uses the same credential) goes through the same pacer.
 */

export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Real time. Waits are cancellable through the signal. Only `sleep` is used from n8n-workflow:
 * n8n 2.x no longer exports `sleepWithAbort` (and in 1.x it leaves its listener on the signal
 * after every normal wake), so a cancelled wait just stops being awaited.
 */
export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (!signal) return await sleep(ms);
		if (signal.aborted) throw new PacerCancelledError();
		let onAbort = () => {};
		const cancelled = new Promise<never>((_, reject) => {
			onAbort = () => reject(new PacerCancelledError());
			signal.addEventListener('abort', onAbort, { once: true });
		});
		try {
			await Promise.race([sleep(ms), cancelled]);
		} finally {
			signal.removeEventListener('abort', onAbort);
		}
	},
};

export interface PacerSettings {
	maxConcurrent: number;
	/** Requests allowed per interval; 0 for no rate limit. */
	maxRequests: number;
	intervalMs: number;
}

/** The key is held longer than the caller may wait. */
export class PacerWaitTooLongError extends Error {
	constructor(
		readonly waitMs: number,
		readonly until: number,
	) {
		super(`the key is held for ${Math.ceil(waitMs / 1000)} s`);
		this.name = 'PacerWaitTooLongError';
	}
}

export class PacerCancelledError extends Error {
	constructor() {
		super('cancelled');
		this.name = 'PacerCancelledError';
	}
}

const MAX_ROUNDS = 10_000;

export class Pacer {
	private active = 0;
	private readonly waiters: Array<{ grant: () => void }> = [];
	/**
	 * The rate limit counts a request from its start until `intervalMs` after its answer: the API
	 * sees it somewhere in between, so this bounds what arrives there in any window, however
	 * long requests take. `completions` holds the answer times still inside the window, oldest
	 * first; `ratedInFlight` the requests under way.
	 */
	private readonly completions: number[] = [];
	private completionsHead = 0;
	private ratedInFlight = 0;
	private readonly releaseWaiters = new Set<() => void>();
	private heldUntil = 0;
	private peak = 0;

	constructor(
		readonly settings: PacerSettings,
		private readonly clock: Clock = systemClock,
	) {}

	/** Requests currently holding a slot. */
	get inFlight(): number {
		return this.active;
	}

	/** Most requests ever in flight at once (for tests and the benchmark). */
	get peakInFlight(): number {
		return this.peak;
	}

	/** Until when every request with this key waits (epoch ms; in the past when not held). */
	get pausedUntil(): number {
		return this.heldUntil;
	}

	/** Holds every request until `time`; never shortens a hold already set. */
	pauseUntil(time: number): void {
		if (time > this.heldUntil) this.heldUntil = time;
	}

	private get rated(): boolean {
		return this.settings.maxRequests > 0 && this.settings.intervalMs > 0;
	}

	/**
	 * Waits for a slot, the rate limit and any hold, in arrival order. Resolves with the function
	 * to call when the answer is in. Throws PacerWaitTooLongError when the hold is longer than
	 * `maxWaitMs`.
	 */
	async acquire(maxWaitMs: number, signal?: AbortSignal): Promise<() => void> {
		await this.takeSlot(signal);
		let started = false;
		try {
			for (let round = 0; round < MAX_ROUNDS; round++) {
				if (signal?.aborted) throw new PacerCancelledError();
				const now = this.clock.now();
				const hold = this.heldUntil - now;
				if (hold > maxWaitMs) throw new PacerWaitTooLongError(hold, this.heldUntil);
				const rate = this.rateWait(now);
				if (hold <= 0 && rate === 0) {
					started = true;
					return this.start();
				}
				if (rate === Number.POSITIVE_INFINITY && hold <= 0) await this.nextRelease(signal);
				else await this.clock.sleep(Math.max(hold, rate === Number.POSITIVE_INFINITY ? 0 : rate), signal);
			}
			throw new Error('The request pacer did not settle');
		} finally {
			if (!started) this.giveSlot();
		}
	}

	private start(): () => void {
		const rated = this.rated;
		if (rated) this.ratedInFlight++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			if (rated) {
				this.ratedInFlight--;
				this.completions.push(this.clock.now());
			}
			this.giveSlot();
			for (const wake of this.releaseWaiters) wake();
			this.releaseWaiters.clear();
		};
	}

	/** 0 when a request may start now, else how long until it may; Infinity: after an answer. */
	private rateWait(now: number): number {
		if (!this.rated) return 0;
		const { maxRequests, intervalMs } = this.settings;
		while (this.completionsHead < this.completions.length && this.completions[this.completionsHead] + intervalMs <= now) {
			this.completionsHead++;
		}
		if (this.completionsHead > 1024 && this.completionsHead * 2 > this.completions.length) {
			this.completions.splice(0, this.completionsHead);
			this.completionsHead = 0;
		}
		const counted = this.ratedInFlight + this.completions.length - this.completionsHead;
		if (counted < maxRequests) return 0;
		if (this.completionsHead < this.completions.length) return this.completions[this.completionsHead] + intervalMs - now;
		return Number.POSITIVE_INFINITY;
	}

	private async nextRelease(signal?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				this.releaseWaiters.delete(wake);
				reject(new PacerCancelledError());
			};
			const wake = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.releaseWaiters.add(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private async takeSlot(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw new PacerCancelledError();
		if (this.active < this.settings.maxConcurrent && this.waiters.length === 0) {
			this.active++;
			this.peak = Math.max(this.peak, this.active);
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const index = this.waiters.indexOf(waiter);
				if (index !== -1) this.waiters.splice(index, 1);
				reject(new PacerCancelledError());
			};
			const waiter = {
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			this.waiters.push(waiter);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private giveSlot(): void {
		const next = this.waiters.shift();
		// The slot passes straight to the next waiter, so nobody can overtake the queue.
		if (next) next.grant();
		else this.active--;
	}
}

interface RegistryEntry {
	pacer: Pacer;
	users: number;
	lastUsed: number;
}

const registry = new Map<string, RegistryEntry>();
const MAX_ENTRIES = 1000;

function expired(entry: RegistryEntry, now: number): boolean {
	return (
		entry.users === 0 &&
		now >= entry.lastUsed + entry.pacer.settings.intervalMs &&
		now >= entry.pacer.pausedUntil
	);
}

function sweep(now: number): void {
	for (const [key, entry] of registry) {
		if (expired(entry, now)) registry.delete(key);
	}
	// Bounded even if something never closes its pacer.
	while (registry.size > MAX_ENTRIES) {
		const oldest = registry.keys().next().value;
		if (oldest === undefined) break;
		registry.delete(oldest);
	}
}

/**
 * The pacer for `scope` (execution and credential), shared by everyone who opens it with the
 * same settings while it is in use. A pacer stays until its rate window and any hold have passed
 * after its last user closed it, so a node that runs again in the same execution (a loop)
 * still sees the requests it just sent; it is removed after that.
 */
export function openPacer(
	scope: string,
	settings: PacerSettings,
	clock: Clock = systemClock,
): { pacer: Pacer; close: () => void } {
	const now = clock.now();
	sweep(now);
	const key = `${scope}\u0000${settings.maxConcurrent}/${settings.maxRequests}/${settings.intervalMs}`;
	let entry = registry.get(key);
	if (!entry) {
		entry = { pacer: new Pacer(settings, clock), users: 0, lastUsed: now };
		registry.set(key, entry);
	}
	entry.users++;
	const opened = entry;
	let closed = false;
	return {
		pacer: opened.pacer,
		close: () => {
			if (closed) return;
			closed = true;
			opened.users--;
			opened.lastUsed = clock.now();
			sweep(opened.lastUsed);
		},
	};
}

/** Pacers currently kept (for tests). */
export function openPacerCount(): number {
	return registry.size;
}
