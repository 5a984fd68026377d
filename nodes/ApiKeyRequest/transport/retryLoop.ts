/**
 * Sends one request through the key's pacer, retrying as the retry policy says. The attempt
 * itself (one request with the key, redirects included) is a parameter, so anything that wraps
 * a single send (e.g. trying a second key on 401) composes with pacing and retries.
 *
 * Every wait the API imposes on the request (Retry-After, a quota reset, a hold the key is under,
 * backoff after errors) comes out of one budget, Max Total Wait: a request fails with
 * WaitBudgetError instead of waiting without end, however many single waits each stay within
 * Max Wait. Waiting for the request's turn under the user's own Rate Limit is not counted.
 */
import { PacerWaitTooLongError, type Clock, type Pacer, type PacerSnapshot } from '../pacing/pacer';
import { exhaustedUntil, parseQuotas, retryAfterMs, tightestQuota, type QuotaState } from '../pacing/quotaHeaders';
import { decideRetry, isLoopbackHost, type AttemptOutcome, type RetrySettings, type RetryState } from './retryDecision';
import { TransportError } from './send';
import type { PreparedRequest, RawResponse } from './types';

export type Attempt = (request: PreparedRequest) => Promise<RawResponse>;

/** What one request may still wait in total; shared by everything that sends it again. */
export class WaitBudget {
	spentMs = 0;
	constructor(readonly totalMs: number) {}

	get remainingMs(): number {
		return Math.max(0, this.totalMs - this.spentMs);
	}

	spend(ms: number): void {
		this.spentMs += Math.max(0, ms);
	}
}

export interface SendPolicy {
	pacer: Pacer;
	/** Who the request is for (its execution): the key's pacer grants requests in turn between them. */
	party: string;
	retry: RetrySettings;
	clock: Clock;
	/** Returns a number in [0, 1) for the backoff jitter */
	random: () => number;
	signal?: AbortSignal;
	/** The request's wait budget; a new one of Max Total Wait when absent. */
	budget?: WaitBudget;
	/** Whether the result carries the pacer's snapshot (Include Quota State). */
	snapshot?: boolean;
}

export interface SendResult {
	response: RawResponse;
	/** The tightest quota the response reported */
	quota?: QuotaState;
	/** What the key's shared pacer knew when the answer came (when asked for) */
	pacing?: PacerSnapshot;
	retries: number;
	quotaWaits: number;
	/** True when the response is the last of a series of retries (or quota waits) that did not succeed */
	exhausted: boolean;
}

/** A network failure that persisted through at least one retry. */
export class RetriesExhaustedError extends Error {
	constructor(
		readonly failure: TransportError,
		readonly retries: number,
	) {
		super(failure.message);
		this.name = 'RetriesExhaustedError';
	}
}

/** The API (or the key's quota) asks for a longer wait than Max Wait allows. */
export class WaitTooLongError extends Error {
	constructor(
		readonly waitMs: number,
		readonly maxWaitMs: number,
		/** The 429/503 that asked for the wait; absent when the key was already held */
		readonly response?: RawResponse,
	) {
		super(`wait of ${waitMs} ms exceeds ${maxWaitMs} ms`);
		this.name = 'WaitTooLongError';
	}
}

/** The next wait would take the request beyond Max Total Wait. */
export class WaitBudgetError extends Error {
	constructor(
		/** What the request had waited already */
		readonly spentMs: number,
		readonly totalMs: number,
		/** The wait that did not fit */
		readonly waitMs: number,
		readonly waits: number,
		/** The answer that asked for the wait; absent when the key was held */
		readonly response?: RawResponse,
	) {
		super(`waited ${spentMs} ms, another ${waitMs} ms would exceed ${totalMs} ms`);
		this.name = 'WaitBudgetError';
	}
}

/**
 * The error a network failure ends in: after retries, one that says how many; a refused
 * connection as it is, since its advice is to check the URL and port, not to retry more.
 */
function giveUp(failure: TransportError, retries: number): Error {
	return retries > 0 && failure.code !== 'ECONNREFUSED' ? new RetriesExhaustedError(failure, retries) : failure;
}

