/**
 * The two models behind the shared pacer, alone: the quota credits read from the API's answers
 * (QuotaTracker) and the rate learned from bare 429s (AdaptiveRate).
 */
import { AdaptiveRate } from '../../nodes/ApiKeyRequest/pacing/adaptiveRate';
import { QuotaTracker } from '../../nodes/ApiKeyRequest/pacing/quotaTracker';

const quota = (remaining: number, resetAt: number, limit = 100) => [{ limit, remaining, resetAt }];

describe('QuotaTracker', () => {
	test('credits are what the API says is left, less this process\'s requests still under way', () => {
		const tracker = new QuotaTracker();
		expect(tracker.blockedUntil(0, 0)).toBe(0);
		tracker.onAnswer(quota(10, 1000), 0, 3);
		expect(tracker.view(0).credits).toBe(7);
		for (let index = 0; index < 7; index++) tracker.onStart(1);
		expect(tracker.blockedUntil(1, 10)).toBe(1000);
		expect(tracker.holdUntil(1)).toBe(1000);
		// The window is over: up to the limit may start before the new window reports.
		expect(tracker.blockedUntil(1000, 0)).toBe(0);
	});

	test('a later answer of the same window only ever lowers the credits; a stale one is ignored', () => {
		const tracker = new QuotaTracker();
		tracker.onAnswer(quota(50, 1000), 0, 0);
		tracker.onAnswer(quota(60, 1000), 10, 0); // overtaken by a later answer
		expect(tracker.view(10).credits).toBe(50);
		tracker.onAnswer(quota(49, 1000), 20, 0);
		expect(tracker.view(20).credits).toBe(49);
		tracker.onAnswer(quota(0, 500), 600, 0); // its reset has passed
		expect(tracker.view(600).credits).toBe(49);
	});

	test('readings less than a second apart are one window (delta-seconds round); a later reset starts a new one', () => {
		const tracker = new QuotaTracker();
		tracker.onAnswer(quota(10, 5000, 10), 0, 0);
		tracker.onAnswer(quota(9, 5600, 10), 300, 0);
		expect(tracker.view(300)).toMatchObject({ credits: 9, resetAt: 5600 });
		tracker.onAnswer(quota(99, 65_000), 400, 0);
		expect(tracker.view(400)).toMatchObject({ credits: 99, resetAt: 65_000 });
	});

	test("another process's use of the key shows in what the window lost: the next window, this process claims its share", () => {
		const tracker = new QuotaTracker();
		// Two processes, equally busy: between two answers of this one, the key lost two requests.
		let remaining = 99;
		tracker.onAnswer(quota(remaining, 10_000), 0, 0);
		for (let answer = 1; answer <= 20; answer++) {
			tracker.onStart(answer);
			remaining -= 2;
			tracker.onAnswer(quota(remaining, 10_000), answer, 0);
		}
		// Within the window it keeps to what it claimed; it is not alone, so no more than that.
		expect(tracker.view(21).share).toBe(1);
		// The next window: 21 of the 41 the key lost were its own.
		tracker.onAnswer(quota(99, 20_000), 10_000, 0);
		expect(tracker.share).toBeCloseTo(21 / 41, 5);
		expect(tracker.view(10_000).credits).toBe(Math.floor(100 * (21 / 41)) - 1);
		// Every start counts against that entitlement, whatever the API says is left.
		for (let start = 0; start < 10; start++) tracker.onStart(10_001);
		tracker.onAnswer(quota(80, 20_000), 10_002, 9);
		expect(tracker.view(10_002).credits).toBe(Math.floor(100 * (21 / 41)) - 11);
	});

	test('alone again: within a window the credits follow the answers, and the share grows back', () => {
		const tracker = new QuotaTracker();
		tracker.share = 0.5;
		let remaining = 100;
		tracker.onAnswer(quota(remaining, 10_000), 0, 0);
		expect(tracker.view(0).credits).toBe(49);
		for (let answer = 1; answer <= 20; answer++) tracker.onAnswer(quota(--remaining, 10_000), answer, 0);
		// Nobody else took anything: the rest of the window is this process's.
		expect(tracker.view(21)).toMatchObject({ share: 1, credits: 80 });
		tracker.onAnswer(quota(100, 20_000), 10_000, 0);
		expect(tracker.share).toBeGreaterThan(0.5);
	});

	test('answers that overtake each other are noise, not another process', () => {
		const tracker = new QuotaTracker();
		const readings = [100, 98, 99, 96, 97, 95, 93, 94, 92, 90, 91, 89];
		tracker.onAnswer(quota(readings[0], 10_000), 0, 0);
		readings.slice(1).forEach((remaining, index) => tracker.onAnswer(quota(remaining, 10_000), index + 1, 4));
		expect(tracker.view(20).share).toBe(1);
	});

	test('without a reset, or for quotas not counted in requests, nothing is held', () => {
		const tracker = new QuotaTracker();
		tracker.onAnswer([{ remaining: 0 }], 0, 0);
		tracker.onAnswer([{ remaining: 0, resetAt: 5000, unit: 'content-bytes' }], 0, 0);
		tracker.onAnswer([{ remaining: 0, resetAt: 5000, unit: 'other' }], 0, 0);
		expect(tracker.blockedUntil(1, 0)).toBe(0);
	});

	test('the tightest request quota paces: a minute quota before an hour quota', () => {
		const tracker = new QuotaTracker();
		tracker.onAnswer(
			[
				{ limit: 1000, remaining: 500, resetAt: 3_600_000 },
				{ limit: 60, remaining: 0, resetAt: 30_000 },
			],
			0,
			0,
		);
		expect(tracker.blockedUntil(1, 0)).toBe(30_000);
	});
});

