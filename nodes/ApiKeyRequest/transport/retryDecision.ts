/**
 * Pure retry rules: exponential backoff with jitter, which failures are worth another try, and the
 * decision what to do after one attempt. No I/O, no timers: the caller passes the clock reading and
 * the random source.
 *
 * The user's settings (Max Retries, Max Wait, the statuses, Max Total Wait) are read from the node's
 * parameters, whose descriptions hold their defaults; only the internal constants live here.
 */
import { exhaustedUntil, parseQuotas, retryAfterMs, type Headers } from '../pacing/quotaHeaders';

/** What the user set under Options > Retry, in milliseconds where it is a time. */
export interface RetryOptions {
	/** Retries after network errors and retryable statuses; quota waits do not count. */
	maxRetries: number;
	/** Longest single wait in milliseconds; a longer wait fails the request instead. */
	maxWaitMs: number;
	/** Longest time one request may wait in total (quota waits, holds, backoff). */
	maxTotalWaitMs: number;
	/** Statuses retried with backoff (429 is always a quota wait). */
	retryStatuses: ReadonlySet<number>;
	/** Whether a request that hit the timeout is sent again. */
	retryOnTimeout: boolean;
}

export interface RetrySettings extends RetryOptions {
	/** First backoff step in milliseconds; doubles with every retry. */
	baseDelayMs: number;
	/** Quota waits one request may take before it gives up. */
	maxQuotaWaits: number;
}

/** First backoff step: 0.5 s, doubling with every retry (full jitter). */
export const BASE_DELAY_MS = 500;
/** However long each wait, one request takes at most this many quota waits. */
export const MAX_QUOTA_WAITS = 30;

/** The settings the retry loop runs with: the user's options and the internal constants. */
export function retrySettings(options: RetryOptions): RetrySettings {
	return { ...options, baseDelayMs: BASE_DELAY_MS, maxQuotaWaits: MAX_QUOTA_WAITS };
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

/** localhost, 127.0.0.0/8, ::1 (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What one attempt ended in. */
export type AttemptOutcome =
	| { kind: 'response'; status: number; headers: Headers }
	/** `loopback`: the request went to this machine (localhost, 127.x, ::1). */
	| { kind: 'error'; code: string; loopback?: boolean };

export interface RetryState {
	/** Retries already spent on failures (not quota waits). */
	retries: number;
	/** Quota waits already taken. */
	quotaWaits: number;
}

export type RetryDecision =
	/** Done: hand the response (or error) to the caller as it is. */
	| { action: 'done' }
	/**
	 * Wait, then send again. `sharedUntil`: hold every request with this key until then. `hinted`:
	 * the API said how long (Retry-After or a quota reset); a 429 without either is the signal the
	 * adaptive rate learns from.
	 */
	| { action: 'wait'; delayMs: number; quota: boolean; sharedUntil?: number; hinted?: boolean }
	/** The API asks for a wait longer than Max Wait. */
	| { action: 'waitTooLong'; delayMs: number }
	/** Retries (or quota waits) are used up. */
	| { action: 'exhausted'; quota: boolean };

/**
 * The moment every request with the key may go again after a quota answer. Retry-After takes
 * precedence (draft-ietf-httpapi-ratelimit-headers-10 §7); a reset is used instead only where it
 * names the same moment more precisely: delta-seconds are rounded up to whole seconds, so a reset
 * less than a second before the Retry-After moment is that moment, read exactly.
 */
function sharedHoldEnd(now: number, retryAfter: number | undefined, resetAt: number | undefined, delayMs: number): number {
	if (retryAfter === undefined) return now + delayMs;
	if (resetAt !== undefined && resetAt <= now + retryAfter && now + retryAfter - resetAt < 1000) return resetAt;
	return now + retryAfter;
}

/**
 * What to do after an attempt. 429 (and 503 with Retry-After) is the API metering the key:
 * wait as long as it says (Retry-After, else the quota reset, else backoff) without counting
 * a failure. Network errors and the retry statuses back off exponentially with jitter and
 * count against Max Retries. A refused connection is retried at most once, and never on this
 * machine: nothing listening on a local port does not start listening within a second.
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
		if (outcome.code === 'ECONNREFUSED' && (outcome.loopback || state.retries >= 1 || settings.maxRetries === 0)) return { action: 'done' };
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
		const hinted = retryAfter !== undefined || resetAt !== undefined;
		const delayMs =
			retryAfter ??
			(resetAt !== undefined ? resetAt - now : backoffDelay(state.quotaWaits, settings.baseDelayMs, settings.maxWaitMs, random));
		if (delayMs > settings.maxWaitMs) return { action: 'waitTooLong', delayMs };
		return { action: 'wait', delayMs, quota: true, sharedUntil: sharedHoldEnd(now, retryAfter, resetAt, delayMs), hinted };
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
