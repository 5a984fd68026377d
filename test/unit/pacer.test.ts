/**
 * The key's shared pacer on the virtual clock: slots, rate rules, holds, turns between executions,
 * and the registry that shares one pacer per key and origin across the process.
 */
import { Pacer, PacerCancelledError, PacerWaitTooLongError, systemClock, type PacerSettings, type Permit } from '../../nodes/ApiKeyRequest/pacing/pacer';
import { IDLE_MS, openPacer, openPacerCount, pacerKey, resetPacers } from '../../nodes/ApiKeyRequest/pacing/registry';
import { FakeClock } from '../helpers/fakeClock';

const settings = (overrides: Partial<PacerSettings> = {}): PacerSettings => ({ maxConcurrent: 5, maxRequests: 0, intervalMs: 0, ...overrides });

function pacerWith(clock: FakeClock, overrides: Partial<PacerSettings> = {}, party = 'exec-1') {
	const pacer = new Pacer(clock);
	pacer.join(party, settings(overrides));
	return pacer;
}

/** Runs `count` jobs of `party` through the pacer; each holds its slot for `holdMs`. */
function jobs(pacer: Pacer, clock: FakeClock, count: number, holdMs: number, party = 'exec-1', log: string[] = []) {
	const starts: number[] = [];
	return {
		starts,
		done: Promise.all(
			Array.from({ length: count }, async (_, index) => {
				const permit = await pacer.acquire({ party, maxHoldMs: 60_000 });
				starts[index] = clock.now();
				log.push(party);
				await clock.sleep(holdMs);
				permit.release();
			}),
		),
	};
}

describe('Pacer', () => {
	test('never more than Max Concurrent in flight, slots handed over in arrival order', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 3 });
		const run = jobs(pacer, clock, 7, 100);
		await clock.run(run.done);
		expect(pacer.peakInFlight).toBe(3);
		expect(run.starts).toEqual([0, 0, 0, 100, 100, 100, 200]);
		expect(pacer.inFlight).toBe(0);
	});

	test('at most Max Requests per interval, counted from start until an interval after the answer', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 100, maxRequests: 4, intervalMs: 1000 });
		const run = jobs(pacer, clock, 10, 10);
		await clock.run(run.done);
		// The first four answer at 10, so the next four may start at 1010: whatever the latency,
		// the API never sees more than four within any second.
		expect(run.starts).toEqual([0, 0, 0, 0, 1010, 1010, 1010, 1010, 2020, 2020]);
	});

	test('slow answers push the next window back', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 100, maxRequests: 2, intervalMs: 1000 });
		const run = jobs(pacer, clock, 4, 1500);
		await clock.run(run.done);
		expect(run.starts).toEqual([0, 0, 2500, 2500]);
	});

	test('the rate limit and the concurrency limit together', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 2, maxRequests: 3, intervalMs: 1000 });
		const run = jobs(pacer, clock, 6, 400);
		await clock.run(run.done);
		expect(pacer.peakInFlight).toBe(2);
		// Two at 0; the third when a slot frees at 400; the fourth when the first two answers
		// (at 400) are a second old.
		expect(run.starts).toEqual([0, 0, 400, 1400, 1400, 1800]);
	});

	test('a hold set by a quota answer delays every request until it ends, and is never shortened', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock);
		pacer.pauseUntil(2500);
		pacer.pauseUntil(1000);
		expect(pacer.pausedUntil).toBe(2500);
		const run = jobs(pacer, clock, 3, 10);
		await clock.run(run.done);
		expect(run.starts).toEqual([2500, 2500, 2500]);
	});

	test('the time a request waited for a hold is reported on its permit', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 1 });
		pacer.pauseUntil(3000);
		const permit = await clock.run(pacer.acquire({ party: 'exec-1', maxHoldMs: 5000 }));
		expect(permit.heldMs).toBe(3000);
		permit.release();
		const free = await clock.run(pacer.acquire({ party: 'exec-1', maxHoldMs: 5000 }));
		expect(free.heldMs).toBe(0);
	});

	test('a hold longer than the caller may wait fails at once; one set later fails the waiters it outlasts', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 1 });
		pacer.pauseUntil(30_000);
		await expect(clock.run(pacer.acquire({ party: 'exec-1', maxHoldMs: 20_000 }))).rejects.toBeInstanceOf(PacerWaitTooLongError);
		expect(pacer.inFlight).toBe(0);
		const permit = await clock.run(pacer.acquire({ party: 'exec-1', maxHoldMs: 60_000 }));
		expect(clock.now()).toBe(30_000);

		const patient = pacer.acquire({ party: 'exec-1', maxHoldMs: 60_000 });
		const impatient = pacer.acquire({ party: 'exec-1', maxHoldMs: 5_000 });
		const outcome = impatient.catch((error: unknown) => error);
		pacer.pauseUntil(40_000);
		expect(await outcome).toBeInstanceOf(PacerWaitTooLongError);
		permit.release();
		permit.release(); // releasing twice is harmless
		const late = await clock.run(patient);
		expect(clock.now()).toBe(40_000);
		late.release();
		expect(pacer.inFlight).toBe(0);
		expect(pacer.waiting).toBe(0);
	});

	test('cancelling a waiter takes it out of the queue', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 1 });
		const first = await pacer.acquire({ party: 'exec-1', maxHoldMs: 1000 });
		const controller = new AbortController();
		const waiting = pacer.acquire({ party: 'exec-1', maxHoldMs: 1000, signal: controller.signal });
		expect(pacer.waiting).toBe(1);
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(PacerCancelledError);
		expect(pacer.waiting).toBe(0);
		first.release();
		expect(pacer.inFlight).toBe(0);
		await expect(pacer.acquire({ party: 'exec-1', maxHoldMs: 1000, signal: controller.signal })).rejects.toBeInstanceOf(PacerCancelledError);
	});

	test('the node runs that use the pacer set its limits: the lowest chosen concurrency, every rate rule', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		const leaveA = pacer.join('exec-a', settings({ maxConcurrent: 5 }));
		const leaveB = pacer.join('exec-b', settings({ maxConcurrent: 20, maxConcurrentSet: true, maxRequests: 100, intervalMs: 60_000 }));
		const leaveC = pacer.join('exec-c', settings({ maxConcurrent: 3, maxConcurrentSet: true, maxRequests: 2, intervalMs: 1000 }));
		const run = jobs(pacer, clock, 6, 10, 'exec-a');
		await clock.run(run.done);
		// Concurrency 3 (the lowest set; the default 5 of exec-a does not count), 2 per second.
		expect(run.starts).toEqual([0, 0, 1010, 1010, 2020, 2020]);
		leaveC();
		const faster = jobs(pacer, clock, 6, 10, 'exec-a');
		await clock.run(faster.done);
		expect(pacer.peakInFlight).toBe(6);
		leaveA();
		leaveB();
		expect(pacer.users).toBe(0);
	});
});

