import { backoffDelay, decideRetry, defaultRetrySettings, isRetryableNetworkError, parseStatusList } from '../../nodes/ApiKeyRequest/transport/retryDecision';
import { exhaustedUntil, parseDuration, parseQuotas, parseReset, parseRetryAfter, retryAfterMs, tightestQuota } from '../../nodes/ApiKeyRequest/pacing/quotaHeaders';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const half = () => 0.5;

describe('Retry-After', () => {
	test('delta-seconds, also with a fraction', () => {
		expect(parseRetryAfter('120', NOW)).toBe(120_000);
		expect(parseRetryAfter('0', NOW)).toBe(0);
		expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1500);
	});

	test('HTTP-date in all three formats of RFC 9110', () => {
		expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Wednesday, 15-Jan-25 12:01:00 GMT', NOW)).toBe(60_000);
		expect(parseRetryAfter('Wed Jan 15 12:00:05 2025', NOW)).toBe(5000);
	});

	test('a date in the past means now; garbage and absence mean unknown', () => {
		expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('soon', NOW)).toBeUndefined();
		expect(parseRetryAfter('-5', NOW)).toBeUndefined();
		expect(parseRetryAfter('', NOW)).toBeUndefined();
		expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
	});

	test('retry-after-ms wins over retry-after', () => {
		expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '1' }, NOW)).toBe(250);
		expect(retryAfterMs({ 'retry-after': ['3', '9'] }, NOW)).toBe(3000);
		expect(retryAfterMs({}, NOW)).toBeUndefined();
	});
});

describe('reset values', () => {
	test('epoch seconds, epoch milliseconds, seconds from now, durations, dates', () => {
		expect(parseReset(String(NOW / 1000 + 30), NOW)).toBe(NOW + 30_000);
		expect(parseReset(String(NOW + 1234), NOW)).toBe(NOW + 1234);
		expect(parseReset('42', NOW)).toBe(NOW + 42_000);
		expect(parseReset('6m0s', NOW)).toBe(NOW + 360_000);
		expect(parseReset('2025-01-15T12:00:10Z', NOW)).toBe(NOW + 10_000);
	});

	test('the IETF headers are always seconds from now', () => {
		expect(parseReset('1736942430', NOW, true)).toBe(NOW + 1736942430_000);
	});

	test('durations as OpenAI writes them', () => {
		expect(parseDuration('1s')).toBe(1000);
		expect(parseDuration('20ms')).toBe(20);
		expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
		expect(parseDuration('6m0s')).toBe(360_000);
		expect(parseDuration('soon')).toBeUndefined();
	});
});

describe('quota headers', () => {
	test('X-RateLimit-* (GitHub: reset in epoch seconds)', () => {
		const quotas = parseQuotas(
			{ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(NOW / 1000 + 60), 'x-ratelimit-used': '1' },
			NOW,
		);
		expect(quotas).toEqual([{ limit: 5000, remaining: 4999, resetAt: NOW + 60_000 }]);
	});

	test('X-Rate-Limit-* (Twitter spelling) and mixed case names', () => {
		expect(parseQuotas({ 'X-Rate-Limit-Limit': '15', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(NOW / 1000 + 900) }, NOW)).toEqual([
			{ limit: 15, remaining: 0, resetAt: NOW + 900_000 },
		]);
	});

	test('suffixed families are separate quotas (Kong minute/hour, OpenAI requests/tokens)', () => {
		const kong = parseQuotas(
			{
				'x-ratelimit-limit-minute': '60',
				'x-ratelimit-remaining-minute': '0',
				'x-ratelimit-limit-hour': '1000',
				'x-ratelimit-remaining-hour': '500',
			},
			NOW,
		);
		expect(kong).toHaveLength(2);
		expect(tightestQuota(kong)).toEqual({ limit: 60, remaining: 0, resetAt: undefined });

		const openai = parseQuotas(
			{
				'x-ratelimit-limit-requests': '500',
				'x-ratelimit-remaining-requests': '499',
				'x-ratelimit-reset-requests': '120ms',
				'x-ratelimit-limit-tokens': '30000',
				'x-ratelimit-remaining-tokens': '0',
				'x-ratelimit-reset-tokens': '6m0s',
			},
			NOW,
		);
		expect(tightestQuota(openai)).toEqual({ limit: 30000, remaining: 0, resetAt: NOW + 360_000 });
		expect(exhaustedUntil(openai, NOW)).toBe(NOW + 360_000);
	});

	test('RateLimit-Limit/-Remaining/-Reset with RateLimit-Policy (draft 6 and earlier)', () => {
		expect(
			parseQuotas({ 'ratelimit-limit': '100', 'ratelimit-remaining': '7', 'ratelimit-reset': '30', 'ratelimit-policy': '100;w=60' }, NOW),
		).toEqual([{ limit: 100, remaining: 7, resetAt: NOW + 30_000, windowSeconds: 60 }]);
		expect(parseQuotas({ 'ratelimit-remaining': '3', 'ratelimit-policy': '10;w=1, 1000;w=3600' }, NOW)).toEqual([
			{ limit: 10, remaining: 3, resetAt: undefined, windowSeconds: 1 },
		]);
	});

	test('RateLimit: limit=, remaining=, reset= (draft 7 dictionary)', () => {
		expect(parseQuotas({ ratelimit: 'limit=100, remaining=0, reset=5' }, NOW)).toEqual([
			{ limit: 100, remaining: 0, resetAt: NOW + 5000, windowSeconds: undefined },
		]);
	});

	test('RateLimit with named policies (draft 8+) and their RateLimit-Policy quotas', () => {
		const quotas = parseQuotas(
			{
				ratelimit: '"burst";r=0;t=2, "daily";r=4000;t=3600',
				'ratelimit-policy': '"burst";q=10;w=1, "daily";q=5000;w=86400',
			},
			NOW,
		);
		expect(quotas).toEqual([
			{ limit: 10, remaining: 0, resetAt: NOW + 2000, windowSeconds: 1 },
			{ limit: 5000, remaining: 4000, resetAt: NOW + 3_600_000, windowSeconds: 86400 },
		]);
		expect(tightestQuota(quotas)?.limit).toBe(10);
		expect(exhaustedUntil(quotas, NOW)).toBe(NOW + 2000);
	});

	test('no quota headers, no quotas', () => {
		expect(parseQuotas({ 'content-type': 'application/json' }, NOW)).toEqual([]);
		expect(tightestQuota([])).toBeUndefined();
		expect(exhaustedUntil([{ remaining: 0 }], NOW)).toBeUndefined();
		expect(exhaustedUntil([{ remaining: 1, resetAt: NOW + 5 }], NOW)).toBeUndefined();
	});
});

