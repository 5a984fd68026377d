/**
 * What an API says about a key's quota: Retry-After, the X-RateLimit-* families and the IETF
 * RateLimit / RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers-10, and the older
 * drafts' shapes still in use). Pure: the caller passes the clock reading.
 *
 * Every time and count that comes out is finite and bounded: a 400-digit Retry-After or reset
 * becomes "a very long time" (MAX_DELAY_MS), never Infinity or NaN, and counts with more digits
 * than a Structured Field Integer may have (15) are not read at all.
 */
import { nameOf, nonNegativeInteger, parseDictionary, parseList, type Item } from './structuredFields';

export type Headers = Record<string, string | string[] | undefined>;

/**
 * What a quota counts (RateLimit-Policy `qu`): requests (the default), response bytes, or requests
 * in flight at the same time. Only request quotas pace the start of requests.
 */
export type QuotaUnit = 'requests' | 'content-bytes' | 'concurrent-requests' | 'other';

/** What the API said about the key's quota on one response. Times are epoch milliseconds. */
export interface QuotaState {
	limit?: number;
	remaining?: number;
	resetAt?: number;
	/** Length of the quota window in seconds, when the API names it (RateLimit-Policy `w`). */
	windowSeconds?: number;
	/** The IETF policy name, when the API names one. */
	policy?: string;
	/** Set only when the API says the quota is not counted in requests. */
	unit?: Exclude<QuotaUnit, 'requests'>;
}

/** Longest delay any header can ask for: two years, so it reads as "more than a year". */
export const MAX_DELAY_MS = 2 * 365 * 86_400_000;

/** A delay in milliseconds, finite and within [0, MAX_DELAY_MS]. */
export function boundedDelay(ms: number): number {
	if (Number.isNaN(ms)) return MAX_DELAY_MS;
	return Math.min(MAX_DELAY_MS, Math.max(0, Math.round(ms)));
}

function first(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined ? undefined : String(text).trim();
}

/** A list field split over several header lines is one list (RFC 9651 §3.1). */
function joined(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	if (value === undefined) return undefined;
	return (Array.isArray(value) ? value.map(String).join(', ') : String(value)).trim();
}

/** `1.5s`, `6m0s`, `20ms`, `1h2m3s` (as OpenAI's x-ratelimit-reset-* headers write them). */
export function parseDuration(value: string): number | undefined {
	const text = value.trim();
	if (text.length > 64 || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) return undefined;
	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
		const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
		total += Number(amount) * factor;
	}
	return boundedDelay(total);
}

/** Seconds as a delay: `120`, also `1.5`; however many digits, the result is bounded. */
function secondsToMs(text: string): number {
	return boundedDelay(Number(text) * 1000);
}

/**
 * Retry-After in delta-seconds (`120`, also `1.5`) or as an HTTP-date; the delay in milliseconds
 * from `now`, never negative, never beyond MAX_DELAY_MS. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return secondsToMs(text);
	if (text.length > 64 || !/[a-z]/i.test(text)) return undefined;
	// HTTP-dates are GMT; asctime() format (`Sun Nov  6 08:49:37 1994`) does not say so.
	const zoned = /\b(GMT|UTC|Z)\b|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`;
	const date = Date.parse(zoned);
	return Number.isNaN(date) ? undefined : boundedDelay(date - now);
}

/** The wait a 429/503 asks for: `retry-after-ms` (OpenAI, Azure) or `retry-after`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
	const ms = first(headers, 'retry-after-ms');
	if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return boundedDelay(Number(ms));
	return parseRetryAfter(first(headers, 'retry-after'), now);
}

/** A count as the X-RateLimit headers write it (`100`, `100, 100`, `5000;w=3600`). */
function parseCount(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const match = /^\s*(\d{1,15})(?:\.\d+)?(?![\d.])/.exec(value);
	return match ? Number(match[1]) : undefined;
}

/**
 * A reset value as APIs write it: epoch milliseconds, epoch seconds, seconds from now, a
 * duration (`6m0s`) or a date. `deltaOnly` is for headers the standard defines as seconds.
 * Always a finite time no later than `now + MAX_DELAY_MS`.
 */
