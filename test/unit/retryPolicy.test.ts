import fc from 'fast-check';

import { defaultRetrySettings } from '../../nodes/ApiKeyRequest/helpers/settings';
import { backoffDelay, decideRetry, isLoopbackHost, isRetryableNetworkError, parseStatusList } from '../../nodes/ApiKeyRequest/transport/retryDecision';
import {
	exhaustedUntil,
	MAX_DELAY_MS,
	parseDuration,
	parseQuotas,
	parseReset,
	parseRetryAfter,
	retryAfterMs,
	tightestQuota,
} from '../../nodes/ApiKeyRequest/pacing/quotaHeaders';
import { parseDictionary, parseList } from '../../nodes/ApiKeyRequest/pacing/structuredFields';

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
		expect(parseReset('42', NOW, true)).toBe(NOW + 42_000);
		// Fifty-five years from now is read as seconds, and bounded.
		expect(parseReset('1736942430', NOW, true)).toBe(NOW + MAX_DELAY_MS);
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
		expect(tightestQuota(openai)).toEqual({ limit: 30000, remaining: 0, resetAt: NOW + 360_000, unit: 'other' });
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
			{ limit: 10, remaining: 0, resetAt: NOW + 2000, windowSeconds: 1, policy: 'burst' },
			{ limit: 5000, remaining: 4000, resetAt: NOW + 3_600_000, windowSeconds: 86400, policy: 'daily' },
		]);
		expect(tightestQuota(quotas)?.limit).toBe(10);
		expect(exhaustedUntil(quotas, NOW)).toBe(NOW + 2000);
	});

	test('429s of OpenAI\'s token budget are not counted as requests', () => {
		const quotas = parseQuotas({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '2s' }, NOW);
		expect(quotas).toEqual([{ limit: undefined, remaining: 0, resetAt: NOW + 2000, unit: 'other' }]);
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
			hinted: true,
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
		expect(decision).toEqual({ action: 'wait', delayMs: 2000, quota: true, sharedUntil: NOW + 2000, hinted: true });
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
		expect(decision).toEqual({ action: 'wait', delayMs: 1000, quota: true, sharedUntil: NOW + 250, hinted: true });
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
		expect(decision).toEqual({ action: 'wait', delayMs: 1000, quota: true, sharedUntil: NOW + 1000, hinted: true });
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
		// A refused connection: nothing was sent, so any method may go again, but only once, and
		// never to this machine (nothing listens on that port, and waiting does not change that).
		expect(decideRetry({ kind: 'error', code: 'ECONNREFUSED' }, 'POST', fresh, settings, NOW, half)).toMatchObject({ action: 'wait' });
		expect(decideRetry({ kind: 'error', code: 'ECONNREFUSED' }, 'POST', { retries: 1, quotaWaits: 0 }, settings, NOW, half)).toEqual({ action: 'done' });
		expect(decideRetry({ kind: 'error', code: 'ECONNREFUSED', loopback: true }, 'GET', fresh, settings, NOW, half)).toEqual({ action: 'done' });
		expect(decideRetry({ kind: 'error', code: 'ECONNREFUSED' }, 'GET', fresh, { ...settings, maxRetries: 0 }, NOW, half)).toEqual({ action: 'done' });
	});

	test('Max Retries 0 turns retries off but keeps quota waits', () => {
		const off = { ...settings, maxRetries: 0 };
		expect(decideRetry(response(503), 'GET', fresh, off, NOW, half)).toEqual({ action: 'exhausted', quota: false });
		expect(decideRetry(response(429, { 'retry-after': '1' }), 'GET', fresh, off, NOW, half)).toMatchObject({ action: 'wait', quota: true });
	});
});

describe('loopback hosts', () => {
	test('localhost, 127.0.0.0/8 and ::1, nothing else', () => {
		for (const host of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
		for (const host of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '::2', '127.0.0']) expect(isLoopbackHost(host)).toBe(false);
	});
});

