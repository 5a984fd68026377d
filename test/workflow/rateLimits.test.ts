/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Quotas, Retry-After, retries and pacing through n8n-core's WorkflowExecute against local APIs
 * that meter the key the way real ones do. The APIs enforce their rules themselves and count
 * every request that breaks them; the tests assert on those counts, not on durations.
 */
import type { ServerResponse } from 'node:http';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { credentialFor } from '../helpers/keyApi';
import { closedPort, json, startServer, type TestServer } from '../helpers/servers';
import { runNode, runWorkflow } from '../helpers/workflow';

const KEY = 'quota-key-Vn58';

async function call(
	server: TestServer | string,
	parameters: INodeParameters,
	extra: { items?: INodeExecutionData[]; continueOnFail?: boolean; credential?: Record<string, unknown> } = {},
) {
	const baseUrl = typeof server === 'string' ? server : server.url;
	return await runNode({
		node: new ApiKeyRequest(),
		parameters: { method: 'GET', url: '/r', ...parameters },
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor('header', KEY, { baseUrl, ...(extra.credential ?? {}) }) },
		items: extra.items,
		continueOnFail: extra.continueOnFail,
	});
}

const itemsOf = (count: number) => Array.from({ length: count }, (_, n) => ({ json: { n } }));
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Quota header styles
// ---------------------------------------------------------------------------------------

type Style = 'x-ratelimit' | 'x-rate-limit' | 'ratelimit' | 'ietf-dictionary' | 'ietf-structured' | 'openai';
const STYLES: Style[] = ['x-ratelimit', 'x-rate-limit', 'ratelimit', 'ietf-dictionary', 'ietf-structured', 'openai'];

