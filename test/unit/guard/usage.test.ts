/**
 * Rate limits and quotas on a virtual clock: time is a number the test moves, so windows are
 * exact and nothing waits.
 */
import fc from 'fast-check';

import { ExpiringMap } from '../../../nodes/ApiKeyGuard/helpers/expiringMap';
import { calendarWindow, fixedWindow } from '../../../nodes/ApiKeyGuard/helpers/time';
import { UsageRegistry, type UsageLimits } from '../../../nodes/ApiKeyGuard/helpers/usage';
import { checkKey } from '../../../nodes/ApiKeyGuard/helpers/verifyKey';
import { makeKey, policy, presentedFor, recordFrom } from '../../helpers/guardFixtures';

const START = Date.UTC(2030, 0, 1, 0, 0, 0); // aligned to every window and period
const ids = { keyId: 'KEY000000001', clientId: 'c1' };
const limits = (overrides: Partial<UsageLimits> = {}): UsageLimits => ({ rateLimit: 3, rateLimitWindow: 60, quota: 0, period: 'month', ...overrides });
const noSeed = { windowCount: 0, periodCount: 0 };

describe('fixed windows', () => {
	it('aligns windows to the epoch and calendar periods to UTC', () => {
		expect(fixedWindow(START + 59_999, 60)).toEqual({ start: START, end: START + 60_000 });
		expect(fixedWindow(START + 60_000, 60)).toEqual({ start: START + 60_000, end: START + 120_000 });
		expect(calendarWindow(Date.UTC(2030, 1, 28, 23, 59, 59, 999), 'month')).toEqual({ start: Date.UTC(2030, 1, 1), end: Date.UTC(2030, 2, 1) });
		expect(calendarWindow(Date.UTC(2030, 11, 31, 12), 'month').end).toBe(Date.UTC(2031, 0, 1));
		expect(calendarWindow(Date.UTC(2030, 0, 2, 5), 'week')).toEqual({ start: Date.UTC(2029, 11, 31), end: Date.UTC(2030, 0, 7) }); // Monday
		expect(calendarWindow(Date.UTC(2030, 0, 6, 23), 'week').start).toBe(Date.UTC(2029, 11, 31)); // Sunday belongs to the week before
		expect(calendarWindow(START + 3_599_999, 'hour')).toEqual({ start: START, end: START + 3_600_000 });
		expect(calendarWindow(START + 1, 'day')).toEqual({ start: START, end: START + 86_400_000 });
	});
});

