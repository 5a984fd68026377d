/**
 * A simulated metered API and simulated n8n processes on the virtual clock, for the pacing tests:
 * several processes (each its own Pacer, as queue-mode workers have), each running executions of
 * items with a few workers each, every request through the real retry loop against one quota.
 * Deterministic: the jitter comes from a seeded generator.
 */
import { runItems } from '../../nodes/ApiKeyRequest/helpers/itemRunner';
import { defaultRetrySettings } from '../../nodes/ApiKeyRequest/helpers/settings';
import { Pacer, type PacerSettings } from '../../nodes/ApiKeyRequest/pacing/pacer';
import type { RetrySettings } from '../../nodes/ApiKeyRequest/transport/retryDecision';
import { sendWithRetries } from '../../nodes/ApiKeyRequest/transport/retryLoop';
import type { PreparedRequest, RawResponse } from '../../nodes/ApiKeyRequest/transport/types';
import { FakeClock } from './fakeClock';

/**
 * What the API says: `headers` X-RateLimit-Limit/-Remaining/-Reset (epoch seconds) on every
 * answer and Retry-After on 429 (like GitHub); `ietf` RateLimit/RateLimit-Policy (draft 10);
 * `retryAfter` only Retry-After on 429; `bare` a 429 and nothing else.
 */
export type ApiStyle = 'headers' | 'ietf' | 'retryAfter' | 'bare';

export interface SimulatedApi {
	/** Requests the API refused, served, and the most served in one window. */
	stats: { requests: number; served: number; limited: number; busiestWindow: number };
	/** Served requests per window (window index from the start). */
	windows: Map<number, number>;
	handle(now: number): RawResponse;
}

/** `limit` requests per window of `windowMs`, windows aligned to multiples of `windowMs`. */
export function simulatedApi(style: ApiStyle, limit: number, windowMs = 1000): SimulatedApi {
	const windows = new Map<number, number>();
	const stats = { requests: 0, served: 0, limited: 0, busiestWindow: 0 };
	const answer = (statusCode: number, headers: Record<string, string>): RawResponse => ({
		statusCode,
		statusMessage: '',
		headers,
		body: Buffer.from('{}'),
		url: 'https://api.example.com/r',
	});
	return {
		stats,
		windows,
		handle(now) {
			stats.requests++;
			const window = Math.floor(now / windowMs);
			const used = windows.get(window) ?? 0;
			const resetAt = (window + 1) * windowMs;
			const quota = (remaining: number): Record<string, string> => {
				if (style === 'headers') return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAt / 1000) };
				if (style === 'ietf') {
					return { ratelimit: `"default";r=${remaining};t=${Math.ceil((resetAt - now) / 1000)}`, 'ratelimit-policy': `"default";q=${limit};w=${windowMs / 1000}` };
				}
				return {};
			};
			if (used >= limit) {
				stats.limited++;
				const retryAfter: Record<string, string> = style === 'bare' ? {} : { 'retry-after': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) };
				return answer(429, { ...retryAfter, ...quota(0) });
			}
			windows.set(window, used + 1);
			stats.served++;
			stats.busiestWindow = Math.max(stats.busiestWindow, used + 1);
			return answer(200, quota(limit - used - 1));
		},
	};
}

/** A seeded generator in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const request: PreparedRequest = {
	method: 'GET',
	url: 'https://api.example.com/r',
	qs: {},
	headers: {},
	timeout: 10_000,
	followRedirects: true,
	maxRedirects: 0,
	maxResponseBytes: 1024,
};

export interface Execution {
	/** The process (0-based) it runs in */
	process: number;
	items: number;
	/** Items in parallel (Max Concurrent Requests) */
	workers?: number;
	/** Virtual time it starts at, relative to the start */
	startAt?: number;
	settings?: Partial<PacerSettings>;
}

export interface SimulationResult {
	api: SimulatedApi;
	/** Per execution: items that failed, and the order in which its items got their answers */
	failed: number[];
	/** Execution index of every successful answer, in the order they came */
	answers: number[];
	pacers: Pacer[];
	/** Virtual time the last answer came, relative to the start */
	endedAt: number;
}

/**
 * Runs the executions, each item one request, through one pacer per process, against `api`.
 * `latencyMs`: the request reaches the API half-way.
 */
export async function simulate(options: {
	api: SimulatedApi;
	processes: number;
	executions: Execution[];
	latencyMs?: number;
	retry?: Partial<RetrySettings>;
	start?: number;
	seed?: number;
}): Promise<SimulationResult> {
	const start = options.start ?? Date.UTC(2025, 0, 15, 12, 0, 0);
	const clock = new FakeClock(start);
	const latency = options.latencyMs ?? 10;
	const random = seeded(options.seed ?? 1);
	const pacers = Array.from({ length: options.processes }, () => new Pacer(clock));
	const retry = defaultRetrySettings({ maxWaitMs: 60_000, maxTotalWaitMs: 600_000, ...options.retry });
	const failed = options.executions.map(() => 0);
	const answers: number[] = [];
	let endedAt = 0;
	const attempt = async () => {
		await clock.sleep(latency / 2);
		const response = options.api.handle(clock.now());
		await clock.sleep(latency / 2);
		return response;
	};
	const runs = options.executions.map(async (execution, index) => {
		if (execution.startAt) await clock.sleep(execution.startAt);
		const pacer = pacers[execution.process];
		const workers = execution.workers ?? 5;
		const settings: PacerSettings = { maxConcurrent: workers, maxRequests: 0, intervalMs: 0, ...execution.settings };
		const leave = pacer.join(`execution-${index}`, settings);
		try {
			await runItems(
				execution.items,
				async () => {
					const result = await sendWithRetries(attempt, request, { pacer, party: `execution-${index}`, retry, clock, random });
					if (result.response.statusCode !== 200) failed[index]++;
					else answers.push(index);
					endedAt = Math.max(endedAt, clock.now() - start);
				},
				{ concurrency: workers, onError: () => failed[index]++ },
			);
		} finally {
			leave();
		}
	});
	await clock.run(Promise.all(runs));
	return { api: options.api, failed, answers, pacers, endedAt };
}