describe('Retry-After takes precedence (draft-ietf-httpapi-ratelimit-headers-10 §7)', () => {
	const settings = defaultRetrySettings({ maxWaitMs: 60_000 });
	const fresh = { retries: 0, quotaWaits: 0 };
	const limited = (headers: Record<string, string>) => decideRetry({ kind: 'response', status: 429, headers }, 'GET', fresh, settings, NOW, half);

	test('over the IETF reset: the key is held as long as Retry-After says, even when t names an earlier moment', () => {
		expect(limited({ 'retry-after': '20', ratelimit: '"dynamic";r=15;t=5', 'ratelimit-policy': '"dynamic";q=100;w=60' })).toEqual({
			action: 'wait',
			delayMs: 20_000,
			quota: true,
			sharedUntil: NOW + 20_000,
			hinted: true,
		});
	});

	test('a reset that names the Retry-After moment more precisely (the rounding of delta-seconds) opens the key at the reset', () => {
		expect(limited({ 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 400) })).toMatchObject({ delayMs: 1000, sharedUntil: NOW + 400 });
	});

	test('without Retry-After the reset decides; without either, backoff, and the 429 is marked as saying nothing', () => {
		expect(limited({ ratelimit: '"default";r=0;t=3' })).toMatchObject({ delayMs: 3000, sharedUntil: NOW + 3000, hinted: true });
		expect(limited({})).toMatchObject({ action: 'wait', quota: true, hinted: false });
	});
});

describe('the IETF RateLimit fields as draft 10 defines them', () => {
	test('a list of service limits, matched to RateLimit-Policy by name; String or Token names', () => {
		expect(
			parseQuotas({ ratelimit: '"permin";r=10;t=30, perhr;r=900;t=1800', 'ratelimit-policy': '"permin";q=50;w=60,"perhr";q=1000;w=3600' }, NOW),
		).toEqual([
			{ limit: 50, remaining: 10, resetAt: NOW + 30_000, windowSeconds: 60, policy: 'permin' },
			{ limit: 1000, remaining: 900, resetAt: NOW + 1_800_000, windowSeconds: 3600, policy: 'perhr' },
		]);
	});

	test('a policy of another name is not attached to a service limit', () => {
		expect(parseQuotas({ ratelimit: '"day";r=100;t=36000', 'ratelimit-policy': '"hour";q=1000;w=3600' }, NOW)).toEqual([
			{ remaining: 100, resetAt: NOW + 36_000_000, policy: 'day' },
		]);
	});

	test('lists split over several header lines are one list', () => {
		expect(parseQuotas({ ratelimit: ['"a";r=1;t=1', '"b";r=2;t=2'] }, NOW).map((quota) => quota.policy)).toEqual(['a', 'b']);
	});

	test('qu: request quotas pace starts; content-bytes and concurrent-requests are other units', () => {
		const quotas = parseQuotas(
			{
				ratelimit: '"bytes";r=0;t=10, "parallel";r=1',
				'ratelimit-policy': '"bytes";q=65535;qu="content-bytes";w=10, "parallel";q=4;qu="concurrent-requests", "x";q=1;qu="requests"',
			},
			NOW,
		);
		expect(quotas).toEqual([
			{ limit: 65535, remaining: 0, resetAt: NOW + 10_000, windowSeconds: 10, policy: 'bytes', unit: 'content-bytes' },
			{ limit: 4, remaining: 1, resetAt: undefined, policy: 'parallel', unit: 'concurrent-requests' },
		]);
	});

	test('malformed fields are ignored: decimals, negatives, wrong types, broken syntax, a policy without q', () => {
		for (const ratelimit of ['"a";r=1.5;t=2', '"a";r=-1', '"a";r="5"', '"a";r=5;t=x', '"a;r=5', '"a";r=5,,"b";r=1', '"a";R=5', '"a";r=1234567890123456']) {
			expect(parseQuotas({ ratelimit }, NOW)).toEqual([]);
		}
		expect(parseQuotas({ ratelimit: '"a";r=5;t=9', 'ratelimit-policy': '"a";w=60' }, NOW)).toEqual([{ remaining: 5, resetAt: NOW + 9000, policy: 'a' }]);
		expect(parseQuotas({ ratelimit: '"a";r=5', 'ratelimit-policy': 'not a list;;' }, NOW)).toEqual([{ remaining: 5, resetAt: undefined, policy: 'a' }]);
		// One malformed item leaves the others.
		expect(parseQuotas({ ratelimit: '"a";r=x, "b";r=3' }, NOW)).toEqual([{ remaining: 3, resetAt: undefined, policy: 'b' }]);
	});

	test('partition keys and unknown parameters are read past', () => {
		expect(parseQuotas({ ratelimit: '"peruser";r=99;t=60;pk=:cHsdsRa894==:;acme-burst=5' }, NOW)).toEqual([{ remaining: 99, resetAt: NOW + 60_000, policy: 'peruser' }]);
	});

	test('the Structured Field reader: lists, inner lists, parameters, dictionaries', () => {
		expect(parseList('a, "b";x=1;y, (c d);z=?0, :aGk=:, -5, 1.25')?.map((member) => member.item.type)).toEqual([
			'token',
			'string',
			'inner-list',
			'binary',
			'integer',
			'decimal',
		]);
		expect(parseList('"b";x=1;y')?.[0].params.get('y')).toEqual({ type: 'boolean', value: true });
		expect(parseDictionary('limit=100, remaining=0, reset=5')?.get('remaining')?.item).toEqual({ type: 'integer', value: 0 });
		for (const broken of ['', ' ', ',', 'a,', '"unterminated', 'a;', '1.2345', '(a', 'a b']) expect(parseList(broken)).toBeUndefined();
	});
});

