/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Several executions at once, through n8n-core's WorkflowExecute, on one credential: the key's
 * budget is shared by all of them, counted at the API. Counts and order only, no durations.
 */
import type { ServerResponse } from 'node:http';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { credentialFor } from '../helpers/keyApi';
import { json, startServer, type RecordedRequest, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

const KEY = 'shared-key-Qw81';
const OTHER_KEY = 'other-key-Zp40';
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Items that say which execution they belong to: `?exec=<name>&n=<index>`. */
function execution(api: TestServer, name: string, items: number, options: INodeParameters = {}, key = KEY) {
	const parameters: INodeParameters = {
		method: 'GET',
		url: '/r',
		sendQuery: true,
		queryParameters: {
			parameters: [
				{ name: 'exec', value: name },
				{ name: 'n', value: '={{ $json.n }}' },
			],
		},
		options,
	};
	return runNode({
		node: new ApiKeyRequest(),
		parameters,
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor('header', key, { baseUrl: api.url }) },
		items: Array.from({ length: items }, (_, n): INodeExecutionData => ({ json: { n } })),
	});
}

interface Arrival {
	at: number;
	exec: string;
	key: string;
}

/** Records every arrival and the most requests in flight; answers after `latencyMs`. */
async function recordingApi(handle: (req: RecordedRequest, res: ServerResponse, arrival: Arrival) => void, latencyMs = 5) {
	const arrivals: Arrival[] = [];
	let inFlight = 0;
	const state = { peak: 0 };
	const server = await startServer(async (req, res) => {
		const arrival = { at: Date.now(), exec: req.query.get('exec') ?? '', key: String(req.headers['x-api-key'] ?? '') };
		arrivals.push(arrival);
		inFlight++;
		state.peak = Math.max(state.peak, inFlight);
		await sleep(latencyMs);
		inFlight--;
		handle(req, res, arrival);
	});
	return Object.assign(server, { arrivals, state });
}

/** The most arrivals within any 1000 ms, optionally of one key. */
function busiestSecond(arrivals: Arrival[], key?: string): number {
	const times = arrivals.filter((arrival) => key === undefined || arrival.key === key).map((arrival) => arrival.at);
	return Math.max(0, ...times.map((start) => times.filter((time) => time >= start && time < start + 1000).length));
}

describe('one budget for every execution that uses the key', () => {
	test('Max Requests per second holds for the key across two executions at once, which take turns', async () => {
		const api = await recordingApi((_req, res) => json(res, 200, { ok: true }));
		try {
			const options = { includeQuota: true, rateLimit: { limit: { maxRequests: 3, period: 'second' } } };
			const [a, b] = await Promise.all([execution(api, 'a', 6, options), execution(api, 'b', 6, options)]);
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			expect(a.items).toHaveLength(6);
			expect(b.items).toHaveLength(6);
			expect(api.arrivals).toHaveLength(12);
			expect(busiestSecond(api.arrivals)).toBeLessThanOrEqual(3);
			// Turns: once both wait, they alternate (the first may use a window alone before the other starts).
			const order = api.arrivals.map((arrival) => arrival.exec);
			const start = Math.max(order.indexOf('a'), order.indexOf('b'));
			expect(order.slice(start, start + 6).filter((exec) => exec === 'a')).toHaveLength(3);
			// Include Quota State shows the shared budget: both executions used the key's pacer.
			const seen = [...a.items, ...b.items].map((item) => (item.json.quota as { shared: { executions: number } }).shared.executions);
			expect(Math.max(...seen)).toBe(2);
		} finally {
			await api.close();
		}
	});

	test('Max Concurrent Requests is the key\'s: two executions at the default 5 have at most 5 in flight together', async () => {
		const api = await recordingApi((_req, res) => json(res, 200, { ok: true }), 30);
		try {
			const [a, b] = await Promise.all([execution(api, 'a', 20), execution(api, 'b', 20)]);
			expect(a.items).toHaveLength(20);
			expect(b.items).toHaveLength(20);
			expect(api.state.peak).toBeLessThanOrEqual(5);
			const twoAtMost = await recordingApi((_req, res) => json(res, 200, { ok: true }), 30);
			try {
				const limit = { rateLimit: { limit: { maxConcurrent: 2 } } };
				await Promise.all([execution(twoAtMost, 'a', 10, limit), execution(twoAtMost, 'b', 10, limit), execution(twoAtMost, 'c', 10)]);
				expect(twoAtMost.arrivals).toHaveLength(30);
				expect(twoAtMost.state.peak).toBeLessThanOrEqual(2);
			} finally {
				await twoAtMost.close();
			}
		} finally {
			await api.close();
		}
	});

	test('the quota the API reports is the key\'s: two executions at once never send after it said none is left', async () => {
		const limit = 8;
		let window = -1;
		let used = 0;
		const state = { served: 0, limited: 0, afterZero: 0 };
		let saidZero = false;
		const api = await recordingApi((_req, res) => {
			const now = Date.now();
			const second = Math.floor(now / 1000);
			if (second !== window) {
				window = second;
				used = 0;
				saidZero = false;
			}
			const headers = (remaining: number) => ({
				'x-ratelimit-limit': String(limit),
				'x-ratelimit-remaining': String(remaining),
				'x-ratelimit-reset': String(second + 1),
			});
			if (used >= limit) {
				if (saidZero) state.afterZero++;
				state.limited++;
				json(res, 429, { message: 'Too many requests' }, { 'retry-after': '1', ...headers(0) });
				return;
			}
			used++;
			state.served++;
			if (used === limit) saidZero = true;
			json(res, 200, { ok: true }, headers(limit - used));
		});
		try {
			const [a, b] = await Promise.all([execution(api, 'a', 12), execution(api, 'b', 12)]);
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			expect(state.served).toBe(24);
			// Requests already under way when the last one was answered may still get a 429; none is
			// sent once an answer said the window is used up.
			expect(state.afterZero).toBe(0);
			expect(state.limited).toBeLessThanOrEqual(4);
		} finally {
			await api.close();
		}
	});

	test('another key (or another credential) has its own budget', async () => {
		const api = await recordingApi((_req, res) => json(res, 200, { ok: true }));
		try {
			const options = { rateLimit: { limit: { maxRequests: 2, period: 'second' } } };
			const runs = await Promise.all([execution(api, 'a', 4, options, KEY), execution(api, 'b', 4, options, OTHER_KEY)]);
			expect(runs.every((run) => run.items.length === 4)).toBe(true);
			expect(busiestSecond(api.arrivals, KEY)).toBeLessThanOrEqual(2);
			expect(busiestSecond(api.arrivals, OTHER_KEY)).toBeLessThanOrEqual(2);
			// Each key went at its own pace: in the first second both keys were used twice.
			const firstSecond = api.arrivals.filter((arrival) => arrival.at < api.arrivals[0].at + 900);
			expect(firstSecond.filter((arrival) => arrival.key === KEY)).toHaveLength(2);
			expect(firstSecond.filter((arrival) => arrival.key === OTHER_KEY)).toHaveLength(2);
		} finally {
			await api.close();
		}
	});
});