describe('backoff', () => {
	test('full jitter: between 0 and base × 2^retry, capped', () => {
		expect(backoffDelay(0, 500, 20_000, () => 0.999)).toBe(499);
		expect(backoffDelay(3, 500, 20_000, () => 0.999)).toBe(3996);
		expect(backoffDelay(10, 500, 20_000, () => 0.999)).toBe(19_980);
		expect(backoffDelay(3, 500, 20_000, () => 0)).toBe(0);
		expect(backoffDelay(1000, 500, 20_000, half)).toBe(10_000);
	});
});

describe('which failures are retried', () => {
	test('network errors: not-sent failures for every method, the rest only for idempotent methods', () => {
		expect(isRetryableNetworkError('ECONNREFUSED', 'POST')).toBe(true);
		expect(isRetryableNetworkError('ECONNRESET', 'GET')).toBe(true);
		expect(isRetryableNetworkError('ECONNRESET', 'POST')).toBe(false);
		expect(isRetryableNetworkError('ETIMEDOUT', 'GET')).toBe(true);
		expect(isRetryableNetworkError('ETIMEDOUT', 'GET', false)).toBe(false);
		expect(isRetryableNetworkError('ENOTFOUND', 'GET')).toBe(false);
		expect(isRetryableNetworkError('CERT_HAS_EXPIRED', 'GET')).toBe(false);
	});

	test('status lists', () => {
		expect([...parseStatusList('502, 503,504')]).toEqual([502, 503, 504]);
		expect(parseStatusList('5xx').size).toBe(100);
		expect(parseStatusList('429 500').has(429)).toBe(false);
		expect(parseStatusList('').size).toBe(0);
	});
});

