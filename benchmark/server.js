'use strict';
/**
 * The benchmark APIs, run in their own process (forked with IPC) so that serving never competes
 * with the client under test for its event loop. Bound to 127.0.0.1 only.
 *
 * Messages in:  { start: 'quota' | 'latency' | 'pages', options }  -> { port }
 *               { stats: true }                                   -> { stats }
 *               { reset: true }                                   -> { reset } (after a warm-up)
 *               { stop: true }                                     -> exits
 */
const http = require('node:http');

const HOST = '127.0.0.1';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(res, status, body, headers = {}) {
	const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length, ...headers });
	res.end(payload);
}

const stats = { requests: 0, served: 0, limited: 0, inFlight: 0, peakInFlight: 0, connections: 0, firstAt: 0, lastAt: 0 };
/** Arrival times of every request (for the busiest second), kept only by the quota API. */
let arrivals = [];
let recordArrivals = false;

/** The most requests that arrived in one wall-clock second (the window the quota API counts in). */
function busiestSecond(times) {
	const perSecond = new Map();
	let best = 0;
	for (const time of times) {
		const second = Math.floor(time / 1000);
		const count = (perSecond.get(second) ?? 0) + 1;
		perSecond.set(second, count);
		best = Math.max(best, count);
	}
	return best;
}

function track(handler) {
	return async (req, res) => {
		stats.requests++;
		stats.inFlight++;
		stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
		const now = Date.now();
		if (recordArrivals) arrivals.push(now);
		if (!stats.firstAt) stats.firstAt = now;
		stats.lastAt = now;
		res.on('close', () => stats.inFlight--);
		for await (const chunk of req) void chunk; // drain the body
		await handler(req, res);
	};
}

/**
 * 50 requests per second per key, in windows aligned to wall-clock seconds. Beyond that: 429
 * with Retry-After in seconds (rounded up, as delta-seconds must be). `headers: 'quota'` also
 * sends X-RateLimit-Limit/-Remaining/-Reset (epoch seconds) on every answer, as most metered
 * APIs do; `headers: 'retry-after'` sends nothing but Retry-After; `headers: 'none'` a bare 429.
 */
function quotaApi({ limit = 50, latencyMs = 0, headers = 'quota' }) {
	recordArrivals = true;
	const windows = new Map();
	return track(async (req, res) => {
		if (latencyMs) await sleep(latencyMs);
		const key = String(req.headers['x-api-key'] ?? '');
		const now = Date.now();
		const second = Math.floor(now / 1000);
		let window = windows.get(key);
		if (!window || window.second !== second) {
			window = { second, used: 0 };
			windows.set(key, window);
		}
		const resetAt = (second + 1) * 1000;
		const quota = (remaining) =>
			headers === 'quota'
				? { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAt / 1000) }
				: {};
		if (window.used >= limit) {
			stats.limited++;
			const retryAfter = headers === 'none' ? {} : { 'retry-after': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) };
			send(res, 429, { message: 'Rate limit exceeded' }, { ...retryAfter, ...quota(0) });
			return;
		}
		window.used++;
		stats.served++;
		send(res, 200, { ok: true }, quota(limit - window.used));
	});
}

/** Answers every request after a fixed latency. */
function latencyApi({ latencyMs = 20 }) {
	const body = Buffer.from(JSON.stringify({ ok: true, id: 'abc123', status: 'done' }));
	return track(async (_req, res) => {
		await sleep(latencyMs);
		stats.served++;
		send(res, 200, body);
	});
}

/** `pages` pages of `pageSize` records behind a cursor (the page number); bodies built up front. */
function pagesApi({ pages = 2000, pageSize = 100, latencyMs = 0 }) {
	const bodies = [];
	for (let page = 0; page < pages; page++) {
		const data = [];
		for (let index = 0; index < pageSize; index++) {
			const id = page * pageSize + index;
			data.push({
				id,
				name: `Customer ${id}`,
				email: `customer${id}@example.com`,
				created_at: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
				plan: ['free', 'pro', 'team'][id % 3],
				score: (id * 7919) % 1000,
				active: id % 5 !== 0,
			});
		}
		bodies.push(Buffer.from(JSON.stringify({ data, next_cursor: page + 1 < pages ? String(page + 1) : null })));
	}
	return track(async (req, res) => {
		if (latencyMs) await sleep(latencyMs);
		const cursor = Number(new URL(req.url, 'http://x').searchParams.get('cursor') ?? 0);
		const body = bodies[cursor];
		if (!body) return send(res, 404, { message: 'no such page' });
		stats.served++;
		send(res, 200, body);
	});
}

const APIS = { quota: quotaApi, latency: latencyApi, pages: pagesApi };

process.on('message', (message) => {
	if (message.start) {
		const server = http.createServer(APIS[message.start](message.options ?? {}));
		server.keepAliveTimeout = 5000;
		server.on('connection', () => stats.connections++);
		server.listen(0, HOST, () => process.send({ port: server.address().port }));
	} else if (message.stats) {
		process.send({ stats: { ...stats, ...(recordArrivals ? { busiestSecond: busiestSecond(arrivals) } : {}) } });
	} else if (message.reset) {
		arrivals = [];
		Object.assign(stats, { requests: 0, served: 0, limited: 0, peakInFlight: stats.inFlight, connections: 0, firstAt: 0, lastAt: 0 });
		process.send({ reset: true });
	} else if (message.stop) {
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));

module.exports = { busiestSecond };
