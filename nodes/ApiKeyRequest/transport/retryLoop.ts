/**
 * Sends one request through the key's pacer, retrying as the retry policy says. The attempt
 * itself (one request with the key, redirects included) is a parameter, so anything that wraps
 * a single send (e.g. trying a second key on 401) composes with pacing and retries.
 */
import { PacerWaitTooLongError, type Clock, type Pacer } from '../pacing/pacer';
import { exhaustedUntil, parseQuotas, tightestQuota, type QuotaState } from '../pacing/quotaHeaders';
import { decideRetry, type AttemptOutcome, type RetrySettings, type RetryState } from './retryDecision';
import { TransportError } from './send';
import type { PreparedRequest, RawResponse } from './types';

export type Attempt = (request: PreparedRequest) => Promise<RawResponse>;

export interface SendPolicy {
	pacer: Pacer;
	retry: RetrySettings;
	clock: Clock;
	/** Returns a number in [0, 1) for the backoff jitter */
	random: () => number;
	signal?: AbortSignal;
}

export interface SendResult {
	response: RawResponse;
	/** The tightest quota the response reported */
	quota?: QuotaState;
	retries: number;
	quotaWaits: number;
	/** True when the response is the last of a series of retries that did not succeed */
	exhausted: boolean;
}

/** A network failure that persisted through every retry. */
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

export async function sendWithRetries(attempt: Attempt, request: PreparedRequest, policy: SendPolicy): Promise<SendResult> {
	const { pacer, retry, clock, random, signal } = policy;
	const state: RetryState = { retries: 0, quotaWaits: 0 };
	const rounds = retry.maxRetries + retry.maxQuotaWaits + 1;
	for (let round = 0; round < rounds; round++) {
		const release = await pacer.acquire(retry.maxWaitMs, signal).catch((error: unknown) => {
			throw error instanceof PacerWaitTooLongError ? new WaitTooLongError(error.waitMs, retry.maxWaitMs) : error;
		});
		let failure: TransportError | undefined;
		let response: RawResponse | undefined;
		try {
			response = await attempt(request).catch((error: unknown) => {
				if (!(error instanceof TransportError)) throw error;
				failure = error;
				return undefined;
			});
		} finally {
			release();
		}

		const now = clock.now();
		let quota: QuotaState | undefined;
		let outcome: AttemptOutcome;
		if (response) {
			const quotas = parseQuotas(response.headers, now);
			quota = tightestQuota(quotas);
			// The key's quota is out: hold every request until it refills instead of collecting 429s.
			const until = exhaustedUntil(quotas, now);
			if (until !== undefined && until - now <= retry.maxWaitMs) pacer.pauseUntil(until);
			outcome = { kind: 'response', status: response.statusCode, headers: response.headers };
		} else {
			outcome = { kind: 'error', code: (failure as TransportError).code };
		}

		const decision = decideRetry(outcome, request.method, state, retry, now, random);
		switch (decision.action) {
			case 'done':
				if (failure) throw failure;
				return { response: response as RawResponse, quota, ...state, exhausted: state.retries > 0 && isFailure(response as RawResponse) };
			case 'exhausted':
				if (failure) throw new RetriesExhaustedError(failure, state.retries);
				return { response: response as RawResponse, quota, ...state, exhausted: true };
			case 'waitTooLong':
				if (failure) throw failure;
				throw new WaitTooLongError(decision.delayMs, retry.maxWaitMs, response);
			case 'wait':
				if (decision.quota) state.quotaWaits++;
				else state.retries++;
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