/** The quota headers of one style, for `remaining` requests left until `resetAt` (epoch ms). */
function quotaHeaders(style: Style, limit: number, remaining: number, resetAt: number, now: number): Record<string, string> {
	const deltaSeconds = String(Math.ceil((resetAt - now) / 1000));
	const epochSeconds = String(Math.ceil(resetAt / 1000));
	switch (style) {
		case 'x-ratelimit':
			return { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': epochSeconds };
		case 'x-rate-limit':
			return { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': epochSeconds };
		case 'ratelimit':
			return { 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': deltaSeconds, 'RateLimit-Policy': `${limit};w=1` };
		case 'ietf-dictionary':
			return { RateLimit: `limit=${limit}, remaining=${remaining}, reset=${deltaSeconds}` };
		case 'ietf-structured':
			return { RateLimit: `"per-second";r=${remaining};t=${deltaSeconds}`, 'RateLimit-Policy': `"per-second";q=${limit};w=1` };
		case 'openai':
			return {
				'x-ratelimit-limit-requests': String(limit),
				'x-ratelimit-remaining-requests': String(remaining),
				'x-ratelimit-reset-requests': `${Math.max(0, resetAt - now)}ms`,
			};
	}
}

interface MeteredApi extends TestServer {
	state: {
		/** Requests that came while the quota was known to be out (the client ignored the API) */
		violations: number;
		served: number;
		limited: number;
	};
}

/**
 * An API that allows `limit` requests per wall-clock second for the key. `headersOn`: quota
 * headers on every answer, or only on 429 (the client learns the reset only from the 429).
 */
async function meteredApi(style: Style, limit: number, headersOn: 'always' | '429'): Promise<MeteredApi> {
	let window = -1;
	let used = 0;
	let refusedInWindow = false;
	const state = { violations: 0, served: 0, limited: 0 };
	const server = await startServer((_req, res) => {
		const now = Date.now();
		const current = Math.floor(now / 1000);
		if (current !== window) {
			window = current;
			used = 0;
			refusedInWindow = false;
		}
		const resetAt = (current + 1) * 1000;
		if (used >= limit) {
			// With one request at a time, a client that read the last answer waits for the reset.
			if (headersOn === 'always' || refusedInWindow) state.violations++;
			refusedInWindow = true;
			state.limited++;
			json(res, 429, { message: 'Too many requests' }, quotaHeaders(style, limit, 0, resetAt, now));
			return;
		}
		used++;
		state.served++;
		json(res, 200, { ok: true }, headersOn === 'always' ? quotaHeaders(style, limit, limit - used, resetAt, now) : {});
	});
	return Object.assign(server, { state });
}

describe('quota headers in every common style', () => {
	test.each(STYLES)('%s on every answer: the node waits for the reset instead of running into 429s', async (style) => {
		const api = await meteredApi(style, 2, 'always');
		try {
			const result = await call(
				api,
				{ options: { includeQuota: true, rateLimit: { limit: { maxConcurrent: 1 } } } },
				{ items: itemsOf(4) },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.ok)).toEqual([true, true, true, true]);
			expect(api.state.violations).toBe(0);
			expect(api.state.limited).toBe(0);
			const quotas = result.items.map((item) => item.json.quota as { limit: number; remaining: number; reset: string });
			expect(quotas.map((quota) => [quota.limit, quota.remaining])).toEqual([
				[2, 1],
				[2, 0],
				[2, 1],
				[2, 0],
			]);
			expect(Number.isNaN(Date.parse(quotas[0].reset))).toBe(false);
		} finally {
			await api.close();
		}
	});

	test.each(STYLES)('%s only on the 429: the item waits for the reset and succeeds', async (style) => {
		const api = await meteredApi(style, 2, '429');
		try {
			const result = await call(api, { options: { rateLimit: { limit: { maxConcurrent: 1 } } } }, { items: itemsOf(4) });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(4);
			expect(api.state.served).toBe(4);
			expect(api.state.violations).toBe(0);
		} finally {
			await api.close();
		}
	});

	test('Include Quota State without quota headers gives empty values', async () => {
		const api = await startServer((_req, res) => json(res, 200, [{ id: 1 }, { id: 2 }]));
		try {
			const result = await call(api, { options: { includeQuota: true, quotaField: 'usage' } });
			const shared = { executions: 1, inFlight: expect.any(Number), waiting: 0, heldUntil: null, adaptiveRatePerSecond: null, share: 1, credits: null };
			expect(result.items.map((item) => item.json)).toEqual([
				{ id: 1, usage: { limit: null, remaining: null, reset: null, shared } },
				{ id: 2, usage: { limit: null, remaining: null, reset: null, shared } },
			]);
		} finally {
			await api.close();
		}
	});
});

// ---------------------------------------------------------------------------------------
// Retry-After
// ---------------------------------------------------------------------------------------

/** Answers the first request with 429 and the given Retry-After; counts retries that come too early. */
async function retryAfterApi(retryAfter: (now: number) => { header: string; notBefore: number }, status = 429) {
	let notBefore: number | undefined;
	const state = { early: 0 };
	const server = await startServer((_req, res) => {
		const now = Date.now();
		if (notBefore === undefined) {
			const answer = retryAfter(now);
			notBefore = answer.notBefore;
			json(res, status, { message: 'slow down' }, { 'Retry-After': answer.header });
			return;
		}
		// 10 ms of slack for timer granularity.
		if (now < notBefore - 10) state.early++;
		json(res, 200, { ok: true });
	});
	return Object.assign(server, { state });
}

describe('Retry-After', () => {
	test('in seconds: the item waits that long and succeeds', async () => {
		const api = await retryAfterApi((now) => ({ header: '1', notBefore: now + 1000 }));
		try {
			const result = await call(api, {});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ ok: true });
			expect(api.requests).toHaveLength(2);
			expect(api.state.early).toBe(0);
		} finally {
			await api.close();
		}
	});

	test('as an HTTP-date: the item waits until then and succeeds', async () => {
		const api = await retryAfterApi((now) => {
			const date = new Date(now + 2000);
			return { header: date.toUTCString(), notBefore: Math.floor(date.getTime() / 1000) * 1000 };
		});
		try {
			const result = await call(api, {});
			expect(result.error).toBeUndefined();
			expect(api.requests).toHaveLength(2);
			expect(api.state.early).toBe(0);
		} finally {
			await api.close();
		}
	});

	test('503 with Retry-After is waited out the same way, even with retries off', async () => {
		const api = await retryAfterApi((now) => ({ header: '1', notBefore: now + 1000 }), 503);
		try {
			const result = await call(api, { options: { retry: { retry: { maxRetries: 0 } } } });
			expect(result.error).toBeUndefined();
			expect(api.requests).toHaveLength(2);
			expect(api.state.early).toBe(0);
		} finally {
			await api.close();
		}
	});

	test('a wait beyond Max Wait fails the item at once, saying so, without the key', async () => {
		const api = await startServer((_req, res) => json(res, 429, { message: `limit reached for ${KEY}` }, { 'Retry-After': '120' }));
		try {
			const result = await call(api, {});
			expect(result.error?.message).toBe('The API is rate limiting this key (429): the API asks to wait 120 s, longer than Max Wait');
			expect((result.error as { description?: string }).description).toContain('Raise Max Wait (now 20 s)');
			expect(api.requests).toHaveLength(1);
			expect(JSON.stringify(result.runData)).not.toContain(KEY);
			expect(`${result.error?.message} ${(result.error as { description?: string }).description}`).not.toContain(KEY);

			const patient = await call(api, { options: { retry: { retry: { maxWait: 1 } } } }, { items: itemsOf(2), continueOnFail: true });
			expect(patient.items.map((item) => item.json.error)).toEqual([
				'The API is rate limiting this key (429): the API asks to wait 120 s, longer than Max Wait',
				'The API is rate limiting this key (429): the API asks to wait 120 s, longer than Max Wait',
			]);
		} finally {
			await api.close();
		}
	});
});