describe('rate limit', () => {
	it('allows exactly the limit per window, counts only what it allows, and resets with the next window', () => {
		const registry = new UsageRegistry();
		const results = [0, 1, 2, 3, 4].map((second) => registry.consume(ids, limits(), noSeed, START + second * 1000));
		expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
		const last = results[2];
		expect(last.allowed && last.usage).toMatchObject({ usageWindowCount: 3, usageWindowRemaining: 0, usageWindowLimit: 3 });
		expect(results[3]).toEqual({
			allowed: false,
			reason: 'rate_limited',
			retryAfterSeconds: 57,
			headers: { 'RateLimit-Limit': '3', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '57' },
		});
		// The last millisecond of the window is still refused; the first of the next is allowed.
		expect(registry.consume(ids, limits(), noSeed, START + 59_999)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
		const next = registry.consume(ids, limits(), noSeed, START + 60_000);
		expect(next.allowed && next.usage.usageWindowCount).toBe(1);
	});

	it('counts keys separately', () => {
		const registry = new UsageRegistry();
		for (let index = 0; index < 3; index++) registry.consume(ids, limits(), noSeed, START);
		expect(registry.consume(ids, limits(), noSeed, START).allowed).toBe(false);
		expect(registry.consume({ keyId: 'KEY000000002', clientId: 'c2' }, limits(), noSeed, START).allowed).toBe(true);
	});

	it('counts every request without a limit, with null remaining', () => {
		const registry = new UsageRegistry();
		let result;
		for (let index = 0; index < 50; index++) result = registry.consume(ids, limits({ rateLimit: 0 }), noSeed, START + index);
		expect(result).toMatchObject({ allowed: true, headers: {}, usage: { usageWindowCount: 50, usageWindowLimit: null, usageWindowRemaining: null } });
	});

	it('is raised by counters stored for the current window (fed back from the store), never lowered', () => {
		const registry = new UsageRegistry();
		const seeded = { windowStart: START, windowCount: 2, periodCount: 0 };
		const first = registry.consume(ids, limits(), seeded, START + 10);
		expect(first.allowed && first.usage.usageWindowCount).toBe(3);
		expect(registry.consume(ids, limits(), seeded, START + 20).allowed).toBe(false);
		// A stored count of an older window does not count.
		const other = new UsageRegistry();
		const stale = other.consume(ids, limits(), { windowStart: START - 60_000, windowCount: 99, periodCount: 0 }, START);
		expect(stale.allowed && stale.usage.usageWindowCount).toBe(1);
		// A smaller stored count does not lower what this process counted.
		const lower = registry.consume({ ...ids }, limits({ rateLimit: 10 }), { windowStart: START, windowCount: 0, periodCount: 0 }, START + 30);
		expect(lower.allowed && lower.usage.usageWindowCount).toBe(4); // 3 counted here before, plus this one
	});
});

describe('rate limit against a model (property)', () => {
	it('allows exactly min(limit, requests) in every window, for any arrival pattern', () => {
		const arrivals = fc.array(fc.integer({ min: 0, max: 5 * 60_000 - 1 }), { maxLength: 200 }).map((times) => times.sort((a, b) => a - b));
		fc.assert(
			fc.property(arrivals, fc.integer({ min: 1, max: 10 }), fc.constantFrom(1, 7, 60), (times, limit, windowSeconds) => {
				const registry = new UsageRegistry({ sweepIntervalMs: 0 });
				const allowedPerWindow = new Map<number, number>();
				const sentPerWindow = new Map<number, number>();
				for (const offset of times) {
					const now = START + offset;
					const window = Math.floor(now / (windowSeconds * 1000));
					sentPerWindow.set(window, (sentPerWindow.get(window) ?? 0) + 1);
					const result = registry.consume(ids, limits({ rateLimit: limit, rateLimitWindow: windowSeconds }), noSeed, now);
					if (result.allowed) {
						allowedPerWindow.set(window, (allowedPerWindow.get(window) ?? 0) + 1);
						expect(result.usage.usageWindowCount).toBe(allowedPerWindow.get(window));
					} else {
						expect(result.retryAfterSeconds).toBe(Math.max(1, Math.ceil(((window + 1) * windowSeconds * 1000 - now) / 1000)));
					}
				}
				for (const [window, sent] of sentPerWindow) expect(allowedPerWindow.get(window) ?? 0).toBe(Math.min(limit, sent));
				// Bounded: at most the current window's and period's counters are left.
				expect(registry.size).toBeLessThanOrEqual(2);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('quota', () => {
	it('allows the quota per calendar month, then answers quota_exceeded until the month ends', () => {
		const registry = new UsageRegistry();
		const quota = limits({ rateLimit: 0, quota: 5, period: 'month' });
		for (let day = 0; day < 5; day++) expect(registry.consume(ids, quota, noSeed, START + day * 86_400_000).allowed).toBe(true);
		const refused = registry.consume(ids, quota, noSeed, Date.UTC(2030, 0, 31, 23, 0, 0));
		expect(refused).toEqual({
			allowed: false,
			reason: 'quota_exceeded',
			retryAfterSeconds: 3600,
			headers: { 'RateLimit-Limit': '5', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '3600' },
		});
		const february = registry.consume(ids, quota, noSeed, Date.UTC(2030, 1, 1));
		expect(february.allowed && february.usage).toMatchObject({ usagePeriodCount: 1, usagePeriodRemaining: 4, usagePeriodStart: '2030-02-01T00:00:00.000Z' });
	});

	it('continues from a stored period count', () => {
		const registry = new UsageRegistry();
		const quota = limits({ rateLimit: 0, quota: 5, period: 'day' });
		expect(registry.consume(ids, quota, { windowCount: 0, periodStart: START, periodCount: 4 }, START + 5).allowed).toBe(true);
		expect(registry.consume(ids, quota, { windowCount: 0, periodStart: START, periodCount: 4 }, START + 6).allowed).toBe(false);
	});

	it('checks the rate limit before the quota, and a refused request uses neither', () => {
		const registry = new UsageRegistry();
		const both = limits({ rateLimit: 2, quota: 3, period: 'day' });
		expect(registry.consume(ids, both, noSeed, START).allowed).toBe(true);
		expect(registry.consume(ids, both, noSeed, START + 1).allowed).toBe(true);
		expect(registry.consume(ids, both, noSeed, START + 2)).toMatchObject({ reason: 'rate_limited' });
		const next = registry.consume(ids, both, noSeed, START + 60_000);
		expect(next.allowed && next.usage.usagePeriodCount).toBe(3);
		expect(registry.consume(ids, both, noSeed, START + 120_000)).toMatchObject({ reason: 'quota_exceeded' });
	});
});

describe('bounded memory', () => {
	it('holds counters only while their windows last: the registry shrinks back to empty', () => {
		const registry = new UsageRegistry({ sweepIntervalMs: 1000 });
		const short = limits({ rateLimitWindow: 10, period: 'hour' });
		for (let key = 0; key < 5000; key++) registry.consume({ keyId: `K${String(key).padStart(11, '0')}`, clientId: 'c' }, short, noSeed, START + key);
		expect(registry.size).toBe(10_000); // one window counter and one period counter per key
		// Still inside the hour: the window counters are gone, the period counters stay.
		registry.consume(ids, short, noSeed, START + 30_000);
		expect(registry.size).toBe(5000 + 2);
		// After the hour, one request sweeps everything else away.
		registry.consume(ids, short, noSeed, START + 3_600_000 + 1);
		expect(registry.size).toBe(2);
		expect(registry.sweep(START + 2 * 3_600_000)).toBe(2);
		expect(registry.size).toBe(0);
	});

	it('never holds more than maxEntries (oldest first out)', () => {
		const registry = new UsageRegistry({ maxEntries: 100 });
		for (let key = 0; key < 1000; key++) registry.consume({ keyId: `K${key}`, clientId: 'c' }, limits(), noSeed, START);
		expect(registry.size).toBeLessThanOrEqual(100);
		expect(registry.evicted).toBeGreaterThan(0);
	});

	it('ExpiringMap: expiry on read, renewal moves an entry to the back, sweeps are rate-limited', () => {
		const map = new ExpiringMap<number>({ maxEntries: 2, sweepIntervalMs: 1000 });
		map.set('a', 1, 100, 0);
		map.set('b', 2, 200, 0);
		map.set('a', 3, 300, 0); // renewed: 'b' is now the oldest
		map.set('c', 4, 400, 0);
		expect(map.get('b', 0)).toBeUndefined();
		expect(map.get('a', 0)).toBe(3);
		expect(map.get('a', 300)).toBeUndefined();
		expect(map.update('c', 5, 301)).toBe(true);
		expect(map.get('c', 302)).toBe(5);
		map.set('past', 1, 10, 20); // already expired: not stored
		expect(map.get('past', 20)).toBeUndefined();
	});
});

describe('limits through checkKey', () => {
	it('uses the record\'s limits, else the defaults, and answers 429 with Retry-After and RateLimit headers', () => {
		const limited = makeKey({ rateLimit: 2, rateLimitWindow: 30 });
		const usage = new UsageRegistry();
		const run = (now: number, key = limited) => checkKey(presentedFor(key.key, key.keyId), key.record, policy({ now, usage }));
		expect(run(START).allowed).toBe(true);
		expect(run(START + 1).allowed).toBe(true);
		const refused = run(START + 10_000);
		expect(refused).toMatchObject({ reason: 'rate_limited', statusCode: 429 });
		if (refused.allowed) return;
		expect(refused.headers).toMatchObject({ 'Retry-After': '20', 'RateLimit-Limit': '2', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '20' });
		expect(refused.body).toEqual({ error: 'rate_limited', message: 'Too many requests for this API key', retryAfter: 20 });
		expect(run(START + 30_000).allowed).toBe(true);

		const unlimited = makeKey();
		const defaults = { rateLimit: 1, rateLimitWindow: 60, quota: 0, period: 'month' as const };
		const withDefault = (now: number) => checkKey(presentedFor(unlimited.key, unlimited.keyId), unlimited.record, policy({ now, usage, defaults }));
		expect(withDefault(START).allowed).toBe(true);
		expect(withDefault(START + 1)).toMatchObject({ reason: 'rate_limited' });
	});

	it('outputs usage as store columns the record reads back', () => {
		const key = makeKey({ rateLimit: 10 });
		const decision = checkKey(presentedFor(key.key, key.keyId), key.record, policy({ now: START + 5, usage: new UsageRegistry() }));
		if (!decision.allowed) throw new Error('expected allowed');
		const fedBack = recordFrom({ ...key.stored, ...decision.usage });
		expect(fedBack.usageWindowStart).toBe(START);
		expect(fedBack.usageWindowCount).toBe(1);
		expect(fedBack.lastUsedAt).toBe(START + 5);
		// A fresh process (new registry) continues from the stored count.
		const again = checkKey(presentedFor(key.key, key.keyId), fedBack, policy({ now: START + 6, usage: new UsageRegistry() }));
		expect(again.allowed && again.usage.usageWindowCount).toBe(2);
	});
});
