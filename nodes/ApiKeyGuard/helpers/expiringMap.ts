/**
 * A Map whose entries expire at a time given per entry, with bounded memory: expired entries are
 * swept at most once per sweep interval (on access, no timers), and when the map is full the
 * oldest entries go first. Time comes from the caller, so tests run on a virtual clock.
 */

interface Entry<V> {
	value: V;
	expiresAt: number;
}

export interface ExpiringMapOptions {
	/** Most entries held at once (default 100,000). */
	maxEntries?: number;
	/** Least time between two sweeps of expired entries, in ms (default 1,000). */
	sweepIntervalMs?: number;
}

export class ExpiringMap<V> {
	private readonly entries = new Map<string, Entry<V>>();
	private readonly maxEntries: number;
	private readonly sweepIntervalMs: number;
	private nextSweepAt = Number.NEGATIVE_INFINITY;
	/** Entries dropped because the map was full (not because they expired). */
	evicted = 0;

	constructor(options: ExpiringMapOptions = {}) {
		this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
		this.sweepIntervalMs = Math.max(0, options.sweepIntervalMs ?? 1000);
	}

	get size(): number {
		return this.entries.size;
	}

	/** The live value for a key, or undefined. */
	get(key: string, now: number): V | undefined {
		this.maybeSweep(now);
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	/** Sets a value; a new or renewed entry moves to the end of the eviction order. */
	set(key: string, value: V, expiresAt: number, now: number): void {
		this.maybeSweep(now);
		this.entries.delete(key);
		if (expiresAt <= now) return;
		while (this.entries.size >= this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
			this.evicted++;
		}
		this.entries.set(key, { value, expiresAt });
	}

	/** Updates a live entry in place (same expiry, same eviction position). */
	update(key: string, value: V, now: number): boolean {
		const entry = this.entries.get(key);
		if (!entry || entry.expiresAt <= now) return false;
		entry.value = value;
		return true;
	}

	/** Removes every expired entry; returns how many went. */
	sweep(now: number): number {
		let removed = 0;
		for (const [key, entry] of this.entries) {
			if (entry.expiresAt <= now) {
				this.entries.delete(key);
				removed++;
			}
		}
		this.nextSweepAt = now + this.sweepIntervalMs;
		return removed;
	}

	clear(): void {
		this.entries.clear();
		this.evicted = 0;
	}

	private maybeSweep(now: number): void {
		if (now >= this.nextSweepAt) this.sweep(now);
	}
}
