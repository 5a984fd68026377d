/**
 * Per-key usage: a rate limit counted in fixed windows (Kong's rate-limiting style) and a quota
 * counted per calendar period (UTC), both held in this process. Counts are exact within one n8n
 * process: JavaScript runs one check-and-count at a time. Several processes (queue-mode workers)
 * each count on their own, unless the counters are stored with the key's record and fed back:
 * a stored count for the current window raises the local one (see `seed`).
 */
import { ExpiringMap, type ExpiringMapOptions } from './expiringMap';
import { calendarWindow, fixedWindow, isoTime, type Period, type Window } from './time';

export interface UsageLimits {
	/** Requests per window; 0: no limit (requests are still counted). */
	rateLimit: number;
	rateLimitWindow: number;
	/** Requests per period; 0: no quota (requests are still counted). */
	quota: number;
	period: Period;
}

/** Counters fed back from the store (the record's usage columns). */
export interface UsageSeed {
	windowStart?: number;
	windowCount: number;
	periodStart?: number;
	periodCount: number;
}

/** Usage after this request, as store columns (the same names as in the key record). */
export interface UsageSnapshot {
	keyId: string;
	clientId: string;
	usageWindowStart: string;
	usageWindowSeconds: number;
	usageWindowCount: number;
	usageWindowLimit: number | null;
	usageWindowRemaining: number | null;
	usageWindowResetAt: string;
	usagePeriod: Period;
	usagePeriodStart: string;
	usagePeriodCount: number;
	usagePeriodLimit: number | null;
	usagePeriodRemaining: number | null;
	usagePeriodResetAt: string;
	lastUsedAt: string;
}

export type UsageOutcome =
	| { allowed: true; usage: UsageSnapshot; headers: Record<string, string> }
	| { allowed: false; reason: 'rate_limited' | 'quota_exceeded'; retryAfterSeconds: number; headers: Record<string, string> };

interface Counter {
	start: number;
	count: number;
}

export class UsageRegistry {
	private readonly counters: ExpiringMap<Counter>;

	constructor(options: ExpiringMapOptions = {}) {
		this.counters = new ExpiringMap<Counter>(options);
	}

	/** Counters held right now (two per recently used key at most). */
	get size(): number {
		return this.counters.size;
	}

	get evicted(): number {
		return this.counters.evicted;
	}

	sweep(now: number): number {
		return this.counters.sweep(now);
	}

	clear(): void {
		this.counters.clear();
	}

	private current(name: string, window: Window, seedStart: number | undefined, seedCount: number, now: number): number {
		const local = this.counters.get(name, now);
		const localCount = local && local.start === window.start ? local.count : 0;
		const seeded = seedStart === window.start ? seedCount : 0;
		return Math.max(localCount, seeded);
	}

	/**
	 * Checks the limits for one request of a key and, when it passes both, counts it. A request
	 * that is refused is not counted.
	 */
	consume(ids: { keyId: string; clientId: string }, limits: UsageLimits, seed: UsageSeed, now: number): UsageOutcome {
		const rateWindow = fixedWindow(now, limits.rateLimitWindow);
		const period = calendarWindow(now, limits.period);
		const rateName = `${ids.keyId}\u0000w${limits.rateLimitWindow}`;
		const periodName = `${ids.keyId}\u0000p${limits.period}`;
		const used = this.current(rateName, rateWindow, seed.windowStart, seed.windowCount, now);
		const usedInPeriod = this.current(periodName, period, seed.periodStart, seed.periodCount, now);
		const resetSeconds = (end: number) => Math.max(1, Math.ceil((end - now) / 1000));

		if (limits.rateLimit > 0 && used >= limits.rateLimit) {
			return {
				allowed: false,
				reason: 'rate_limited',
				retryAfterSeconds: resetSeconds(rateWindow.end),
				headers: rateHeaders(limits.rateLimit, 0, resetSeconds(rateWindow.end)),
			};
		}
		if (limits.quota > 0 && usedInPeriod >= limits.quota) {
			return {
				allowed: false,
				reason: 'quota_exceeded',
				retryAfterSeconds: resetSeconds(period.end),
				headers: rateHeaders(limits.quota, 0, resetSeconds(period.end)),
			};
		}

		const count = used + 1;
		const periodCount = usedInPeriod + 1;
		this.counters.set(rateName, { start: rateWindow.start, count }, rateWindow.end, now);
		this.counters.set(periodName, { start: period.start, count: periodCount }, period.end, now);
		const remaining = limits.rateLimit > 0 ? limits.rateLimit - count : null;
		return {
			allowed: true,
			headers: limits.rateLimit > 0 ? rateHeaders(limits.rateLimit, remaining ?? 0, resetSeconds(rateWindow.end)) : {},
			usage: {
				keyId: ids.keyId,
				clientId: ids.clientId,
				usageWindowStart: isoTime(rateWindow.start),
				usageWindowSeconds: limits.rateLimitWindow,
				usageWindowCount: count,
				usageWindowLimit: limits.rateLimit > 0 ? limits.rateLimit : null,
				usageWindowRemaining: remaining,
				usageWindowResetAt: isoTime(rateWindow.end),
				usagePeriod: limits.period,
				usagePeriodStart: isoTime(period.start),
				usagePeriodCount: periodCount,
				usagePeriodLimit: limits.quota > 0 ? limits.quota : null,
				usagePeriodRemaining: limits.quota > 0 ? limits.quota - periodCount : null,
				usagePeriodResetAt: isoTime(period.end),
				lastUsedAt: isoTime(now),
			},
		};
	}
}

/** RateLimit-* headers (IETF httpapi draft, as Kong and others send them). */
function rateHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
	return {
		'RateLimit-Limit': String(limit),
		'RateLimit-Remaining': String(Math.max(0, remaining)),
		'RateLimit-Reset': String(resetSeconds),
	};
}
