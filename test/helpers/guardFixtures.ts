/**
 * Keys, records and policies for the Guard's unit tests, built with the Guard's own Issue logic.
 */
import type { ChallengeConfig } from '../../nodes/ApiKeyGuard/helpers/denial';
import { digestKey, type HashAlgorithm } from '../../nodes/ApiKeyGuard/helpers/hashing';
import { issueKey, type KeySettings } from '../../nodes/ApiKeyGuard/helpers/lifecycle';
import { readRecord, type KeyRecord, type StoredRecord } from '../../nodes/ApiKeyGuard/helpers/record';
import { UsageRegistry } from '../../nodes/ApiKeyGuard/helpers/usage';
import type { CheckPolicy } from '../../nodes/ApiKeyGuard/helpers/verifyKey';

export const PREFIX = 'acme_live_';
export const PEPPER = 'pepper-for-guard-tests-0123456789';
export const T0 = Date.UTC(2030, 0, 15, 12, 0, 0);

export interface TestKey {
	key: string;
	keyId: string;
	stored: StoredRecord;
	record: KeyRecord;
}

export function makeKey(settings: Partial<KeySettings> = {}, options: { pepper?: string; prefix?: string; now?: number } = {}): TestKey {
	const issued = issueKey(
		{ name: 'Test Client', scopes: [], ...settings },
		{ prefix: options.prefix ?? PREFIX, pepper: options.pepper ?? PEPPER, now: options.now ?? T0 },
	);
	return { key: issued.key, keyId: issued.keyId, stored: issued.record, record: readRecord(issued.record) as KeyRecord };
}

export function recordFrom(stored: StoredRecord | Record<string, unknown>): KeyRecord {
	const record = readRecord(stored);
	if (!record) throw new Error('not a record');
	return record;
}

export const CHALLENGE: ChallengeConfig = { placement: 'bearer', scheme: '', realm: 'api' };

export function policy(overrides: Partial<CheckPolicy> = {}): CheckPolicy {
	return {
		now: T0,
		requiredScopes: [],
		scopeMode: 'all',
		endpointIps: [],
		defaults: { rateLimit: 0, rateLimitWindow: 60, quota: 0, period: 'month' },
		usage: new UsageRegistry(),
		challenge: CHALLENGE,
		...overrides,
	};
}

export function presentedFor(key: string, keyId: string, pepper = PEPPER): { keyId: string; digest: Buffer; hashAlgorithm: HashAlgorithm } {
	const hashAlgorithm: HashAlgorithm = pepper === '' ? 'sha256' : 'hmac-sha256';
	return { keyId, digest: digestKey(key, hashAlgorithm, pepper), hashAlgorithm };
}

/** The parts of a denial a client sees: status, headers and body. */
export function answerOf(decision: { allowed: boolean; statusCode?: number; headers?: unknown; body?: unknown }) {
	return { allowed: decision.allowed, statusCode: decision.statusCode, headers: decision.headers, body: decision.body };
}