describe('AdaptiveRate', () => {
	test('no rule until the API pushes back; then 90 % of what it accepted in the second before', () => {
		const rate = new AdaptiveRate();
		for (let time = 1; time <= 1000; time += 20) rate.onAccepted(time);
		expect(rate.rule(1000)).toBeUndefined();
		rate.onLimited(1000, 990);
		expect(rate.rate).toBeCloseTo(45, 5);
		expect(rate.rule(1000)).toEqual({ maxRequests: 45, intervalMs: 1000 });
	});

	test('a burst of 429s to requests sent before the cut is one signal; a later one cuts to 80 %', () => {
		const rate = new AdaptiveRate();
		for (let time = 1; time <= 1000; time += 10) rate.onAccepted(time);
		rate.onLimited(1000, 995);
		rate.onLimited(1001, 996);
		rate.onLimited(1002, 999);
		expect(rate.rate).toBeCloseTo(90, 5);
		expect(rate.cuts).toBe(1);
		rate.onLimited(1500, 1200);
		expect(rate.rate).toBeCloseTo(72, 5);
		expect(rate.cuts).toBe(2);
	});

	test('grows once a second while it holds requests back: fast up to just below the last cut, then slowly', () => {
		const rate = new AdaptiveRate();
		rate.onAccepted(0);
		for (let index = 0; index < 49; index++) rate.onAccepted(1 + index);
		rate.onLimited(100, 90);
		rate.onLimited(2000, 1500); // 45 → 36, ceiling 45
		expect(rate.rate).toBeCloseTo(36, 5);
		rate.onAccepted(2500);
		expect(rate.rate).toBeCloseTo(36, 5); // not held back: no growth
		const seen: number[] = [];
		for (let second = 3; second < 12; second++) {
			rate.heldBack(second * 1000);
			rate.onAccepted(second * 1000 + 1);
			seen.push(Math.round((rate.rate as number) * 100) / 100);
		}
		// +10 % until 0.95 × 45 = 42.75, then +2 % (at least half a request) a second.
		expect(seen.slice(0, 3)).toEqual([39.6, 42.75, 43.61]);
		expect(seen.every((value, index) => index === 0 || value > seen[index - 1])).toBe(true);
	});

	test('a 429 after fewer than two accepted requests teaches nothing', () => {
		const rate = new AdaptiveRate();
		rate.onLimited(10, 5);
		rate.onAccepted(20);
		rate.onLimited(30, 25);
		expect(rate.rate).toBeUndefined();
	});

	test('below one request a second, the rule spaces single requests', () => {
		const rate = new AdaptiveRate();
		rate.onAccepted(0);
		rate.onAccepted(1);
		rate.onLimited(10, 5); // 2 accepted → 1.8/s
		rate.onLimited(20, 15); // → 1.44/s
		rate.onLimited(30, 25); // → 1.152/s
		rate.onLimited(40, 35); // → 0.9216/s
		expect(rate.rule(40)).toEqual({ maxRequests: 1, intervalMs: 1085 });
	});

	test('forgotten ten minutes after the last 429', () => {
		const rate = new AdaptiveRate();
		rate.onAccepted(0);
		rate.onAccepted(1);
		rate.onLimited(10, 5);
		expect(rate.rule(10 + 9 * 60_000)).toBeDefined();
		expect(rate.rule(10 + 11 * 60_000)).toBeUndefined();
		expect(rate.rate).toBeUndefined();
	});
});
