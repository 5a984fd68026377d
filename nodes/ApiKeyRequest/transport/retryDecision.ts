/**
 * Pure retry rules: exponential backoff with jitter, which failures are worth another try, and the
 * decision what to do after one attempt. No I/O, no timers: the caller passes the clock reading and
 * the random source.
 */
import { exhaustedUntil, parseQuotas, retryAfterMs, type Headers } from '../pacing/quotaHeaders';

export interface RetrySettings {
	/** Retries after network errors and retryable statuses; quota waits do not count. */
	maxRetries: number;
	/** Longest single wait in milliseconds; a longer wait fails the request instead. */
	maxWaitMs: number;
	/** Statuses retried with backoff (429 is always a quota wait). */
	retryStatuses: ReadonlySet<number>;
	/** First backoff step in milliseconds; doubles with every retry. */
	baseDelayMs: number;
	/** Quota waits one request may take before it gives up. */
	maxQuotaWaits: number;
	/** Whether a request that hit the timeout is sent again. */
	retryOnTimeout: boolean;
}

export const DEFAULT_RETRY_STATUSES: readonly number[] = [502, 503, 504];

export function defaultRetrySettings(overrides: Partial<RetrySettings> = {}): RetrySettings {
	return {
		maxRetries: 3,
		maxWaitMs: 20_000,
		retryStatuses: new Set(DEFAULT_RETRY_STATUSES),
		baseDelayMs: 500,
		maxQuotaWaits: 30,
		retryOnTimeout: false,
		...overrides,
	};
}

/** Full jitter: a random delay between 0 and base × 2^retry, capped. `random` returns [0, 1). */
export function backoffDelay(retry: number, baseDelayMs: number, capMs: number, random: () => number): number {
	const ceiling = Math.min(capMs, baseDelayMs * 2 ** Math.min(retry, 30));
	return Math.floor(random() * ceiling);
}

/** Network failures worth another try: nothing or nothing complete came back. */
const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'ENETDOWN',
	'EHOSTUNREACH',
	'EHOSTDOWN',
]);

/** Failures after which the API cannot have acted on the request: safe to repeat any method. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN']);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isRetryableNetworkError(code: string, method: string, retryOnTimeout = true): boolean {
	if (!RETRYABLE_CODES.has(code)) return false;
	if (TIMEOUT_CODES.has(code) && !retryOnTimeout) return false;
	return NOT_SENT_CODES.has(code) || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** What one attempt ended in. */
export type AttemptOutcome =
	| { kind: 'response'; status: number; headers: Headers }
	| { kind: 'error'; code: string };

export interface RetryState {
	/** Retries already spent on failures (not quota waits). */
	retries: number;
	/** Quota waits already taken. */
	quotaWaits: number;
}

export type RetryDecision =
	/** Done: hand the response (or error) to the caller as it is. */
	| { action: 'done' }
	/** Wait, then send again. `sharedUntil`: hold every request with this key until then. */
	| { action: 'wait'; delayMs: number; quota: boolean; sharedUntil?: number }
	/** The API asks for a wait longer than Max Wait. */
	| { action: 'waitTooLong'; delayMs: number }
	/** Retries (or quota waits) are used up. */
	| { action: 'exhausted'; quota: boolean };

/**
 * What to do after an attempt. 429 (and 503 with Retry-After) is the API metering the key:
 * wait as long as it says (Retry-After, else the quota reset, else backoff) without counting
 * a failure. Network errors and the retry statuses back off exponentially with jitter and
 * count against Max Retries.
 */
export function decideRetry(
	outcome: AttemptOutcome,
	method: string,
	state: RetryState,
	settings: RetrySettings,
	now: number,
	random: () => number,
): RetryDecision {
	if (outcome.kind === 'error') {
		if (!isRetryableNetworkError(outcome.code, method, settings.retryOnTimeout)) return { action: 'done' };
		return failureRetry(state, settings, random, undefined);
	}
	const { status, headers } = outcome;
	const retryAfter = retryAfterMs(headers, now);
	const isQuota = status === 429 || (status === 503 && retryAfter !== undefined);
	if (isQuota) {
		if (state.quotaWaits >= settings.maxQuotaWaits) return { action: 'exhausted', quota: true };
		// A 429 means the quota is out even when the API leaves Remaining off.
		const quotas = parseQuotas(headers, now).map((quota) => ({ ...quota, remaining: quota.remaining ?? 0 }));
		const resetAt = exhaustedUntil(quotas, now);
		const delayMs =
			retryAfter ??
			(resetAt !== undefined ? resetAt - now : backoffDelay(state.quotaWaits, settings.baseDelayMs, settings.maxWaitMs, random));
		if (delayMs > settings.maxWaitMs) return { action: 'waitTooLong', delayMs };
		// This request honours its own Retry-After; the others may go when the key's quota refills
		// (the reset), if that comes first: a Retry-After is often rounded up to whole seconds.
		const sharedUntil = resetAt !== undefined ? Math.min(resetAt, now + delayMs) : now + delayMs;
		return { action: 'wait', delayMs, quota: true, sharedUntil };
	}
	if (!settings.retryStatuses.has(status)) return { action: 'done' };
	return failureRetry(state, settings, random, retryAfter);
}

function failureRetry(
	state: RetryState,
	settings: RetrySettings,
	random: () => number,
	retryAfter: number | undefined,
): RetryDecision {
	if (state.retries >= settings.maxRetries) return { action: 'exhausted', quota: false };
	if (retryAfter !== undefined && retryAfter > settings.maxWaitMs) return { action: 'waitTooLong', delayMs: retryAfter };
	return {
		action: 'wait',
		delayMs: retryAfter ?? backoffDelay(state.retries, settings.baseDelayMs, settings.maxWaitMs, random),
		quota: false,
	};
}

/** Comma-separated statuses (`502, 503, 504`, also `5xx`) as a set. */
export function parseStatusList(value: string): Set<number> {
	const statuses = new Set<number>();
	for (const part of value.split(/[\s,;]+/)) {
		const text = part.trim().toLowerCase();
		if (/^[1-5]xx$/.test(text)) {
			const base = Number(text[0]) * 100;
			for (let status = base; status < base + 100; status++) statuses.add(status);
		} else if (/^\d{3}$/.test(text)) {
			statuses.add(Number(text));
		}
	}
	statuses.delete(429);
	return statuses;
}
