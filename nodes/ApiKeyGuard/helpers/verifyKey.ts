/**
 * The verification pipeline, without n8n: identify the presented key (format and checksum,
 * offline), then check it against its record (constant-time hash comparison first, then status,
 * validity window, client address, scopes and usage limits).
 */
import { deny, type ChallengeConfig, type Denial } from './denial';
import { digestsMatch, type HashAlgorithm } from './hashing';
import { inAnyCidr, type Address, type Cidr } from './ip';
import { parseKey } from './keyFormat';
import type { Presented } from './presentedKey';
import type { KeyRecord } from './record';
import { hasScopes, missingScopes, type ScopeMode } from './scopes';
import type { UsageLimits, UsageRegistry, UsageSnapshot } from './usage';

export type Identified =
	| { ok: true; key: string; keyId: string; prefix: string }
	| { ok: false; reason: 'missing_key' | 'invalid_key'; keyId?: undefined };

/**
 * Step 1: a key in the right place, of the right format, with a correct checksum and an accepted
 * prefix. Everything else is `invalid_key` (or `missing_key` when nothing was sent), decided
 * without any lookup.
 */
export function identifyKey(presented: Presented, acceptedPrefixes: readonly string[]): Identified {
	if (presented.status === 'missing') return { ok: false, reason: 'missing_key' };
	if (presented.status === 'unusable') return { ok: false, reason: 'invalid_key' };
	const parsed = parseKey(presented.value);
	if (!parsed) return { ok: false, reason: 'invalid_key' };
	if (acceptedPrefixes.length > 0 && !acceptedPrefixes.includes(parsed.prefix)) return { ok: false, reason: 'invalid_key' };
	return { ok: true, key: presented.value, keyId: parsed.keyId, prefix: parsed.prefix };
}

export interface CheckPolicy {
	now: number;
	requiredScopes: string[];
	scopeMode: ScopeMode;
	/** Ranges every client of this endpoint must come from (in addition to the key's own). */
	endpointIps: Cidr[];
	/** The client's address, when known (see the trusted-proxy settings). */
	clientAddress?: Address;
	/** Limits for keys whose record sets none. */
	defaults: UsageLimits;
	usage: UsageRegistry;
	challenge: ChallengeConfig;
}

export type Decision =
	| { allowed: true; record: KeyRecord; usage: UsageSnapshot; headers: Record<string, string> }
	| (Denial & { keyId?: string });

/**
 * Step 2: the presented key's digest against the record found by its key id (undefined: no such
 * key). The digest comparison always runs, also without a record, and an unknown key id and a
 * wrong secret end in the same `invalid_key` answer.
 */
export function checkKey(
	presented: { keyId: string; digest: Buffer; hashAlgorithm: HashAlgorithm },
	record: KeyRecord | undefined,
	policy: CheckPolicy,
): Decision {
	const matches = digestsMatch(presented.digest, record?.hash);
	const withId = (denial: Denial) => ({ ...denial, keyId: presented.keyId });
	if (!record || !matches || record.keyId !== presented.keyId || record.hashAlgorithm !== presented.hashAlgorithm) {
		return withId(deny('invalid_key', policy.challenge));
	}
	// From here on the client has shown it holds this very key: telling it why is safe.
	const { now } = policy;
	if (record.status !== 'active' || (record.revokedAt !== undefined && record.revokedAt <= now)) {
		return withId(deny('key_revoked', policy.challenge));
	}
	if (record.notBefore !== undefined && now < record.notBefore) return withId(deny('key_not_yet_valid', policy.challenge));
	if (record.expiresAt !== undefined && now >= record.expiresAt) return withId(deny('key_expired', policy.challenge));

	for (const list of [policy.endpointIps, record.allowedIps]) {
		if (list.length === 0) continue;
		if (!policy.clientAddress || !inAnyCidr(list, policy.clientAddress)) return withId(deny('ip_not_allowed', policy.challenge));
	}

	if (!hasScopes(record.scopes, policy.requiredScopes, policy.scopeMode)) {
		const requiredScopes = policy.scopeMode === 'all' ? missingScopes(record.scopes, policy.requiredScopes) : policy.requiredScopes;
		return withId(deny('insufficient_scope', policy.challenge, { requiredScopes }));
	}

	const limits: UsageLimits = {
		rateLimit: record.rateLimit > 0 ? record.rateLimit : policy.defaults.rateLimit,
		rateLimitWindow: record.rateLimit > 0 ? record.rateLimitWindow : policy.defaults.rateLimitWindow,
		quota: record.quota > 0 ? record.quota : policy.defaults.quota,
		period: record.quota > 0 && record.quotaPeriod ? record.quotaPeriod : policy.defaults.period,
	};
	const outcome = policy.usage.consume(
		{ keyId: record.keyId, clientId: record.clientId },
		limits,
		{
			windowStart: record.usageWindowStart,
			windowCount: record.usageWindowCount,
			periodStart: record.usagePeriodStart,
			periodCount: record.usagePeriodCount,
		},
		now,
	);
	if (!outcome.allowed) {
		return withId(deny(outcome.reason, policy.challenge, { retryAfterSeconds: outcome.retryAfterSeconds, headers: outcome.headers }));
	}
	return { allowed: true, record, usage: outcome.usage, headers: outcome.headers };
}