describe('bounded, whatever the API sends', () => {
	test('a 400-digit Retry-After, reset or count is finite and bounded, never Infinity or NaN', () => {
		const digits = '9'.repeat(400);
		expect(parseRetryAfter(digits, NOW)).toBe(MAX_DELAY_MS);
		expect(retryAfterMs({ 'retry-after-ms': digits }, NOW)).toBe(MAX_DELAY_MS);
		expect(parseReset(digits, NOW)).toBe(NOW + MAX_DELAY_MS);
		expect(parseReset(`${digits}h`, NOW)).toBeUndefined();
		expect(parseQuotas({ 'x-ratelimit-remaining': digits, 'x-ratelimit-reset': digits }, NOW)).toEqual([
			{ limit: undefined, remaining: undefined, resetAt: NOW + MAX_DELAY_MS },
		]);
		expect(parseQuotas({ ratelimit: `"a";r=${digits}` }, NOW)).toEqual([]);
	});

	test('property: any header values give finite, non-negative times and counts, and never throw', () => {
		const names = ['retry-after', 'retry-after-ms', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit', 'ratelimit-policy', 'ratelimit-reset', 'x-ratelimit-reset-requests'];
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string(), fc.stringMatching(/^[0-9.;=", a-z:-]{0,40}$/))), (headers) => {
				const wait = retryAfterMs(headers, NOW);
				if (wait !== undefined) expect(Number.isFinite(wait) && wait >= 0 && wait <= MAX_DELAY_MS).toBe(true);
				for (const quota of parseQuotas(headers, NOW)) {
					for (const value of [quota.limit, quota.remaining, quota.resetAt, quota.windowSeconds]) {
						if (value !== undefined) expect(Number.isFinite(value) && value >= 0).toBe(true);
					}
					if (quota.resetAt !== undefined) expect(quota.resetAt).toBeLessThanOrEqual(NOW + MAX_DELAY_MS);
				}
			}),
			{ numRuns: 500 },
		);
	});
});
