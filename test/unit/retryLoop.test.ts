/**
 * The retry loop around one attempt, with scripted attempts and virtual time: what is retried,
 * how long it waits, and that the key's pacer is held for everyone after a quota answer.
 */
import { runItems } from '../../nodes/ApiKeyRequest/helpers/itemRunner';
import { Pacer } from '../../nodes/ApiKeyRequest/pacing/pacer';
import { defaultRetrySettings } from '../../nodes/ApiKeyRequest/transport/retryDecision';
import { TransportError } from '../../nodes/ApiKeyRequest/transport/send';
import { RetriesExhaustedError, sendWithRetries, WaitTooLongError } from '../../nodes/ApiKeyRequest/transport/retryLoop';
import type { PreparedRequest, RawResponse } from '../../nodes/ApiKeyRequest/transport/types';
import { FakeClock } from './fakeClock';

const request = (method: PreparedRequest['method'] = 'GET'): PreparedRequest => ({
	method,
	url: 'https://api.example.com/x',
	qs: {},
	headers: {},
	timeout: 1000,
	followRedirects: true,
	maxRedirects: 10,
	maxResponseBytes: 1024 * 1024,
});

const answer = (statusCode: number, headers: Record<string, string> = {}): RawResponse => ({
	statusCode,
	statusMessage: '',
	headers,
	body: Buffer.from('{}'),
	url: 'https://api.example.com/x',
});

/** An attempt that plays the given answers in turn and records when each was sent. */
function scripted(clock: FakeClock, script: Array<RawResponse | TransportError>) {
	const sent: number[] = [];
	const attempt = async () => {
		sent.push(clock.now());
		const next = script[Math.min(sent.length - 1, script.length - 1)];
		if (next instanceof TransportError) throw next;
		return next;
	};
	return { attempt, sent };
}

function policy(clock: FakeClock, overrides = {}, pacer = new Pacer({ maxConcurrent: 5, maxRequests: 0, intervalMs: 0 }, clock)) {
	return { pacer, retry: defaultRetrySettings({ maxRetries: 2, ...overrides }), clock, random: () => 0.5 };
}

describe('sendWithRetries', () => {
	test('429 with Retry-After: waits, retries, succeeds; the wait is not a failure', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(429, { 'retry-after': '2' }), answer(429, { 'retry-after': '1' }), answer(200)]);
		const result = await clock.run(sendWithRetries(attempt, request(), policy(clock, { maxRetries: 0 })));
		expect(result.response.statusCode).toBe(200);
		expect(result).toMatchObject({ retries: 0, quotaWaits: 2, exhausted: false });
		expect(sent).toEqual([0, 2000, 3000]);
	});

	test('a quota answer holds every request with the key until the reset', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 5, maxRequests: 0, intervalMs: 0 }, clock);
		const { attempt } = scripted(clock, [answer(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' })]);
		const first = await clock.run(sendWithRetries(attempt, request(), policy(clock, {}, pacer)));
		expect(first.quota).toEqual({ limit: undefined, remaining: 0, resetAt: 5000 });
		expect(pacer.pausedUntil).toBe(5000);
		const other = scripted(clock, [answer(200)]);
		await clock.run(sendWithRetries(other.attempt, request(), policy(clock, {}, pacer)));
		expect(other.sent).toEqual([5000]);
	});

	test('retry statuses back off with jitter and give up after Max Retries with the last answer', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(503)]);
		const result = await clock.run(sendWithRetries(attempt, request(), policy(clock)));
		expect(result).toMatchObject({ retries: 2, exhausted: true });
		expect(result.response.statusCode).toBe(503);
		expect(sent).toEqual([0, 250, 750]);
	});

	test('network errors are retried; when they persist the error says how often', async () => {
		const clock = new FakeClock(0);
		const refused = new TransportError('request failed', 'ECONNREFUSED', 'https://api.example.com/x');
		const { attempt, sent } = scripted(clock, [refused]);
		const error = await clock.run(sendWithRetries(attempt, request('POST'), policy(clock))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RetriesExhaustedError);
		expect((error as RetriesExhaustedError).retries).toBe(2);
		expect(sent).toHaveLength(3);

		const reset = scripted(clock, [new TransportError('request failed', 'ECONNRESET', 'https://api.example.com/x'), answer(200)]);
		await expect(clock.run(sendWithRetries(reset.attempt, request('POST'), policy(clock)))).rejects.toBeInstanceOf(TransportError);
		expect(reset.sent).toHaveLength(1);
	});

	test('a Retry-After beyond Max Wait fails at once, with the answer that asked', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(429, { 'retry-after': '3600' })]);
		const error = await clock.run(sendWithRetries(attempt, request(), policy(clock))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WaitTooLongError);
		expect((error as WaitTooLongError).waitMs).toBe(3_600_000);
		expect((error as WaitTooLongError).response?.statusCode).toBe(429);
		expect(sent).toEqual([0]);
	});

	test('a request that finds the key held beyond Max Wait fails without sending', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 5, maxRequests: 0, intervalMs: 0 }, clock);
		pacer.pauseUntil(60_000);
		const { attempt, sent } = scripted(clock, [answer(200)]);
		const error = await clock.run(sendWithRetries(attempt, request(), policy(clock, {}, pacer))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WaitTooLongError);
		expect((error as WaitTooLongError).response).toBeUndefined();
		expect(sent).toEqual([]);
	});

	test('a key that stays limited ends after the quota waits run out', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(429, { 'retry-after': '1' })]);
		const result = await clock.run(sendWithRetries(attempt, request(), policy(clock, { maxQuotaWaits: 4 })));
		expect(result).toMatchObject({ quotaWaits: 4, exhausted: true });
		expect(sent).toHaveLength(5);
	});
});

describe('runItems', () => {
	test('runs up to the concurrency, keeps input order', async () => {
		const clock = new FakeClock(0);
		let inFlight = 0;
		let peak = 0;
		const durations = [50, 10, 40, 5, 30, 20];
		const results = await clock.run(
			runItems(
				durations.length,
				async (index) => {
					inFlight++;
					peak = Math.max(peak, inFlight);
					await clock.sleep(durations[index]);
					inFlight--;
					return `item ${index}`;
				},
				{ concurrency: 3 },
			),
		);
		expect(results).toEqual(durations.map((_, index) => `item ${index}`));
		expect(peak).toBe(3);
	});

	test('Continue On Fail: a failure becomes the item result', async () => {
		const results = await runItems(
			4,
			async (index) => {
				if (index % 2 === 1) throw new Error(`bad ${index}`);
				return `ok ${index}`;
			},
			{ concurrency: 2, onError: (error) => (error as Error).message },
		);
		expect(results).toEqual(['ok 0', 'bad 1', 'ok 2', 'bad 3']);
	});

	test('without it, the first failing item by order is thrown; no new items start and waits are cancelled', async () => {
		const clock = new FakeClock(0);
		const started: number[] = [];
		const run = runItems(
			10,
			async (index, signal) => {
				started.push(index);
				if (index === 2) throw new Error('item 2 failed');
				if (index === 1) {
					await clock.sleep(10);
					throw new Error('item 1 failed later');
				}
				await clock.sleep(1000, signal);
				return index;
			},
			{ concurrency: 3, isCancellation: (error) => (error as Error).name === 'ManualExecutionCancelledError' },
		);
		await expect(clock.run(run)).rejects.toThrow('item 1 failed later');
		expect(started).toEqual([0, 1, 2]);
		expect(clock.now()).toBe(10);
	});
});
