/**
 * Several executions, in one or several simulated n8n processes, against one simulated key quota
 * of 50 requests per second, on the virtual clock. Each process paces with its own pacer, as
 * queue-mode workers do; the only state they share is the API's answers. Counts only: failed
 * items, requests, 429s, and how full the API's windows were.
 */
import { simulate, simulatedApi, type ApiStyle, type Execution, type SimulationResult } from '../helpers/pacingSim';

const LIMIT = 50;

function executions(count: number, processes: number, items: number, extra: Partial<Execution> = {}): Execution[] {
	return Array.from({ length: count }, (_, index) => ({ process: index % processes, items, ...extra }));
}

/** Served requests per window, leaving out the first and the last (partly used by nature). */
function innerWindows(result: SimulationResult): number[] {
	const windows = [...result.api.windows.entries()].sort(([a], [b]) => a - b).map(([, served]) => served);
	return windows.slice(1, -1);
}

const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const share429 = (result: SimulationResult) => result.api.stats.limited / result.api.stats.requests;

async function run(style: ApiStyle, processes: number, list: Execution[]) {
	const api = simulatedApi(style, LIMIT);
	return await simulate({ api, processes, executions: list });
}

describe('one process: the pacer is shared exactly', () => {
	test('5 executions × 200 items, quota headers, defaults: no 429 and every window of the API full', async () => {
		const result = await run('headers', 1, executions(5, 1, 200));
		expect(result.failed).toEqual([0, 0, 0, 0, 0]);
		expect(result.api.stats).toMatchObject({ requests: 1000, served: 1000, limited: 0 });
		expect(Math.min(...innerWindows(result))).toBe(LIMIT);
	});

	test('5 executions with Max Requests 50 per second each: that is the key\'s budget, not each one\'s', async () => {
		const result = await run('bare', 1, executions(5, 1, 200, { settings: { maxRequests: 50, intervalMs: 1000 } }));
		expect(result.failed).toEqual([0, 0, 0, 0, 0]);
		expect(result.api.stats.limited).toBe(0);
		expect(result.api.stats.busiestWindow).toBeLessThanOrEqual(LIMIT);
		expect(average(innerWindows(result))).toBeGreaterThanOrEqual(0.95 * LIMIT);
	});

	test('executions take turns: while all five run, each gets its fifth of the answers (within 20 %)', async () => {
		const result = await run('headers', 1, executions(5, 1, 200));
		const first = result.answers.slice(0, 500);
		const counts = [0, 1, 2, 3, 4].map((index) => first.filter((execution) => execution === index).length);
		expect(Math.max(...counts) / Math.min(...counts)).toBeLessThanOrEqual(1.2);
	});

	test('an execution that starts later is not starved by one already running', async () => {
		const result = await run('headers', 1, [{ process: 0, items: 400 }, { process: 0, items: 100, startAt: 3000 }]);
		expect(result.failed).toEqual([0, 0]);
		const from = result.answers.indexOf(1);
		const overlap = result.answers.slice(from, from + 150);
		const late = overlap.filter((execution) => execution === 1).length;
		expect(late / overlap.length).toBeGreaterThanOrEqual(0.4);
		expect(late / overlap.length).toBeLessThanOrEqual(0.6);
	});
});