describe('the total wait of one request', () => {
	test('waits that each fit Max Wait stop at Max Total Wait, with an error that says so', async () => {
		const api = await startServer((_req, res) => json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' }));
		try {
			const result = await call(api, { options: { retry: { retry: { maxTotalWait: 2 } } } });
			expect(result.error?.message).toBe("The request waited 2 s for the API's rate limit, and another 1 s would exceed Max Total Wait (2 s)");
			expect((result.error as { description?: string }).description).toContain('Raise Max Total Wait under Options > Retry');
			expect(api.requests).toHaveLength(3);
		} finally {
			await api.close();
		}
	});

	test('a 400-digit Retry-After fails at once as "more than a year", never Infinity', async () => {
		const api = await startServer((_req, res) => json(res, 429, { message: 'slow down' }, { 'Retry-After': '9'.repeat(400) }));
		try {
			const result = await call(api, {});
			expect(result.error?.message).toBe('The API is rate limiting this key (429): the API asks to wait more than a year, longer than Max Wait');
			expect(JSON.stringify(result.error)).not.toContain('Infinity');
			// The advice names the bounded wait, never the header's own text.
			expect(String((result.error as { description?: string }).description)).not.toContain('9999');
			expect(api.requests).toHaveLength(1);
		} finally {
			await api.close();
		}
	});
});

// ---------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------

describe('retries after errors', () => {
	test('a 502 that clears up is retried transparently', async () => {
		let calls = 0;
		const api = await startServer((_req, res) => (++calls < 3 ? json(res, 502, { message: 'bad gateway' }) : json(res, 200, { ok: true })));
		try {
			const result = await call(api, {});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ ok: true });
			expect(api.requests).toHaveLength(3);
		} finally {
			await api.close();
		}
	});

	test('retries exhausted: the item fails with an error that says so', async () => {
		const api = await startServer((_req, res) => json(res, 503, { message: `down for ${KEY}` }));
		try {
			const result = await call(api, { options: { retry: { retry: { maxRetries: 2 } } } });
			expect(result.error?.message).toBe('The API had a problem answering (503), gave up after 2 retries');
			expect((result.error as { description?: string }).description).toContain('(2 retries)');
			expect(api.requests).toHaveLength(3);
			expect(`${result.error?.message} ${(result.error as { description?: string }).description}`).not.toContain(KEY);

			const lenient = await call(api, { options: { retry: { retry: { maxRetries: 1 } } } }, { items: itemsOf(2), continueOnFail: true });
			expect(lenient.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
				['The API had a problem answering (503), gave up after 1 retry', { item: 0 }],
				['The API had a problem answering (503), gave up after 1 retry', { item: 1 }],
			]);
		} finally {
			await api.close();
		}
	});

	test('dropped connections are retried, then fail saying so', async () => {
		const api = await startServer((_req, res) => res.socket?.destroy());
		try {
			const result = await call(api, { options: { retry: { retry: { maxRetries: 2 } } } });
			expect(result.error?.message).toBe('The API closed the connection, gave up after 2 retries');
			expect(api.requests).toHaveLength(3);
		} finally {
			await api.close();
		}
	});

	test('a refused connection on this machine (a wrong port) is not retried, and the advice is to check the URL', async () => {
		const port = await closedPort();
		const result = await call(`http://127.0.0.1:${port}`, { options: { retry: { retry: { maxRetries: 3 } } } });
		expect(result.error?.message).toBe('The API refused the connection');
		const description = String((result.error as { description?: string }).description);
		expect(description).toContain('Check the URL');
		expect(description).not.toMatch(/Max Retries|gave up|retries/);
	});

	test('Max Retries 0: a failed answer fails as it is, never "gave up after 0 retries"', async () => {
		const api = await startServer((_req, res) => json(res, 503, { message: 'down' }));
		try {
			const result = await call(api, { options: { retry: { retry: { maxRetries: 0 } } } });
			expect(result.error?.message).toBe('The API had a problem answering (503)');
			expect(`${result.error?.message} ${(result.error as { description?: string }).description}`).not.toContain('0 retries');
			expect(api.requests).toHaveLength(1);
		} finally {
			await api.close();
		}
	});

	test('Retry On Status Codes decides which statuses are retried', async () => {
		const api = await startServer((_req, res) => json(res, 500, { message: 'oops' }));
		try {
			const plain = await call(api, {});
			expect(plain.error?.message).toBe('The API had a problem answering (500)');
			expect(api.requests).toHaveLength(1);
			const all = await call(api, { options: { retry: { retry: { maxRetries: 1, retryOnStatus: '5xx' } } } });
			expect(all.error?.message).toBe('The API had a problem answering (500), gave up after 1 retry');
			expect(api.requests).toHaveLength(3);
		} finally {
			await api.close();
		}
	});
});

