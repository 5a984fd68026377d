import { sleep } from 'n8n-workflow';

import { AdaptiveRate, type RateRule } from './adaptiveRate';
import type { QuotaState } from './quotaHeaders';
import { QuotaTracker } from './quotaTracker';

/**
 * Client-side pacing for one key at one origin, shared by every execution of the n8n process
 * that uses it (see ./registry.ts): at most `maxConcurrent` requests in flight, at most
 * `maxRequests` reaching the API in any `intervalMs` window, a hold while the API says the key
 * must wait, the quota the API reports (./quotaTracker.ts) and a rate learned from 429s
 * (./adaptiveRate.ts). Requests are granted in turn between the executions waiting (round robin),
 * and in arrival order within one execution, so no execution starves another.
 */

export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest wait a Node timer can hold (about 24.8 days). A longer one would fire after 1 ms
 * (Node's TimeoutOverflowWarning), so a huge Timeout or Max Wait would turn into no wait at all.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Real time. Waits are cancellable through the signal. Only `sleep` is used from n8n-workflow:
 * n8n 2.x no longer exports `sleepWithAbort` (and in 1.x it leaves its listener on the signal
 * after every normal wake), so a cancelled wait just stops being awaited.
 */
export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (requestedMs, signal) => {
		const ms = Math.min(requestedMs, MAX_TIMER_MS);
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

/** What one node run sets under Options > Rate Limit: its view of the key's budget. */
export interface PacerSettings {
	maxConcurrent: number;
	/**
	 * Whether Max Concurrent Requests differs from its default. Runs at the same time share the
	 * lowest value chosen; a run that left the default does not pull down one that raised it.
	 */
	maxConcurrentSet?: boolean;
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

/** What the API answered to a paced request. */
export interface Answer {
	/** Quotas the answer reported (parsed quota headers). */
	quotas: readonly QuotaState[];
	/** A 429 (or 503 with Retry-After): the API refused because of the key's rate. */
	limited: boolean;
}

/** A granted request: release it with the answer (or nothing, after a network error). */
export interface Permit {
	readonly startedAt: number;
	/** How long this request waited because the API held the key (Retry-After, a quota reset). */
	readonly heldMs: number;
	release(answer?: Answer): void;
}

export interface AcquireOptions {
	/** Who waits: requests are granted in turn between parties (an execution each). */
	party: string;
	/** Fail with PacerWaitTooLongError instead of waiting for a hold longer than this. */
	maxHoldMs: number;
	signal?: AbortSignal;
}

/** What the key's pacer knows, for Include Quota State. */
export interface PacerSnapshot {
	/** Executions with a node run using the key in this n8n process. */
	executions: number;
	inFlight: number;
	waiting: number;
	/** The API holds the key until then (epoch ms), if it does. */
	heldUntil?: number;
	/** Requests per second learned from the API's 429s, if it sent any without quota headers. */
	adaptiveRate?: number;
	/** This process's estimated share of the key's use (1 when it is alone). */
	share: number;
	/** Requests this process may still start before the API's quota resets, if it reported one. */
	credits?: number;
}

interface Waiter {
	party: string;
	maxHoldMs: number;
	enqueuedAt: number;
	/** The latest end of an API hold seen while waiting */
	holdEnd: number;
	resolve: (permit: Permit) => void;
	reject: (error: Error) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
}

interface Lease {
	party: string;
	settings: PacerSettings;
}

/** Rules with the same interval collapse to the lowest count; every interval counts on its own. */
function combineRules(leases: Iterable<Lease>): { maxConcurrent: number; rules: RateRule[] } {
	let maxConcurrent = Number.POSITIVE_INFINITY;
	let maxConcurrentSet = Number.POSITIVE_INFINITY;
	const byInterval = new Map<number, number>();
	for (const { settings } of leases) {
		const concurrent = Math.max(1, settings.maxConcurrent);
		maxConcurrent = Math.min(maxConcurrent, concurrent);
		if (settings.maxConcurrentSet) maxConcurrentSet = Math.min(maxConcurrentSet, concurrent);
		if (settings.maxRequests > 0 && settings.intervalMs > 0) {
			byInterval.set(settings.intervalMs, Math.min(byInterval.get(settings.intervalMs) ?? Number.POSITIVE_INFINITY, settings.maxRequests));
		}
	}
	const rules = [...byInterval].map(([intervalMs, maxRequests]) => ({ intervalMs, maxRequests }));
	if (Number.isFinite(maxConcurrentSet)) maxConcurrent = maxConcurrentSet;
	return { maxConcurrent: Number.isFinite(maxConcurrent) ? maxConcurrent : 1, rules };
}

const NONE = 0;
const AFTER_RELEASE = Number.POSITIVE_INFINITY;

export class Pacer {
	private active = 0;
	private peak = 0;
	/** Waiters per party, and the parties with waiters in the order they take turns. */
	private readonly queues = new Map<string, Waiter[]>();
	private readonly turns: string[] = [];
	private turn = 0;
	private lastServed?: string;
	private waitingCount = 0;
	private readonly leases = new Set<Lease>();
	private limits: { maxConcurrent: number; rules: RateRule[] } = { maxConcurrent: 1, rules: [] };
	/**
	 * A rate limit counts a request from its start until `intervalMs` after its answer: the API
	 * sees it somewhere in between, so this bounds what arrives there in any window, however long
	 * requests take. `completions` holds the answer times still inside the longest window, oldest
	 * first.
	 */
	private readonly completions: number[] = [];
	private completionsHead = 0;
	private heldUntil = 0;
	private timerAt = Number.POSITIVE_INFINITY;
	private pumping = false;
	private repump = false;
	readonly quota = new QuotaTracker();
	readonly adaptive = new AdaptiveRate();

	constructor(private readonly clock: Clock = systemClock) {}

	/** Requests currently holding a slot. */
	get inFlight(): number {
		return this.active;
	}

	/** Most requests ever in flight at once (for tests and the benchmark). */
	get peakInFlight(): number {
		return this.peak;
	}

	get waiting(): number {
		return this.waitingCount;
	}

	/** Node runs using the pacer now. */
	get users(): number {
		return this.leases.size;
	}

	/** Until when every request with this key waits (epoch ms; in the past when not held). */
	get pausedUntil(): number {
		return Math.max(this.heldUntil, this.quota.holdUntil(this.clock.now()));
	}

	/** A node run starts using the key with its settings; the returned function ends that. */
	join(party: string, settings: PacerSettings): () => void {
		const lease: Lease = { party, settings };
		this.leases.add(lease);
		this.limits = combineRules(this.leases);
		let left = false;
		return () => {
			if (left) return;
			left = true;
			this.leases.delete(lease);
			if (this.leases.size > 0) this.limits = combineRules(this.leases);
			// A run that ended (or was cancelled) leaves no waiter behind: its share goes to the others.
			if (![...this.leases].some((other) => other.party === party)) this.dropParty(party);
			this.pump();
		};
	}

	/** Holds every request until `time`; never shortens a hold already set. */
	pauseUntil(time: number): void {
		if (time <= this.heldUntil) return;
		this.heldUntil = time;
		this.checkHolds();
		this.pump();
	}

	snapshot(): PacerSnapshot {
		const now = this.clock.now();
		const parties = new Set([...this.leases].map((lease) => lease.party));
		const held = this.pausedUntil;
		const quota = this.quota.view(now);
		const rule = this.adaptive.rule(now);
		return {
			executions: parties.size,
			inFlight: this.active,
			waiting: this.waitingCount,
			...(held > now ? { heldUntil: held } : {}),
			...(rule && this.adaptive.rate !== undefined ? { adaptiveRate: Math.round(this.adaptive.rate * 100) / 100 } : {}),
			share: Math.round(quota.share * 100) / 100,
			...(quota.credits !== undefined ? { credits: Math.max(0, quota.credits) } : {}),
		};
	}

	/**
	 * Waits for a slot, the rate limits and any hold, taking turns with the other parties.
	 * Throws PacerWaitTooLongError when a hold is (or becomes) longer than `maxHoldMs`.
	 */
	async acquire(options: AcquireOptions): Promise<Permit> {
		const { signal } = options;
		if (signal?.aborted) throw new PacerCancelledError();
		const now = this.clock.now();
		const holdEnd = this.holdEnd(now);
		if (holdEnd - now > options.maxHoldMs) throw new PacerWaitTooLongError(holdEnd - now, holdEnd);
		return await new Promise<Permit>((resolve, reject) => {
			const waiter: Waiter = { party: options.party, maxHoldMs: options.maxHoldMs, enqueuedAt: now, holdEnd, resolve, reject, signal };
			if (signal) {
				waiter.onAbort = () => {
					if (this.remove(waiter)) reject(new PacerCancelledError());
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			this.enqueue(waiter);
			this.pump();
		});
	}

	/** The end of what the API imposes: a hold, or a used-up quota until its reset. */
	private holdEnd(now: number): number {
		return Math.max(this.heldUntil, this.quota.holdUntil(now), now);
	}

	private enqueue(waiter: Waiter): void {
		let queue = this.queues.get(waiter.party);
		if (!queue) {
			queue = [];
			this.queues.set(waiter.party, queue);
			this.turns.push(waiter.party);
		}
		queue.push(waiter);
		this.waitingCount++;
	}

	/** Takes a waiter out of its queue; false when it was no longer there. */
	private remove(waiter: Waiter): boolean {
		const queue = this.queues.get(waiter.party);
		const index = queue ? queue.indexOf(waiter) : -1;
		if (!queue || index === -1) return false;
		queue.splice(index, 1);
		this.waitingCount--;
		this.detach(waiter);
		if (queue.length === 0) this.removeParty(waiter.party);
		return true;
	}

	private removeParty(party: string): void {
		this.queues.delete(party);
		const index = this.turns.indexOf(party);
		if (index === -1) return;
		this.turns.splice(index, 1);
		if (index < this.turn) this.turn--;
	}

	private dropParty(party: string): void {
		const queue = this.queues.get(party);
		if (!queue) return;
		for (const waiter of queue.splice(0)) {
			this.waitingCount--;
			this.detach(waiter);
			waiter.reject(new PacerCancelledError());
		}
		this.removeParty(party);
	}

	private detach(waiter: Waiter): void {
		if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
	}

	/**
	 * The next waiter by turns: one request per party in rotation, FIFO within a party, and never
	 * the same party twice in a row while another waits.
	 */
	private next(): Waiter {
		if (this.turn >= this.turns.length) this.turn = 0;
		if (this.turns.length > 1 && this.turns[this.turn] === this.lastServed) this.turn = (this.turn + 1) % this.turns.length;
		const party = this.turns[this.turn];
		this.lastServed = party;
		const queue = this.queues.get(party) as Waiter[];
		const waiter = queue.shift() as Waiter;
		this.waitingCount--;
		this.detach(waiter);
		// The turn passes to whoever comes after this party, also a party that joins the rotation now.
		if (queue.length === 0) this.removeParty(party);
		else this.turn++;
		return waiter;
	}

	/** Fails waiters that cannot wait as long as the API now holds the key. */
	private checkHolds(): void {
		if (this.waitingCount === 0) return;
		const now = this.clock.now();
		const end = this.holdEnd(now);
		for (const queue of [...this.queues.values()]) {
			for (const waiter of [...queue]) {
				waiter.holdEnd = Math.max(waiter.holdEnd, end);
				if (end - now > waiter.maxHoldMs && this.remove(waiter)) waiter.reject(new PacerWaitTooLongError(end - now, end));
			}
		}
	}

	private get maxConcurrent(): number {
		const cap = this.quota.concurrencyCap;
		return cap === undefined ? this.limits.maxConcurrent : Math.min(cap, this.limits.maxConcurrent);
	}

	/** Grants every waiter that may start now; sets a timer for the first moment one may. */
	private pump(): void {
		if (this.pumping) {
			this.repump = true;
			return;
		}
		this.pumping = true;
		try {
			do {
				this.repump = false;
				while (this.waitingCount > 0 && this.active < this.maxConcurrent) {
					const now = this.clock.now();
					const until = this.blockedUntil(now);
					if (until > now) {
						if (until !== AFTER_RELEASE) this.wakeAt(until, now);
						break;
					}
					this.grant(this.next(), now);
				}
			} while (this.repump);
		} finally {
			this.pumping = false;
		}
	}

	private wakeAt(time: number, now: number): void {
		if (time >= this.timerAt) return;
		this.timerAt = time;
		void this.clock.sleep(time - now).then(
			() => {
				if (this.timerAt === time) this.timerAt = Number.POSITIVE_INFINITY;
				this.pump();
			},
			() => {
				if (this.timerAt === time) this.timerAt = Number.POSITIVE_INFINITY;
			},
		);
	}

	private grant(waiter: Waiter, now: number): void {
		this.active++;
		if (this.active > this.peak) this.peak = this.active;
		this.quota.onStart(now);
		const heldMs = Math.max(0, Math.min(now, waiter.holdEnd) - waiter.enqueuedAt);
		let released = false;
		waiter.resolve({
			startedAt: now,
			heldMs,
			release: (answer?: Answer) => {
				if (released) return;
				released = true;
				this.finish(now, answer);
			},
		});
	}

	private finish(startedAt: number, answer: Answer | undefined): void {
		const now = this.clock.now();
		this.active--;
		this.completions.push(now);
		if (answer) {
			const holdBefore = this.quota.holdUntil(now);
			this.quota.onAnswer(answer.quotas, now, this.active, answer.limited);
			const countsQuota = answer.quotas.some((quota) => quota.remaining !== undefined && quota.unit === undefined);
			if (answer.limited && !countsQuota) this.adaptive.onLimited(now, startedAt);
			else if (!answer.limited) this.adaptive.onAccepted(now);
			if (this.quota.holdUntil(now) > holdBefore) this.checkHolds();
		}
		this.pump();
	}

	/** 0 when a request may start now, else when it may; AFTER_RELEASE: once an answer comes. */
	private blockedUntil(now: number): number {
		let until = this.heldUntil > now ? this.heldUntil : NONE;
		this.pruneCompletions(now);
		for (const rule of this.limits.rules) until = Math.max(until, this.rateWait(rule, now));
		const adaptive = this.adaptive.rule(now);
		if (adaptive) {
			const wait = this.rateWait(adaptive, now);
			if (wait > now) this.adaptive.heldBack(now);
			until = Math.max(until, wait);
		}
		return Math.max(until, this.quota.blockedUntil(now, this.active));
	}

	/** When the rule lets one more request start: NONE (now), a time, or AFTER_RELEASE. */
	private rateWait(rule: RateRule, now: number): number {
		const { maxRequests, intervalMs } = rule;
		const completions = this.completions;
		// Answers inside the window: the last ones, found by binary search (they are in order).
		let low = this.completionsHead;
		let high = completions.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (completions[middle] + intervalMs <= now) low = middle + 1;
			else high = middle;
		}
		const inWindow = completions.length - low;
		const counted = this.active + inWindow;
		if (counted < maxRequests) return NONE;
		const mustAge = counted - maxRequests + 1;
		if (mustAge > inWindow) return AFTER_RELEASE;
		return completions[low + mustAge - 1] + intervalMs;
	}

	private pruneCompletions(now: number): void {
		let longest = 1000;
		for (const rule of this.limits.rules) longest = Math.max(longest, rule.intervalMs);
		const adaptive = this.adaptive.rate !== undefined ? this.adaptive.rule(now) : undefined;
		if (adaptive) longest = Math.max(longest, adaptive.intervalMs);
		const completions = this.completions;
		while (this.completionsHead < completions.length && completions[this.completionsHead] + longest <= now) this.completionsHead++;
		if (this.completionsHead > 1024 && this.completionsHead * 2 > completions.length) {
			completions.splice(0, this.completionsHead);
			this.completionsHead = 0;
		}
	}

	/** Whether nothing waits, runs or is held: the registry may forget the pacer after a while. */
	idle(now: number): boolean {
		return this.leases.size === 0 && this.active === 0 && this.waitingCount === 0 && this.pausedUntil <= now;
	}
}