describe('decideRetry', () => {
	const settings = defaultRetrySettings({ maxRetries: 2, maxWaitMs: 10_000 });
	const fresh = { retries: 0, quotaWaits: 0 };
	const response = (status: number, headers: Record<string, string> = {}) => ({ kind: 'response' as const, status, headers });

	test('success and non-retryable answers are done', () => {
		expect(decideRetry(response(200), 'GET', fresh, settings, NOW, half)).toEqual({ action: 'done' });
		expect(decideRetry(response(500), 'GET', fresh, settings, NOW, half)).toEqual({ action: 'done' });
		expect(decideRetry(response(404), 'GET', fresh, settings, NOW, half)).toEqual({ action: 'done' });
	});

	test('429 with Retry-After waits that long, as a quota wait shared by the key', () => {
		expect(decideRetry(response(429, { 'retry-after': '3' }), 'POST', fresh, settings, NOW, half)).toEqual({
			action: 'wait',
			delayMs: 3000,
			quota: true,
			sharedUntil: NOW + 3000,
		});
	});

	test('429 with an HTTP-date', () => {
		const decision = decideRetry(response(429, { 'retry-after': 'Wed, 15 Jan 2025 12:00:04 GMT' }), 'GET', fresh, settings, NOW, half);
		expect(decision).toMatchObject({ action: 'wait', delayMs: 4000, quota: true });
	});

	test('429 with only quota headers waits for the reset; the key is held until the reset', () => {
		const decision = decideRetry(
			response(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 2) }),
			'GET',
			fresh,
			settings,
			NOW,
			half,
		);
		expect(decision).toEqual({ action: 'wait', delayMs: 2000, quota: true, sharedUntil: NOW + 2000 });
	});

	test('429 with Retry-After and an earlier reset: this request honours Retry-After, the key opens at the reset', () => {
		const decision = decideRetry(
			response(429, { 'retry-after': '1', 'x-ratelimit-reset': String(NOW / 1000 + 0.25) }),
			'GET',
			fresh,
			settings,
			NOW,
			half,
		);
		expect(decision).toEqual({ action: 'wait', delayMs: 1000, quota: true, sharedUntil: NOW + 250 });
	});

	test('429 with a short Retry-After and a far reset (another quota): the key is held only as long as Retry-After says', () => {
		const decision = decideRetry(
			response(429, { 'retry-after': '1', 'x-ratelimit-remaining-hour': '0', 'x-ratelimit-reset-hour': String(NOW / 1000 + 3600) }),
			'GET',
			fresh,
			settings,
			NOW,
			half,
		);
		expect(decision).toEqual({ action: 'wait', delayMs: 1000, quota: true, sharedUntil: NOW + 1000 });
	});

	test('429 without any hint backs off with jitter, still as a quota wait', () => {
		expect(decideRetry(response(429), 'GET', { retries: 0, quotaWaits: 2 }, settings, NOW, half)).toMatchObject({
			action: 'wait',
			delayMs: 1000,
			quota: true,
		});
	});

	test('503 with Retry-After is a quota wait; without it a counted retry', () => {
		expect(decideRetry(response(503, { 'retry-after': '2' }), 'GET', fresh, settings, NOW, half)).toMatchObject({ quota: true, delayMs: 2000 });
		expect(decideRetry(response(503), 'GET', fresh, settings, NOW, half)).toEqual({ action: 'wait', delayMs: 250, quota: false });
	});

	test('quota waits do not count as retries, but are bounded', () => {
		const many = { retries: 2, quotaWaits: 5 };
		expect(decideRetry(response(429, { 'retry-after': '1' }), 'GET', many, settings, NOW, half)).toMatchObject({ action: 'wait' });
		expect(decideRetry(response(429, { 'retry-after': '1' }), 'GET', { retries: 0, quotaWaits: 30 }, settings, NOW, half)).toEqual({
			action: 'exhausted',
			quota: true,
		});
	});

	test('a wait longer than Max Wait is refused', () => {
		expect(decideRetry(response(429, { 'retry-after': '30' }), 'GET', fresh, settings, NOW, half)).toEqual({
			action: 'waitTooLong',
			delayMs: 30_000,
		});
		expect(decideRetry(response(502, { 'retry-after': '60' }), 'GET', fresh, settings, NOW, half)).toEqual({
			action: 'waitTooLong',
			delayMs: 60_000,
		});
	});

	test('retry statuses back off exponentially until Max Retries is used up', () => {
		expect(decideRetry(response(502), 'GET', { retries: 0, quotaWaits: 0 }, settings, NOW, half)).toMatchObject({ delayMs: 250 });
		expect(decideRetry(response(502), 'GET', { retries: 1, quotaWaits: 0 }, settings, NOW, half)).toMatchObject({ delayMs: 500 });
		expect(decideRetry(response(502), 'GET', { retries: 2, quotaWaits: 0 }, settings, NOW, half)).toEqual({ action: 'exhausted', quota: false });
	});

	test('network errors', () => {
		expect(decideRetry({ kind: 'error', code: 'ECONNRESET' }, 'GET', fresh, settings, NOW, half)).toMatchObject({ action: 'wait', quota: false });
		expect(decideRetry({ kind: 'error', code: 'ECONNRESET' }, 'POST', fresh, settings, NOW, half)).toEqual({ action: 'done' });
		expect(decideRetry({ kind: 'error', code: 'ETIMEDOUT' }, 'GET', fresh, settings, NOW, half)).toEqual({ action: 'done' });
		expect(
			decideRetry({ kind: 'error', code: 'ETIMEDOUT' }, 'GET', fresh, { ...settings, retryOnTimeout: true }, NOW, half),
		).toMatchObject({ action: 'wait' });
		expect(decideRetry({ kind: 'error', code: 'ECONNREFUSED' }, 'POST', { retries: 2, quotaWaits: 0 }, settings, NOW, half)).toEqual({
			action: 'exhausted',
			quota: false,
		});
	});

	test('Max Retries 0 turns retries off but keeps quota waits', () => {
		const off = { ...settings, maxRetries: 0 };
		expect(decideRetry(response(503), 'GET', fresh, off, NOW, half)).toEqual({ action: 'exhausted', quota: false });
		expect(decideRetry(response(429, { 'retry-after': '1' }), 'GET', fresh, off, NOW, half)).toMatchObject({ action: 'wait', quota: true });
	});
});
