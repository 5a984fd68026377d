/**
 * What is stored of a key: its SHA-256 digest, or HMAC-SHA256 keyed with a pepper held in the
 * API Key Guard credential (then a copy of the store alone is not enough to test guesses).
 * Comparisons run in constant time on fixed-length digests.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type HashAlgorithm = 'sha256' | 'hmac-sha256';

export const DIGEST_BYTES = 32;
const HEX_DIGEST = /^[0-9a-f]{64}$/;

export function algorithmFor(pepper: string): HashAlgorithm {
	return pepper === '' ? 'sha256' : 'hmac-sha256';
}

/** The digest of a key under the given algorithm (a pepper is needed for hmac-sha256). */
export function digestKey(key: string, algorithm: HashAlgorithm, pepper: string): Buffer {
	if (algorithm === 'hmac-sha256') {
		if (pepper === '') throw new Error('hmac-sha256 needs a pepper');
		return createHmac('sha256', pepper).update(key, 'utf8').digest();
	}
	return createHash('sha256').update(key, 'utf8').digest();
}

export function hashKey(key: string, pepper: string): { hash: string; hashAlgorithm: HashAlgorithm } {
	const hashAlgorithm = algorithmFor(pepper);
	return { hash: digestKey(key, hashAlgorithm, pepper).toString('hex'), hashAlgorithm };
}

/** A stored hex digest as bytes, or undefined when it is not a 64-digit hex string. */
export function parseDigest(hex: unknown): Buffer | undefined {
	if (typeof hex !== 'string') return undefined;
	const normalized = hex.trim().toLowerCase();
	return HEX_DIGEST.test(normalized) ? Buffer.from(normalized, 'hex') : undefined;
}

// Compared against when there is no record (unknown key id) or its digest is unusable, so the
// work done does not depend on whether the key id exists.
const DUMMY_DIGEST = randomBytes(DIGEST_BYTES);

/**
 * True when both digests are present and equal. Always one timingSafeEqual on two 32-byte
 * buffers: no early exit on a missing record, a malformed stored digest or a length difference.
 */
export function digestsMatch(presented: Buffer, stored: Buffer | undefined): boolean {
	const usable = stored !== undefined && stored.length === DIGEST_BYTES;
	const candidate = presented.length === DIGEST_BYTES ? presented : DUMMY_DIGEST;
	const equal = timingSafeEqual(candidate, usable ? stored : DUMMY_DIGEST);
	return equal && usable && presented.length === DIGEST_BYTES;
}

// Per-process key for comparing strings of any length through fixed-length MACs.
const COMPARE_KEY = randomBytes(32);

/**
 * Constant-time equality of two strings of any length (e.g. a presented signature): both are
 * reduced to HMAC-SHA256 digests under a per-process random key, then compared with
 * timingSafeEqual. Neither a length difference nor a common prefix ends the comparison early.
 */
export function constantTimeEqual(a: string, b: string): boolean {
	const left = createHmac('sha256', COMPARE_KEY).update(a, 'utf8').digest();
	const right = createHmac('sha256', COMPARE_KEY).update(b, 'utf8').digest();
	return timingSafeEqual(left, right);
}
