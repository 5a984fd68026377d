/**
 * The retry loop around one attempt, with scripted attempts and virtual time: what is retried,
 * how long it waits, that the key's pacer is held for everyone after a quota answer, and that one
 * request never waits beyond its total budget.
 */
import { runItems } from '../../nodes/ApiKeyRequest/helpers/itemRunner';
import { defaultRetrySettings } from '../../nodes/ApiKeyRequest/helpers/settings';
import { Pacer } from '../../nodes/ApiKeyRequest/pacing/pacer';
import { MAX_DELAY_MS } from '../../nodes/ApiKeyRequest/pacing/quotaHeaders';
import type { RetrySettings } from '../../nodes/ApiKeyRequest/transport/retryDecision';
import { TransportError } from '../../nodes/ApiKeyRequest/transport/send';
import { RetriesExhaustedError, sendWithRetries, WaitBudget, WaitBudgetError, WaitTooLongError } from '../../nodes/ApiKeyRequest/transport/retryLoop';
import type { PreparedRequest, RawResponse } from '../../nodes/ApiKeyRequest/transport/types';
import { FakeClock } from '../helpers/fakeClock';

const request = (method: PreparedRequest['method'] = 'GET', url = 'https://api.example.com/x'): PreparedRequest => ({
	method,
	url,
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

function newPacer(clock: FakeClock) {
	const pacer = new Pacer(clock);
	pacer.join('exec', { maxConcurrent: 5, maxRequests: 0, intervalMs: 0 });
	return pacer;
}

function policy(clock: FakeClock, overrides: Partial<RetrySettings> = {}, pacer = newPacer(clock)) {
	return { pacer, party: 'exec', retry: defaultRetrySettings({ maxRetries: 2, ...overrides }), clock, random: () => 0.5 };
}

const refused = (url = 'https://api.example.com/x') => new TransportError('request failed', 'ECONNREFUSED', url);

describe('defaults', () => {
	test('come from the parameter descriptions: 3 retries, 20 s per wait, 60 s in total, 502/503/504', () => {
		const settings = defaultRetrySettings();
		expect(settings).toMatchObject({ maxRetries: 3, maxWaitMs: 20_000, maxTotalWaitMs: 60_000, retryOnTimeout: false });
		expect([...settings.retryStatuses]).toEqual([502, 503, 504]);
	});
});

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
		const pacer = newPacer(clock);
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

	test('with Max Retries 0 a failed answer is just that: not "exhausted" after 0 retries', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(503)]);
		const result = await clock.run(sendWithRetries(attempt, request(), policy(clock, { maxRetries: 0 })));
		expect(result).toMatchObject({ retries: 0, quotaWaits: 0, exhausted: false });
		expect(sent).toEqual([0]);

		const failing = scripted(clock, [new TransportError('request failed', 'ECONNRESET', 'https://api.example.com/x')]);
		const error = await clock.run(sendWithRetries(failing.attempt, request(), policy(clock, { maxRetries: 0 }))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TransportError);
		expect(error).not.toBeInstanceOf(RetriesExhaustedError);
	});

	test('network errors are retried; when they persist the error says how often', async () => {
		const clock = new FakeClock(0);
		const reset = new TransportError('request failed', 'ECONNRESET', 'https://api.example.com/x');
		const { attempt, sent } = scripted(clock, [reset]);
		const error = await clock.run(sendWithRetries(attempt, request('GET'), policy(clock))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RetriesExhaustedError);
		expect((error as RetriesExhaustedError).retries).toBe(2);
		expect(sent).toHaveLength(3);

		// POST is not sent again after a dropped connection: the API may have acted on it.
		const post = scripted(clock, [reset, answer(200)]);
		await expect(clock.run(sendWithRetries(post.attempt, request('POST'), policy(clock)))).rejects.toBeInstanceOf(TransportError);
		expect(post.sent).toHaveLength(1);
	});

	test('a refused connection is retried once on another host, never on this machine', async () => {
		const clock = new FakeClock(0);
		const remote = scripted(clock, [refused()]);
		const error = await clock.run(sendWithRetries(remote.attempt, request('POST'), policy(clock, { maxRetries: 3 }))).catch((caught: unknown) => caught);
		expect(remote.sent).toHaveLength(2);
		// The plain refusal: its advice is to check the URL, not to raise Max Retries.
		expect(error).toBeInstanceOf(TransportError);
		expect(error).not.toBeInstanceOf(RetriesExhaustedError);

		const recovered = scripted(clock, [refused(), answer(200)]);
		const result = await clock.run(sendWithRetries(recovered.attempt, request(), policy(clock, { maxRetries: 3 })));
		expect(result.response.statusCode).toBe(200);

		for (const url of ['http://localhost:5679/x', 'http://127.0.0.1:1/x', 'http://[::1]:8080/x']) {
			const local = scripted(clock, [refused(url)]);
			const localError = await clock.run(sendWithRetries(local.attempt, request('GET', url), policy(clock, { maxRetries: 3 }))).catch((caught: unknown) => caught);
			expect(local.sent).toHaveLength(1);
			expect(localError).toBeInstanceOf(TransportError);
			expect(localError).not.toBeInstanceOf(RetriesExhaustedError);
		}
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

	test('a 400-digit Retry-After is a finite, very long wait, not Infinity', async () => {
		const clock = new FakeClock(0);
		const { attempt } = scripted(clock, [answer(429, { 'retry-after': '9'.repeat(400) })]);
		const error = (await clock.run(sendWithRetries(attempt, request(), policy(clock))).catch((caught: unknown) => caught)) as WaitTooLongError;
		expect(error).toBeInstanceOf(WaitTooLongError);
		expect(Number.isFinite(error.waitMs)).toBe(true);
		expect(error.waitMs).toBe(MAX_DELAY_MS);
		expect(error.message).not.toContain('Infinity');
		expect(error.message).not.toContain('9999');
	});

	test('a request that finds the key held beyond Max Wait fails without sending', async () => {
		const clock = new FakeClock(0);
		const pacer = newPacer(clock);
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

describe('the total wait of one request (Max Total Wait)', () => {
	test('however many waits each fit Max Wait, together they stop at the budget', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(429, { 'retry-after': '15' })]);
		const error = (await clock.run(sendWithRetries(attempt, request(), policy(clock, { maxTotalWaitMs: 40_000 }))).catch(
			(caught: unknown) => caught,
		)) as WaitBudgetError;
		expect(error).toBeInstanceOf(WaitBudgetError);
		// 15 s + 15 s fit in 40 s; a third 15 s does not.
		expect(sent).toEqual([0, 15_000, 30_000]);
		expect(error).toMatchObject({ spentMs: 30_000, totalMs: 40_000, waitMs: 15_000, waits: 2 });
		expect(error.response?.statusCode).toBe(429);
	});

	test('backoff after errors counts too; a failure that cannot wait again ends as it is', async () => {
		const clock = new FakeClock(0);
		const { attempt, sent } = scripted(clock, [answer(503, { 'retry-after': '8' }), answer(503, { 'retry-after': '8' }), answer(200)]);
		// 503 with Retry-After is a quota wait; here the budget allows one.
		const error = await clock.run(sendWithRetries(attempt, request(), policy(clock, { maxTotalWaitMs: 10_000 }))).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WaitBudgetError);
		expect(sent).toHaveLength(2);
	});

	test('a hold the request waits for is taken from its budget; one longer than what is left fails it', async () => {
		const clock = new FakeClock(0);
		const pacer = newPacer(clock);
		pacer.pauseUntil(5_000);
		const { attempt } = scripted(clock, [answer(429, { 'retry-after': '3' }), answer(200)]);
		const budget = new WaitBudget(10_000);
		const result = await clock.run(sendWithRetries(attempt, request(), { ...policy(clock, {}, pacer), budget }));
		expect(result.response.statusCode).toBe(200);
		expect(budget.spentMs).toBe(8_000);

		pacer.pauseUntil(clock.now() + 5_000);
		const late = scripted(clock, [answer(200)]);
		const error = await clock.run(sendWithRetries(late.attempt, request(), { ...policy(clock, {}, pacer), budget })).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WaitBudgetError);
		expect(late.sent).toEqual([]);
	});

	test('the budget is shared by everything that sends the request again (the Secondary Key too)', async () => {
		const clock = new FakeClock(0);
		const budget = new WaitBudget(5_000);
		const first = scripted(clock, [answer(429, { 'retry-after': '4' }), answer(401)]);
		await clock.run(sendWithRetries(first.attempt, request(), { ...policy(clock), budget }));
		const second = scripted(clock, [answer(429, { 'retry-after': '4' })]);
		const error = await clock.run(sendWithRetries(second.attempt, request(), { ...policy(clock), budget })).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WaitBudgetError);
		expect(second.sent).toHaveLength(1);
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