// ---------------------------------------------------------------------------------------
// Pacing
// ---------------------------------------------------------------------------------------

/** Holds every request for a while (a random 5-40 ms) and records the most it had in flight. */
async function countingApi() {
	let inFlight = 0;
	const state = { peak: 0 };
	const server = await startServer(async (req, res: ServerResponse) => {
		inFlight++;
		state.peak = Math.max(state.peak, inFlight);
		await sleep(5 + Math.floor(Math.random() * 35));
		inFlight--;
		json(res, 200, { n: Number(req.query.get('n')) });
	});
	return Object.assign(server, { state });
}

describe('pacing', () => {
	const perItem: INodeParameters = { sendQuery: true, queryParameters: { parameters: [{ name: 'n', value: '={{ $json.n }}' }] } };

	test('never more requests in flight than Max Concurrent Requests; output keeps input order', async () => {
		const api = await countingApi();
		try {
			const result = await call(api, { ...perItem, options: { rateLimit: { limit: { maxConcurrent: 3 } } } }, { items: itemsOf(30) });
			expect(result.items.map((item) => item.json.n)).toEqual(itemsOf(30).map((item) => item.json.n));
			expect(result.items.map((item) => item.pairedItem)).toEqual(itemsOf(30).map((_, item) => ({ item })));
			expect(api.state.peak).toBeLessThanOrEqual(3);
			expect(api.state.peak).toBeGreaterThan(1);
		} finally {
			await api.close();
		}
	});

	test('the default allows 5 in flight', async () => {
		const api = await countingApi();
		try {
			const result = await call(api, perItem, { items: itemsOf(30) });
			expect(result.items).toHaveLength(30);
			expect(api.state.peak).toBeLessThanOrEqual(5);
		} finally {
			await api.close();
		}
	});

	test('pages of every item share the limit', async () => {
		let inFlight = 0;
		let peak = 0;
		const api = await startServer(async (req, res) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await sleep(10);
			inFlight--;
			const page = Number(req.query.get('page'));
			json(res, 200, page <= 3 ? [{ page }] : []);
		});
		try {
			const result = await call(
				api,
				{ options: { rateLimit: { limit: { maxConcurrent: 2 } }, pagination: { pagination: { paginationMode: 'pageNumber' } } } },
				{ items: itemsOf(6) },
			);
			expect(result.items).toHaveLength(18);
			expect(api.requests).toHaveLength(24);
			expect(peak).toBeLessThanOrEqual(2);
		} finally {
			await api.close();
		}
	});

	test('Max Requests per second: the API never sees more in any second', async () => {
		const arrivals: number[] = [];
		const api = await startServer((_req, res) => {
			arrivals.push(Date.now());
			json(res, 200, { ok: true });
		});
		try {
			const result = await call(api, { options: { rateLimit: { limit: { maxConcurrent: 10, maxRequests: 4, period: 'second' } } } }, { items: itemsOf(9) });
			expect(result.items).toHaveLength(9);
			const busiest = Math.max(...arrivals.map((start) => arrivals.filter((time) => time >= start && time < start + 1000).length));
			expect(busiest).toBeLessThanOrEqual(4);
		} finally {
			await api.close();
		}
	});

	test('two nodes with the same credential in one execution share the rate limit', async () => {
		const arrivals: number[] = [];
		const api = await startServer((_req, res) => {
			arrivals.push(Date.now());
			json(res, 200, [{ ok: true }, { ok: true }, { ok: true }]);
		});
		try {
			const parameters = { method: 'GET', url: '/r', options: { rateLimit: { limit: { maxRequests: 3, period: 'second' } } } };
			const node = new ApiKeyRequest();
			const result = await runWorkflow({
				nodes: [
					{ name: 'First', node, parameters },
					{ name: 'Second', node, parameters },
				],
				credentialTypes: [new ApiKeyApi()],
				credentials: { apiKeyApi: credentialFor('header', KEY, { baseUrl: api.url }) },
				items: itemsOf(3),
			});
			expect(result.error).toBeUndefined();
			expect(result.nodes.Second.items).toHaveLength(27);
			expect(arrivals).toHaveLength(12);
			const busiest = Math.max(...arrivals.map((start) => arrivals.filter((time) => time >= start && time < start + 1000).length));
			expect(busiest).toBeLessThanOrEqual(3);
		} finally {
			await api.close();
		}
	});

	test('a 429 to one item holds the others: every item succeeds against a strict API', async () => {
		const api = await meteredApi('x-ratelimit', 4, '429');
		try {
			const result = await call(api, { options: { rateLimit: { limit: { maxConcurrent: 3 } } } }, { items: itemsOf(12) });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(12);
			expect(result.items.every((item) => item.json.ok === true)).toBe(true);
			expect(api.state.served).toBe(12);
		} finally {
			await api.close();
		}
	});
});