export function parseReset(value: string | undefined, now: number, deltaOnly = false): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		if (!deltaOnly && number > 1e12) return now + boundedDelay(number - now);
		if (!deltaOnly && number > 1e9) return now + boundedDelay(number * 1000 - now);
		return now + secondsToMs(text);
	}
	const duration = parseDuration(text);
	if (duration !== undefined) return now + duration;
	if (text.length > 64) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : now + boundedDelay(date - now);
}

function unitOf(item: Item): QuotaState['unit'] | 'requests' {
	const unit = item.params.get('qu');
	if (unit === undefined) return 'requests';
	if (unit.type !== 'string') return 'other';
	if (unit.value === 'requests' || unit.value === 'request') return 'requests';
	return unit.value === 'content-bytes' || unit.value === 'concurrent-requests' ? unit.value : 'other';
}

interface Policy {
	quota: number;
	windowSeconds?: number;
	unit: QuotaState['unit'] | 'requests';
}

/**
 * RateLimit-Policy: `"burst";q=100;w=60, "daily";q=1000;w=86400` (draft 8+), by name; the
 * older unnamed form `100;w=60` is kept under the name "". A policy without a valid `q` is
 * malformed and left out; a field that does not parse at all is ignored.
 */
function parsePolicies(value: string | undefined): Map<string, Policy> {
	const policies = new Map<string, Policy>();
	for (const member of parseList(value) ?? []) {
		const windowSeconds = nonNegativeInteger(member.params.get('w'));
		const window = windowSeconds !== undefined && windowSeconds > 0 ? windowSeconds : undefined;
		const name = nameOf(member.item);
		if (name !== undefined) {
			const quota = nonNegativeInteger(member.params.get('q'));
			if (quota !== undefined && !policies.has(name)) policies.set(name, { quota, windowSeconds: window, unit: unitOf(member) });
		} else if (member.item.type === 'integer' && member.item.value >= 0 && !policies.has('')) {
			policies.set('', { quota: member.item.value, windowSeconds: window, unit: 'requests' });
		}
	}
	return policies;
}

function withPolicy(base: QuotaState, policy: Policy | undefined): QuotaState {
	const quota: QuotaState = { ...base };
	if (quota.limit === undefined && policy) quota.limit = policy.quota;
	if (policy?.windowSeconds !== undefined) quota.windowSeconds = policy.windowSeconds;
	if (policy && policy.unit !== 'requests') quota.unit = policy.unit;
	return quota;
}

/**
 * The IETF fields. Draft 8+ (current: 10) writes `RateLimit: "name";r=<remaining>;t=<seconds>`,
 * one item per policy, with `RateLimit-Policy` giving each policy's quota (`q`), window (`w`)
 * and unit (`qu`), matched by name. Draft 7 wrote a dictionary (`limit=100, remaining=0,
 * reset=5`), drafts up to 6 three fields (RateLimit-Limit/-Remaining/-Reset). `r` and `t` must be
 * non-negative Integers; anything else in an item makes that item malformed and ignored, a field
 * that does not parse is ignored whole.
 */