describe('turns between executions', () => {
	test('requests are granted in turn, one per execution, FIFO within one', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		for (const party of ['a', 'b', 'c']) pacer.join(party, settings({ maxConcurrent: 1 }));
		const log: string[] = [];
		const runs = [jobs(pacer, clock, 4, 10, 'a', log), jobs(pacer, clock, 2, 10, 'b', log), jobs(pacer, clock, 3, 10, 'c', log)];
		await clock.run(Promise.all(runs.map((run) => run.done)));
		expect(log).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'c', 'a']);
	});

	test('an execution with many waiting requests does not starve one that waits for one at a time', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		pacer.join('bulk', settings({ maxConcurrent: 10, maxConcurrentSet: true, maxRequests: 10, intervalMs: 1000 }));
		pacer.join('single', settings({ maxConcurrent: 10, maxConcurrentSet: true }));
		const log: string[] = [];
		const bulk = jobs(pacer, clock, 100, 5, 'bulk', log);
		// One request at a time, each sent after the answer to the last, as one item paginating.
		const overtaken: number[] = [];
		const single = (async () => {
			for (let page = 0; page < 10; page++) {
				const before = log.length;
				const permit = await pacer.acquire({ party: 'single', maxHoldMs: 60_000 });
				overtaken.push(log.length - before);
				log.push('single');
				await clock.sleep(5);
				permit.release();
			}
		})();
		await clock.run(Promise.all([bulk.done, single]));
		// The other execution asked first for the first window; after that, whenever the single one
		// waits, it is served before the other's next request.
		expect(overtaken).toHaveLength(10);
		expect(Math.max(...overtaken.slice(1))).toBe(0);
		expect(log.filter((party) => party === 'bulk')).toHaveLength(100);
	});

	test('five executions sharing a rate limit get equal turns (within 20 %) while all of them wait', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		const parties = ['p0', 'p1', 'p2', 'p3', 'p4'];
		for (const party of parties) pacer.join(party, settings({ maxRequests: 20, intervalMs: 1000 }));
		const log: string[] = [];
		const runs = parties.map((party) => jobs(pacer, clock, 60, 10, party, log));
		await clock.run(Promise.all(runs.map((run) => run.done)));
		const firstHalf = log.slice(0, 150);
		const counts = parties.map((party) => firstHalf.filter((entry) => entry === party).length);
		expect(Math.max(...counts) / Math.min(...counts)).toBeLessThanOrEqual(1.2);
	});

	test("a cancelled execution's waiters leave at once and the others get every following turn", async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		pacer.join('stays', settings({ maxConcurrent: 1 }));
		const leave = pacer.join('cancelled', settings({ maxConcurrent: 1 }));
		const controller = new AbortController();
		const log: string[] = [];
		const staying = jobs(pacer, clock, 6, 100, 'stays', log);
		const cancelled = Array.from({ length: 6 }, async () => {
			const permit = await pacer.acquire({ party: 'cancelled', maxHoldMs: 60_000, signal: controller.signal });
			log.push('cancelled');
			await clock.sleep(100);
			permit.release();
		});
		const outcomes = Promise.allSettled(cancelled);
		await clock.run(clock.sleep(150));
		controller.abort();
		leave();
		await clock.run(staying.done);
		const settled = await outcomes;
		expect(settled.filter((outcome) => outcome.status === 'rejected')).toHaveLength(5);
		expect(pacer.waiting).toBe(0);
		// One request of the cancelled execution had started before the cancel; none after it.
		expect(log.filter((party) => party === 'cancelled')).toHaveLength(1);
		expect(log.slice(2)).toEqual(['stays', 'stays', 'stays', 'stays', 'stays']);
	});
});