describe('several processes: each adapts from what the API says', () => {
	test.each([
		['X-RateLimit headers, 2 processes', 'headers', 2, 5, 0.02],
		['X-RateLimit headers, 3 processes', 'headers', 3, 6, 0.03],
		['IETF RateLimit / RateLimit-Policy, 2 processes', 'ietf', 2, 5, 0.02],
	] as const)('%s: the quota is used, with few 429s', async (_label, style, processes, count, max429) => {
		const result = await run(style, processes, executions(count, processes, 200));
		expect(result.failed.every((failed) => failed === 0)).toBe(true);
		expect(result.api.stats.served).toBe(count * 200);
		expect(share429(result)).toBeLessThanOrEqual(max429);
		// The processes learn their share: together they fill the windows nearly to the quota.
		expect(average(innerWindows(result))).toBeGreaterThanOrEqual(0.85 * LIMIT);
	});

	test('X-RateLimit headers, 3 processes × 2 executions: each execution gets its sixth of the key (within 20 %)', async () => {
		const result = await run('headers', 3, executions(6, 3, 150));
		expect(result.failed).toEqual([0, 0, 0, 0, 0, 0]);
		expect(result.api.stats.served).toBe(900);
		expect(share429(result)).toBeLessThanOrEqual(0.03);
		// While all six run (the middle of the run, after the first windows taught the shares).
		const middle = result.answers.slice(150, 750);
		const counts = [0, 1, 2, 3, 4, 5].map((index) => middle.filter((execution) => execution === index).length);
		expect(Math.max(...counts) / Math.min(...counts)).toBeLessThanOrEqual(1.2);
	});

	test('bare 429s only, 3 processes × 2 executions: none is starved, executions of one process get equal turns', async () => {
		// Without quota headers each process learns its own rate from the 429s it gets; nothing tells
		// it the others' rates, so processes end up with unequal rates (measured: up to 1.3 × over
		// the whole run). Within a process the turns stay exact.
		const result = await run('bare', 3, executions(6, 3, 150));
		expect(result.failed).toEqual([0, 0, 0, 0, 0, 0]);
		expect(result.api.stats.served).toBe(900);
		expect(share429(result)).toBeLessThanOrEqual(0.1);
		const middle = result.answers.slice(150, 750);
		const counts = [0, 1, 2, 3, 4, 5].map((index) => middle.filter((execution) => execution === index).length);
		expect(Math.min(...counts) / Math.max(...counts)).toBeGreaterThanOrEqual(0.5);
		// Executions 0 and 3 run in process 0, 1 and 4 in process 1, 2 and 5 in process 2.
		for (const [a, b] of [
			[0, 3],
			[1, 4],
			[2, 5],
		]) {
			expect(Math.max(counts[a], counts[b]) / Math.min(counts[a], counts[b])).toBeLessThanOrEqual(1.2);
		}
	});

	test('two equally busy processes each learn that they have about half of the key', async () => {
		const api = simulatedApi('headers', LIMIT);
		const result = await simulate({ api, processes: 2, executions: executions(4, 2, 150) });
		expect(result.api.stats.served).toBe(600);
		const shares = result.pacers.map((pacer) => pacer.quota.share);
		expect(Math.max(...shares)).toBeLessThan(0.8);
	});

	test('a process that joins later gets its half of the key within a few windows', async () => {
		const api = simulatedApi('headers', LIMIT);
		const result = await simulate({ api, processes: 2, executions: [{ process: 0, items: 700 }, { process: 1, items: 200, startAt: 3300 }] });
		expect(result.failed).toEqual([0, 0]);
		const from = result.answers.indexOf(1);
		// From the fourth window after it joined, the two take about half each.
		const later = result.answers.slice(from + 3 * LIMIT, from + 6 * LIMIT);
		const joined = later.filter((execution) => execution === 1).length;
		expect(joined / later.length).toBeGreaterThanOrEqual(0.4);
		expect(joined / later.length).toBeLessThanOrEqual(0.6);
		expect(share429(result)).toBeLessThanOrEqual(0.02);
	});

	test('an API that only answers 429, without Retry-After or quota headers: the adaptive rate finds the quota', async () => {
		for (const processes of [1, 2]) {
			const result = await run('bare', processes, executions(5, processes, 200));
			expect(result.failed).toEqual([0, 0, 0, 0, 0]);
			expect(share429(result)).toBeLessThanOrEqual(0.05);
			expect(average(innerWindows(result))).toBeGreaterThanOrEqual(0.7 * LIMIT);
			for (const pacer of result.pacers) expect(pacer.adaptive.rate).toBeDefined();
		}
	});

	test('an API that sends Retry-After only: every item succeeds, few 429s', async () => {
		for (const processes of [1, 2]) {
			const result = await run('retryAfter', processes, executions(5, processes, 200));
			expect(result.failed).toEqual([0, 0, 0, 0, 0]);
			expect(share429(result)).toBeLessThanOrEqual(0.1);
		}
	});
});
