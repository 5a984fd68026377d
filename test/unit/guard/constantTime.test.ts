/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Hash comparison runs in constant time: one timingSafeEqual on two 32-byte buffers in every
 * case, with no early exit on a missing record, a malformed stored hash, a length difference or a
 * common prefix.
 */
import crypto, { createHash, createHmac } from 'node:crypto';

import fc from 'fast-check';

import {
	constantTimeEqual,
	digestKey,
	digestsMatch,
	hashKey,
	parseDigest,
} from '../../../nodes/ApiKeyGuard/helpers/hashing';
import { checkKey } from '../../../nodes/ApiKeyGuard/helpers/verifyKey';
import { makeKey, PEPPER, policy, presentedFor } from '../../helpers/guardFixtures';
import { hostileString } from '../../helpers/guardArbitraries';

let spy: jest.SpyInstance;
const calls = () => spy.mock.calls.map(([a, b]) => [(a as Buffer).length, (b as Buffer).length]);

beforeEach(() => {
	spy = jest.spyOn(crypto, 'timingSafeEqual');
});
afterEach(() => spy.mockRestore());

describe('stored hashes', () => {
	it('is SHA-256 of the key without a pepper, HMAC-SHA256 with one', () => {
		const key = 'acme_live_x';
		expect(hashKey(key, '')).toEqual({ hash: createHash('sha256').update(key).digest('hex'), hashAlgorithm: 'sha256' });
		expect(hashKey(key, PEPPER)).toEqual({
			hash: createHmac('sha256', PEPPER).update(key).digest('hex'),
			hashAlgorithm: 'hmac-sha256',
		});
		expect(() => digestKey(key, 'hmac-sha256', '')).toThrow();
	});

	it('reads only 64-digit hex digests', () => {
		expect(parseDigest('A'.repeat(64))?.length).toBe(32);
		for (const bad of ['', 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), 42, null]) expect(parseDigest(bad)).toBeUndefined();
	});
});

describe('digestsMatch', () => {
	const digest = createHash('sha256').update('k').digest();

	it('compares two 32-byte buffers once, whatever the stored side is', () => {
		const other = createHash('sha256').update('other').digest();
		const differentFirstByte = Buffer.from(digest);
		differentFirstByte[0] ^= 1;
		const differentLastByte = Buffer.from(digest);
		differentLastByte[31] ^= 1;
		const cases: Array<[Buffer | undefined, boolean]> = [
			[digest, true],
			[other, false],
			[differentFirstByte, false],
			[differentLastByte, false],
			[undefined, false], // unknown key id
			[Buffer.alloc(0), false], // empty stored hash
			[digest.subarray(0, 16), false], // shorter stored hash: no early length exit
			[Buffer.concat([digest, digest]), false], // longer
		];
		for (const [stored, expected] of cases) {
			spy.mockClear();
			expect(digestsMatch(digest, stored)).toBe(expected);
			expect(calls()).toEqual([[32, 32]]);
		}
	});

	it('never matches when the presented digest has the wrong length', () => {
		expect(digestsMatch(digest.subarray(0, 31), digest)).toBe(false);
		expect(calls()).toEqual([[32, 32]]);
	});
});

describe('constantTimeEqual (strings of any length)', () => {
	it('is plain equality', () => {
		fc.assert(
			fc.property(hostileString(40), hostileString(40), (a, b) => {
				expect(constantTimeEqual(a, b)).toBe(a === b);
				expect(constantTimeEqual(a, a)).toBe(true);
			}),
			{ numRuns: 500 },
		);
	});

	it('compares fixed-length digests: no early exit on a length difference or a common prefix', () => {
		const secret = 'f'.repeat(64);
		for (const candidate of ['', 'f', 'f'.repeat(63), `${'f'.repeat(64)}0`, `0${'f'.repeat(63)}`, 'x'.repeat(10_000)]) {
			spy.mockClear();
			expect(constantTimeEqual(candidate, secret)).toBe(false);
			expect(calls()).toEqual([[32, 32]]);
		}
	});
});

describe('checkKey does the same work for an unknown key id and a wrong secret', () => {
	it('calls timingSafeEqual exactly once, on 32-byte digests, in both cases', () => {
		const known = makeKey();
		const wrongSecret = presentedFor(`${known.key.slice(0, -7)}AAAAAAA`, known.keyId);
		const unknown = presentedFor(makeKey().key, 'ZZZZZZZZZZZZ');
		for (const presented of [wrongSecret, unknown]) {
			spy.mockClear();
			const decision = checkKey(presented, presented === unknown ? undefined : known.record, policy());
			expect(decision.allowed).toBe(false);
			expect(calls()).toEqual([[32, 32]]);
		}
	});

	it('takes about as long for an unknown id as for a wrong secret', () => {
		spy.mockRestore();
		const known = makeKey();
		const wrongSecret = presentedFor(`${known.key.slice(0, -7)}AAAAAAA`, known.keyId);
		const unknown = presentedFor(makeKey().key, known.keyId);
		const time = (run: () => void) => {
			const samples: number[] = [];
			for (let round = 0; round < 15; round++) {
				const started = process.hrtime.bigint();
				for (let index = 0; index < 2000; index++) run();
				samples.push(Number(process.hrtime.bigint() - started));
			}
			return samples.sort((a, b) => a - b)[7];
		};
		const p = policy();
		const wrong = time(() => checkKey(wrongSecret, known.record, p));
		const missing = time(() => checkKey(unknown, undefined, p));
		// Generous bounds: this catches an early return (orders of magnitude), not nanoseconds.
		expect(missing / wrong).toBeGreaterThan(0.25);
		expect(missing / wrong).toBeLessThan(4);
	});
});