describe('the quota the API reports, as credits', () => {
	const answer = (remaining: number, resetAt: number, limit = 10) => ({ quotas: [{ limit, remaining, resetAt }], limited: false });

	test('requests start only while the API says the key has quota left, then wait for the reset', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 2 });
		const starts: number[] = [];
		let remaining = 5;
		const work = Array.from({ length: 8 }, async () => {
			const permit = await pacer.acquire({ party: 'exec-1', maxHoldMs: 60_000 });
			starts.push(clock.now());
			await clock.sleep(10);
			const window = Math.floor(clock.now() / 1000);
			if (window > 0 && remaining <= 0) remaining = 5;
			remaining--;
			permit.release(answer(Math.max(0, remaining), (window + 1) * 1000, 5));
		});
		await clock.run(Promise.all(work));
		expect(starts.filter((time) => time < 1000)).toHaveLength(5);
		expect(starts.filter((time) => time >= 1000)).toHaveLength(3);
		expect(Math.min(...starts.filter((time) => time >= 1000))).toBe(1000);
	});

	test('a quota that is out for longer than a request may wait fails it without sending', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 1 });
		const permit = await pacer.acquire({ party: 'exec-1', maxHoldMs: 60_000 });
		permit.release(answer(0, 3_600_000, 5000));
		expect(pacer.pausedUntil).toBe(3_600_000);
		const error = await pacer.acquire({ party: 'exec-1', maxHoldMs: 20_000 }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(PacerWaitTooLongError);
		expect((error as PacerWaitTooLongError).until).toBe(3_600_000);
	});

	test('RateLimit-Policy qu="concurrent-requests" caps the requests in flight', async () => {
		const clock = new FakeClock(0);
		const pacer = pacerWith(clock, { maxConcurrent: 10 });
		const first = await pacer.acquire({ party: 'exec-1', maxHoldMs: 1000 });
		first.release({ quotas: [{ limit: 2, remaining: 1, unit: 'concurrent-requests' }], limited: false });
		const run = jobs(pacer, clock, 6, 10);
		await clock.run(run.done);
		expect(pacer.peakInFlight).toBe(2);
		expect(run.starts).toEqual([0, 0, 10, 10, 20, 20]);
	});

	test('the snapshot shows what the shared pacer knows', async () => {
		const clock = new FakeClock(0);
		const pacer = new Pacer(clock);
		pacer.join('a', settings());
		pacer.join('b', settings());
		const permit: Permit = await pacer.acquire({ party: 'a', maxHoldMs: 1000 });
		permit.release(answer(7, 5000));
		expect(pacer.snapshot()).toEqual({ executions: 2, inFlight: 0, waiting: 0, share: 1, credits: 7 });
		pacer.pauseUntil(2000);
		expect(pacer.snapshot().heldUntil).toBe(2000);
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

	test('a wait longer than a timer can hold (2^31 ms and more) still waits, it does not end after 1 ms', async () => {
		// Fake timers behave as Node's do beyond 2^31 - 1 ms (they fire after 1 ms), and leave no real timer behind.
		jest.useFakeTimers();
		try {
			let ended = false;
			void systemClock.sleep(2 ** 31 + 1000).then(() => (ended = true));
			await jest.advanceTimersByTimeAsync(60_000);
			expect(ended).toBe(false);
			await jest.advanceTimersByTimeAsync(2 ** 31);
			expect(ended).toBe(true);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('the registry: one pacer per key and origin for the process', () => {
	beforeEach(() => resetPacers());

	test('keyed by a SHA-256 of credential, key and origin: the key itself is not kept', () => {
		const key = pacerKey('cred-1', 'sk_live_secret', 'https://api.example.com');
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('sk_live_secret');
		expect(pacerKey('cred-1', 'sk_live_secret', 'https://api.example.com')).toBe(key);
		expect(pacerKey('cred-1', 'sk_live_other', 'https://api.example.com')).not.toBe(key);
		expect(pacerKey('cred-1', 'sk_live_secret', 'https://other.example.com')).not.toBe(key);
		expect(pacerKey('cred-2', 'sk_live_secret', 'https://api.example.com')).not.toBe(key);
		// The separator keeps fields apart: ("a", "bc") is not ("ab", "c").
		expect(pacerKey('a', 'bc', 'o')).not.toBe(pacerKey('ab', 'c', 'o'));
	});

	test('executions share the pacer of a key; other keys and origins get their own', () => {
		const clock = new FakeClock(0);
		const key = pacerKey('cred', 'key', 'https://a.example');
		const one = openPacer(key, 'exec-1', settings(), clock);
		const two = openPacer(key, 'exec-2', settings(), clock);
		const other = openPacer(pacerKey('cred', 'key', 'https://b.example'), 'exec-1', settings(), clock);
		expect(two.pacer).toBe(one.pacer);
		expect(other.pacer).not.toBe(one.pacer);
		expect(one.pacer.snapshot().executions).toBe(2);
		one.close();
		one.close(); // closing twice is harmless
		expect(two.pacer.snapshot().executions).toBe(1);
		two.close();
		other.close();
	});

	test('pacers nobody uses expire: after many keys the registry shrinks back', () => {
		const clock = new FakeClock(0);
		for (let index = 0; index < 200; index++) {
			openPacer(pacerKey('cred', `key-${index}`, 'https://api.example'), `exec-${index}`, settings(), clock).close();
		}
		expect(openPacerCount()).toBe(200);
		// A node that runs again soon (a loop, the next schedule) still finds what its pacer learned.
		const again = openPacer(pacerKey('cred', 'key-0', 'https://api.example'), 'exec-next', settings(), clock);
		again.close();
		clock.time = IDLE_MS + 1;
		openPacer(pacerKey('cred', 'fresh', 'https://api.example'), 'exec-x', settings(), clock).close();
		expect(openPacerCount()).toBe(1);
	});

	test('a pacer is kept while it is in use or the API holds the key, and at most 1000 unused ones stay', () => {
		const clock = new FakeClock(0);
		const used = openPacer(pacerKey('cred', 'used', 'o'), 'exec-1', settings(), clock);
		const held = openPacer(pacerKey('cred', 'held', 'o'), 'exec-1', settings(), clock);
		held.pacer.pauseUntil(IDLE_MS * 3);
		held.close();
		clock.time = IDLE_MS * 2;
		openPacer(pacerKey('cred', 'other', 'o'), 'exec-2', settings(), clock).close();
		expect(openPacerCount()).toBe(3);
		used.close();
		clock.time = IDLE_MS * 4;
		openPacer(pacerKey('cred', 'last', 'o'), 'exec-3', settings(), clock).close();
		expect(openPacerCount()).toBe(1);

		for (let index = 0; index < 1100; index++) openPacer(pacerKey('cred', `many-${index}`, 'o'), 'exec', settings(), clock).close();
		expect(openPacerCount()).toBeLessThanOrEqual(1000);
	});
});