function ietfQuotas(headers: Headers, now: number): QuotaState[] {
	const policies = parsePolicies(joined(headers, 'ratelimit-policy'));
	const combined = joined(headers, 'ratelimit');
	if (combined) {
		const dictionary = parseDictionary(combined);
		if (dictionary && (dictionary.has('limit') || dictionary.has('remaining') || dictionary.has('reset'))) {
			const reset = nonNegativeInteger(dictionary.get('reset')?.item);
			const quota: QuotaState = {
				limit: nonNegativeInteger(dictionary.get('limit')?.item),
				remaining: nonNegativeInteger(dictionary.get('remaining')?.item),
				resetAt: reset === undefined ? undefined : now + secondsToMs(String(reset)),
			};
			return [withPolicy(quota, policies.get(''))];
		}
		const quotas: QuotaState[] = [];
		for (const member of parseList(combined) ?? []) {
			const name = nameOf(member.item);
			if (name === undefined) continue;
			const rawRemaining = member.params.get('r');
			const rawReset = member.params.get('t');
			const remaining = nonNegativeInteger(rawRemaining);
			const reset = nonNegativeInteger(rawReset);
			// A parameter that is there but not a non-negative Integer makes the item malformed.
			if ((rawRemaining !== undefined && remaining === undefined) || (rawReset !== undefined && reset === undefined)) continue;
			if (remaining === undefined && reset === undefined) continue;
			const quota: QuotaState = {
				remaining,
				resetAt: reset === undefined ? undefined : now + secondsToMs(String(reset)),
				policy: name,
			};
			quotas.push(withPolicy(quota, policies.get(name)));
		}
		return quotas;
	}

	const remaining = parseCount(first(headers, 'ratelimit-remaining'));
	const limit = parseCount(first(headers, 'ratelimit-limit'));
	const reset = first(headers, 'ratelimit-reset');
	if (remaining === undefined && limit === undefined && reset === undefined) return [];
	const oldest = policies.get('') ?? policies.values().next().value;
	return [withPolicy({ limit, remaining, resetAt: parseReset(reset, now, true) }, oldest)];
}

/**
 * The X-RateLimit-* family and its spellings: X-RateLimit-Remaining, X-Rate-Limit-Remaining,
 * X-RateLimit-Remaining-Minute (Kong), x-ratelimit-remaining-requests (OpenAI), ... Every
 * suffix is its own quota.
 */
function xQuotas(headers: Headers, now: number): QuotaState[] {
	const families = new Map<string, { limit?: string; remaining?: string; reset?: string }>();
	for (const name of Object.keys(headers)) {
		const match = /^x-?rate-?limit-(limit|remaining|reset)(?:-(.+))?$/i.exec(name);
		if (!match) continue;
		const field = match[1].toLowerCase() as 'limit' | 'remaining' | 'reset';
		const suffix = (match[2] ?? '').toLowerCase();
		const family = families.get(suffix) ?? {};
		family[field] = first(headers, name);
		families.set(suffix, family);
	}
	const quotas: QuotaState[] = [];
	for (const [suffix, family] of families) {
		const quota: QuotaState = {
			limit: parseCount(family.limit),
			remaining: parseCount(family.remaining),
			resetAt: parseReset(family.reset, now),
		};
		// OpenAI's token budget is not a count of requests.
		if (suffix === 'tokens') quota.unit = 'other';
		quotas.push(quota);
	}
	return quotas;
}

/** Every quota a response reports, in any of the common header styles. */
export function parseQuotas(headers: Headers, now: number): QuotaState[] {
	const lower: Headers = {};
	let any = false;
	for (const name in headers) {
		const key = name.toLowerCase();
		lower[key] = headers[name];
		if (!any && key.includes('rate')) any = true;
	}
	if (!any) return [];
	return [...xQuotas(lower, now), ...ietfQuotas(lower, now)].filter(
		(quota) => quota.limit !== undefined || quota.remaining !== undefined || quota.resetAt !== undefined,
	);
}

/** The quota closest to running out, the one worth showing and acting on. */
export function tightestQuota(quotas: readonly QuotaState[]): QuotaState | undefined {
	let best: QuotaState | undefined;
	for (const quota of quotas) {
		if (best === undefined) {
			best = quota;
			continue;
		}
		const a = quota.remaining ?? Number.POSITIVE_INFINITY;
		const b = best.remaining ?? Number.POSITIVE_INFINITY;
		if (a < b || (a === b && (quota.resetAt ?? 0) > (best.resetAt ?? 0))) best = quota;
	}
	return best;
}

/** When the key may be used again because a quota ran out, or undefined when none did. */
export function exhaustedUntil(quotas: readonly QuotaState[], now: number): number | undefined {
	let until: number | undefined;
	for (const quota of quotas) {
		if (quota.remaining !== 0 || quota.resetAt === undefined || quota.resetAt <= now) continue;
		if (quota.unit === 'concurrent-requests') continue; // frees up when an answer comes, not at a time
		until = Math.max(until ?? 0, quota.resetAt);
	}
	return until;
}
