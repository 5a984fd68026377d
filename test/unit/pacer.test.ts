import { systemClock, openPacer, openPacerCount, Pacer, PacerCancelledError, PacerWaitTooLongError } from '../../nodes/ApiKeyRequest/pacing/pacer';
import { FakeClock } from './fakeClock';

/** Runs `count` jobs through the pacer; each holds its slot for `holdMs`. Returns start times. */
async function runJobs(pacer: Pacer, clock: FakeClock, count: number, holdMs: number, maxWaitMs = 60_000) {
	const starts: number[] = [];
	let inFlight = 0;
	let peak = 0;
	const jobs = Array.from({ length: count }, async (_, index) => {
		const release = await pacer.acquire(maxWaitMs);
		starts[index] = clock.now();
		inFlight++;
		peak = Math.max(peak, inFlight);
		await clock.sleep(holdMs);
		inFlight--;
		release();
	});
	await clock.run(Promise.all(jobs));
	return { starts, peak };
}

describe('Pacer', () => {
	test('never more than Max Concurrent in flight, slots handed over in arrival order', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 3, maxRequests: 0, intervalMs: 0 }, clock);
		const { starts, peak } = await runJobs(pacer, clock, 7, 100);
		expect(peak).toBe(3);
		expect(pacer.peakInFlight).toBe(3);
		expect(starts).toEqual([0, 0, 0, 100, 100, 100, 200]);
		expect(pacer.inFlight).toBe(0);
	});

	test('at most Max Requests per interval, counted from start until an interval after the answer', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 100, maxRequests: 4, intervalMs: 1000 }, clock);
		const { starts } = await runJobs(pacer, clock, 10, 10);
		// The first four answer at 10, so the next four may start at 1010: whatever the latency,
		// the API never sees more than four within any second.
		expect(starts).toEqual([0, 0, 0, 0, 1010, 1010, 1010, 1010, 2020, 2020]);
	});

	test('slow answers push the next window back', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 100, maxRequests: 2, intervalMs: 1000 }, clock);
		const { starts } = await runJobs(pacer, clock, 4, 1500);
		expect(starts).toEqual([0, 0, 2500, 2500]);
	});

	test('the rate limit and the concurrency limit together', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 2, maxRequests: 3, intervalMs: 1000 }, clock);
		const { starts, peak } = await runJobs(pacer, clock, 6, 400);
		expect(peak).toBe(2);
		// Two at 0; the third when a slot frees at 400; the fourth when the first two answers
		// (at 400) are a second old.
		expect(starts).toEqual([0, 0, 400, 1400, 1400, 1800]);
	});

	test('a hold set by a quota answer delays every request until it ends', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 5, maxRequests: 0, intervalMs: 0 }, clock);
		pacer.pauseUntil(2500);
		pacer.pauseUntil(1000); // never shortened
		expect(pacer.pausedUntil).toBe(2500);
		const { starts } = await runJobs(pacer, clock, 3, 10);
		expect(starts).toEqual([2500, 2500, 2500]);
	});

	test('a hold longer than the caller may wait fails at once and frees the slot', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 1, maxRequests: 0, intervalMs: 0 }, clock);
		pacer.pauseUntil(30_000);
		await expect(clock.run(pacer.acquire(20_000))).rejects.toBeInstanceOf(PacerWaitTooLongError);
		expect(pacer.inFlight).toBe(0);
		const release = await clock.run(pacer.acquire(60_000));
		expect(clock.now()).toBe(30_000);
		release();
		release(); // releasing twice is harmless
		expect(pacer.inFlight).toBe(0);
	});

	test('cancelling a waiter takes it out of the queue', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer({ maxConcurrent: 1, maxRequests: 0, intervalMs: 0 }, clock);
		const first = await pacer.acquire(1000);
		const controller = new AbortController();
		const waiting = pacer.acquire(1000, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(PacerCancelledError);
		first();
		expect(pacer.inFlight).toBe(0);
		await expect(pacer.acquire(1000, controller.signal)).rejects.toBeInstanceOf(PacerCancelledError);
	});
});

describe('systemClock', () => {
	test('a wait ends when its signal is aborted, and leaves no listener on the signal', async () => {
		const controller = new AbortController();
		const signal = controller.signal;
		const add = jest.spyOn(signal, 'addEventListener');
		const remove = jest.spyOn(signal, 'removeEventListener');
		const listeners = (calls: unknown[][]) => calls.map(([type, listener]) => [type, listener]);
		const added = () => listeners(add.mock.calls);
		const removed = () => listeners(remove.mock.calls);

		await systemClock.sleep(1, signal);
		expect(added()).toHaveLength(1);
		expect(removed()).toEqual(added());

		const waiting = systemClock.sleep(1000, signal);
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(PacerCancelledError);
		await expect(systemClock.sleep(1000, signal)).rejects.toBeInstanceOf(PacerCancelledError);
		expect(removed()).toEqual(added());
	});
});

describe('openPacer', () => {
	test('one pacer per scope and settings, shared while open, removed once its state expired', () => {
		const clock = new FakeClock(0);
		const settings = { maxConcurrent: 2, maxRequests: 10, intervalMs: 1000 };
		const before = openPacerCount();
		const a = openPacer('exec-1\u0000cred-1', settings, clock);
		const b = openPacer('exec-1\u0000cred-1', settings, clock);
		const other = openPacer('exec-2\u0000cred-1', settings, clock);
		expect(a.pacer).toBe(b.pacer);
		expect(other.pacer).not.toBe(a.pacer);
		expect(openPacerCount()).toBe(before + 2);

		a.close();
		b.close();
		other.close();
		// A node that runs again right away (a loop) still sees the requests of its last run.
		const again = openPacer('exec-1\u0000cred-1', settings, clock);
		expect(again.pacer).toBe(a.pacer);
		again.close();

		clock.time = 1000;
		openPacer('exec-3\u0000cred-1', settings, clock).close();
		clock.time = 2001;
		openPacer('exec-4\u0000cred-1', { ...settings, maxRequests: 0, intervalMs: 0 }, clock).close();
		expect(openPacerCount()).toBe(before);
	});

	test('a pacer is kept while the key is held', () => {
		const clock = new FakeClock(0);
		const settings = { maxConcurrent: 1, maxRequests: 0, intervalMs: 0 };
		const before = openPacerCount();
		const opened = openPacer('exec-hold\u0000cred', settings, clock);
		opened.pacer.pauseUntil(5000);
		opened.close();
		expect(openPacerCount()).toBe(before + 1);
		clock.time = 5000;
		openPacer('exec-other\u0000cred', settings, clock).close();
		expect(openPacerCount()).toBe(before);
	});
});
