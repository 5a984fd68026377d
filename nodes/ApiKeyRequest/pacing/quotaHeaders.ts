/**
 * What an API says about a key's quota: Retry-After, the X-RateLimit-* families and the IETF
 * RateLimit / RateLimit-Policy fields. Pure: the caller passes the clock reading.
 */

export type Headers = Record<string, string | string[] | undefined>;

/** What the API said about the key's quota on one response. Times are epoch milliseconds. */
export interface QuotaState {
	limit?: number;
	remaining?: number;
	resetAt?: number;
	/** Length of the quota window in seconds, when the API names it (RateLimit-Policy `w`). */
	windowSeconds?: number;
}

function first(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text === undefined ? undefined : String(text).trim();
}

/** `1.5s`, `6m0s`, `20ms`, `1h2m3s` (as OpenAI's x-ratelimit-reset-* headers write them). */
export function parseDuration(value: string): number | undefined {
	const text = value.trim();
	if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) return undefined;
	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
		const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
		total += Number(amount) * factor;
	}
	return total;
}

/**
 * Retry-After in delta-seconds (`120`, also `1.5`) or as an HTTP-date; the delay in milliseconds
 * from `now`, never negative. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!/[a-z]/i.test(text)) return undefined;
	// HTTP-dates are GMT; asctime() format (`Sun Nov  6 08:49:37 1994`) does not say so.
	const zoned = /\b(GMT|UTC|Z)\b|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`;
	const date = Date.parse(zoned);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait a 429/503 asks for: `retry-after-ms` (OpenAI, Azure) or `retry-after`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
	const ms = first(headers, 'retry-after-ms');
	if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
	return parseRetryAfter(first(headers, 'retry-after'), now);
}

function parseCount(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const match = /^\s*(\d+(?:\.\d+)?)/.exec(value);
	return match ? Number(match[1]) : undefined;
}

/**
 * A reset value as APIs write it: epoch milliseconds, epoch seconds, seconds from now, a
 * duration (`6m0s`) or a date. `deltaOnly` is for headers the standard defines as seconds.
 */
export function parseReset(value: string | undefined, now: number, deltaOnly = false): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		if (!deltaOnly && number > 1e12) return Math.round(number);
		if (!deltaOnly && number > 1e9) return Math.round(number * 1000);
		return now + Math.round(number * 1000);
	}
	const duration = parseDuration(text);
	if (duration !== undefined) return now + duration;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : date;
}

interface ListMember {
	name: string;
	params: Record<string, string>;
}

/** Splits a header list on commas outside quotes. */
function splitList(value: string): string[] {
	const parts: string[] = [];
	let current = '';
	let quoted = false;
	for (const char of value) {
		if (char === '"') quoted = !quoted;
		if (char === ',' && !quoted) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current);
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

const unquote = (value: string) => value.trim().replace(/^"(.*)"$/, '$1');

/** Structured-field list members: `"name";r=0;t=10` or `100;w=60`. */
function parseMembers(value: string): ListMember[] {
	return splitList(value).map((member) => {
		const [head, ...rest] = member.split(';');
		const params: Record<string, string> = {};
		for (const param of rest) {
			const eq = param.indexOf('=');
			if (eq > 0) params[param.slice(0, eq).trim().toLowerCase()] = unquote(param.slice(eq + 1));
		}
		return { name: unquote(head), params };
	});
}

/**
 * The IETF RateLimit header: draft 7 writes a dictionary (`limit=100, remaining=0, reset=5`),
 * later drafts a list of policies (`"default";r=0;t=5`) with RateLimit-Policy giving their
 * quota (`"default";q=100;w=60`); the oldest drafts put the policy as `100;w=60`.
 */
function ietfQuotas(headers: Headers, now: number): QuotaState[] {
	const combined = first(headers, 'ratelimit');
	const policyHeader = first(headers, 'ratelimit-policy');
	const policies = policyHeader ? parseMembers(policyHeader) : [];
	const policyFor = (name: string) =>
		policies.find((policy) => policy.name === name) ?? (policies.length === 1 ? policies[0] : undefined);
	const policyLimit = (policy: ListMember | undefined) =>
		policy ? (parseCount(policy.params.q) ?? parseCount(policy.name)) : undefined;
	const policyWindow = (policy: ListMember | undefined) => (policy ? parseCount(policy.params.w) : undefined);

	if (combined) {
		const dictionary: Record<string, string> = {};
		for (const part of splitList(combined)) {
			const eq = part.indexOf('=');
			if (eq > 0 && !part.slice(0, eq).includes(';')) {
				dictionary[part.slice(0, eq).trim().toLowerCase()] = unquote(part.slice(eq + 1).split(';')[0]);
			}
		}
		if ('remaining' in dictionary || 'limit' in dictionary || 'reset' in dictionary) {
			const policy = policyFor('');
			return [
				{
					limit: parseCount(dictionary.limit) ?? policyLimit(policy),
					remaining: parseCount(dictionary.remaining),
					resetAt: parseReset(dictionary.reset, now, true),
					windowSeconds: policyWindow(policy),
				},
			];
		}
		return parseMembers(combined)
			.filter((member) => 'r' in member.params || 't' in member.params)
			.map((member) => {
				const policy = policyFor(member.name);
				return {
					limit: policyLimit(policy),
					remaining: parseCount(member.params.r),
					resetAt: parseReset(member.params.t, now, true),
					windowSeconds: policyWindow(policy),
				};
			});
	}

	const remaining = parseCount(first(headers, 'ratelimit-remaining'));
	const limit = parseCount(first(headers, 'ratelimit-limit'));
	const reset = first(headers, 'ratelimit-reset');
	if (remaining === undefined && limit === undefined && reset === undefined) return [];
	const policy = policies[0];
	return [
		{
			limit: limit ?? policyLimit(policy),
			remaining,
			resetAt: parseReset(reset, now, true),
			windowSeconds: policyWindow(policy),
		},
	];
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
	return [...families.values()].map((family) => ({
		limit: parseCount(family.limit),
		remaining: parseCount(family.remaining),
		resetAt: parseReset(family.reset, now),
	}));
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
		until = Math.max(until ?? 0, quota.resetAt);
	}
	return until;
}