function isLoopbackUrl(url: string): boolean {
	try {
		return isLoopbackHost(new URL(url).hostname);
	} catch {
		return false;
	}
}

export async function sendWithRetries(attempt: Attempt, request: PreparedRequest, policy: SendPolicy): Promise<SendResult> {
	const { pacer, party, retry, clock, random, signal } = policy;
	const budget = policy.budget ?? new WaitBudget(retry.maxTotalWaitMs);
	const state: RetryState = { retries: 0, quotaWaits: 0 };
	const rounds = retry.maxRetries + retry.maxQuotaWaits + 1;
	const result = (response: RawResponse, quota: QuotaState | undefined, exhausted: boolean): SendResult => ({
		response,
		quota,
		...(policy.snapshot ? { pacing: pacer.snapshot() } : {}),
		...state,
		exhausted,
	});
	for (let round = 0; round < rounds; round++) {
		const maxHoldMs = Math.min(retry.maxWaitMs, budget.remainingMs);
		const permit = await pacer.acquire({ party, maxHoldMs, signal }).catch((error: unknown) => {
			if (!(error instanceof PacerWaitTooLongError)) throw error;
			if (error.waitMs > retry.maxWaitMs) throw new WaitTooLongError(error.waitMs, retry.maxWaitMs);
			throw new WaitBudgetError(budget.spentMs, budget.totalMs, error.waitMs, state.retries + state.quotaWaits);
		});
		budget.spend(permit.heldMs);

		let failure: TransportError | undefined;
		let response: RawResponse | undefined;
		let quotas: QuotaState[] = [];
		let released = false;
		let now: number;
		let outcome: AttemptOutcome;
		try {
			response = await attempt(request).catch((error: unknown) => {
				if (!(error instanceof TransportError)) throw error;
				failure = error;
				return undefined;
			});
			now = clock.now();
			if (response) {
				quotas = parseQuotas(response.headers, now);
				const status = response.statusCode;
				const limited = status === 429 || (status === 503 && retryAfterMs(response.headers, now) !== undefined);
				permit.release({ quotas, limited });
				released = true;
				outcome = { kind: 'response', status, headers: response.headers };
			} else {
				const code = (failure as TransportError).code;
				outcome = { kind: 'error', code, loopback: code === 'ECONNREFUSED' && isLoopbackUrl((failure as TransportError).url) };
			}
		} finally {
			if (!released) permit.release();
		}

		let quota: QuotaState | undefined;
		if (response) {
			quota = tightestQuota(quotas);
			// The key's quota is out: hold every request until it refills instead of collecting 429s.
			const until = exhaustedUntil(quotas, now);
			if (until !== undefined && until - now <= retry.maxWaitMs) pacer.pauseUntil(until);
		}

		const decision = decideRetry(outcome, request.method, state, retry, now, random);
		switch (decision.action) {
			case 'done':
				if (failure) throw giveUp(failure, state.retries);
				return result(response as RawResponse, quota, state.retries > 0 && isFailure(response as RawResponse));
			case 'exhausted':
				if (failure) throw giveUp(failure, state.retries);
				return result(response as RawResponse, quota, state.retries > 0 || state.quotaWaits > 0);
			case 'waitTooLong':
				if (failure) throw failure;
				throw new WaitTooLongError(decision.delayMs, retry.maxWaitMs, response);
			case 'wait':
				if (decision.delayMs > budget.remainingMs) {
					if (failure) throw giveUp(failure, state.retries);
					throw new WaitBudgetError(budget.spentMs, budget.totalMs, decision.delayMs, state.retries + state.quotaWaits, response);
				}
				if (decision.quota) state.quotaWaits++;
				else state.retries++;
				budget.spend(decision.delayMs);
				if (decision.sharedUntil !== undefined) pacer.pauseUntil(decision.sharedUntil);
				await clock.sleep(decision.delayMs, signal);
				break;
		}
	}
	// decideRetry ends the loop before the rounds run out; this only guards against a bug there.
	throw new Error('The request was retried more often than its settings allow');
}

export function isFailure(response: RawResponse): boolean {
	return response.statusCode >= 400 || response.statusCode < 200;
}
