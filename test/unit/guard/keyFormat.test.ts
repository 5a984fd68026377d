/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import { crc32 as zlibCrc32 } from 'node:zlib';

import fc from 'fast-check';

import { BASE62_ALPHABET, encodeBase62, randomBase62 } from '../../../nodes/ApiKeyGuard/helpers/base62';
import { crc32 } from '../../../nodes/ApiKeyGuard/helpers/crc32';
import {
	CHECKSUM_LENGTH,
	checksumOf,
	generateKey,
	isKeyId,
	KEY_ID_LENGTH,
	keyHint,
	KeyFormatError,
	MAX_KEY_LENGTH,
	normalizePrefix,
	parseKey,
	SECRET_BITS,
	SECRET_LENGTH,
} from '../../../nodes/ApiKeyGuard/helpers/keyFormat';
import { base62, byteSource, hostileString } from '../../helpers/guardArbitraries';

describe('CRC-32', () => {
	it.each([
		['', 0x00000000],
		['a', 0xe8b7be43],
		['123456789', 0xcbf43926],
		['The quick brown fox jumps over the lazy dog', 0x414fa339],
	])('crc32(%j) is the IEEE check value', (input, expected) => {
		expect(crc32(input)).toBe(expected);
	});

	it('agrees with zlib on random byte strings', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
				expect(crc32(bytes)).toBe(zlibCrc32(bytes));
			}),
			{ numRuns: 500 },
		);
	});

	it('reads strings as UTF-8', () => {
		expect(crc32('ü€😀')).toBe(zlibCrc32(Buffer.from('ü€😀', 'utf8')));
	});
});

describe('base62', () => {
	it('pads and encodes integers', () => {
		expect(encodeBase62(0, 6)).toBe('000000');
		expect(encodeBase62(61, 2)).toBe('0z');
		expect(encodeBase62(62, 2)).toBe('10');
		expect(encodeBase62(0xffffffff, 6)).toBe('4gfFC3');
		expect(() => encodeBase62(62 ** 2, 2)).toThrow(RangeError);
		expect(() => encodeBase62(-1, 2)).toThrow(RangeError);
	});

	it('draws characters without bias (rejection sampling)', () => {
		// Bytes 248..255 must be skipped: a source that only yields them would never finish, so
		// feed a cycle that includes them and check that none leaks into the output.
		let calls = 0;
		const source = (size: number) => {
			calls++;
			return Buffer.from(Array.from({ length: size }, (_, index) => (index % 2 === 0 ? 250 : (index * 7) % 248)));
		};
		const value = randomBase62(200, source);
		expect(value).toHaveLength(200);
		expect(calls).toBeGreaterThan(1);
		expect(value).toMatch(/^[0-9A-Za-z]+$/);
	});

	it('covers the alphabet roughly uniformly', () => {
		const counts = new Map<string, number>();
		const sample = randomBase62(62 * 400);
		for (const character of sample) counts.set(character, (counts.get(character) ?? 0) + 1);
		expect(counts.size).toBe(62);
		for (const character of BASE62_ALPHABET) {
			// Expected 400 each; a biased generator (e.g. byte % 62 without rejection) shows up far outside this.
			expect(counts.get(character)).toBeGreaterThan(280);
			expect(counts.get(character)).toBeLessThan(530);
		}
	});
});

describe('key format', () => {
	it('has a readable prefix, a public key id, a secret and a checksum', () => {
		const { key, keyId, prefix } = generateKey('acme_live');
		expect(prefix).toBe('acme_live_');
		expect(key.startsWith(`acme_live_${keyId}_`)).toBe(true);
		expect(keyId).toHaveLength(KEY_ID_LENGTH);
		expect(key).toHaveLength(prefix.length + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH);
		const body = key.slice(0, -CHECKSUM_LENGTH);
		expect(key.slice(-CHECKSUM_LENGTH)).toBe(encodeBase62(zlibCrc32(Buffer.from(body)), CHECKSUM_LENGTH));
		expect(checksumOf(body)).toBe(key.slice(-CHECKSUM_LENGTH));
		expect(parseKey(key)).toEqual({ prefix, keyId });
	});

	it('carries at least 128 bits of entropy in the secret alone', () => {
		expect(SECRET_BITS).toBeGreaterThanOrEqual(128);
		const keys = new Set(Array.from({ length: 2000 }, () => generateKey('t_').key));
		expect(keys.size).toBe(2000);
	});

	it('normalises and validates prefixes', () => {
		expect(normalizePrefix(' Acme_Live ')).toBe('acme_live_');
		expect(normalizePrefix('gh_')).toBe('gh_');
		for (const bad of ['', '_', 'a__b', 'ac me', 'acme-live', 'ü_', 'a'.repeat(40), '_acme']) {
			expect(() => normalizePrefix(bad)).toThrow(KeyFormatError);
		}
	});

	it('rejects every single-character change (checksum or format)', () => {
		const { key } = generateKey('acme_live_');
		const alphabet = `${BASE62_ALPHABET}_`;
		let changed = 0;
		for (let position = 0; position < key.length; position++) {
			for (const replacement of alphabet) {
				if (replacement === key[position]) continue;
				const mutated = key.slice(0, position) + replacement + key.slice(position + 1);
				changed++;
				expect(parseKey(mutated)).toBeUndefined();
			}
		}
		expect(changed).toBeGreaterThan(3000);
	});

	it('rejects transpositions, truncation and extension', () => {
		const { key } = generateKey('acme_live_');
		for (let position = 0; position + 1 < key.length; position++) {
			if (key[position] === key[position + 1]) continue;
			const swapped = key.slice(0, position) + key[position + 1] + key[position] + key.slice(position + 2);
			expect(parseKey(swapped)).toBeUndefined();
		}
		expect(parseKey(key.slice(0, -1))).toBeUndefined();
		expect(parseKey(`${key}0`)).toBeUndefined();
		expect(parseKey(`x${key}`)).toBeUndefined();
	});

	it('rejects malformed input without throwing: empty, huge, unicode, NUL, CR/LF, non-strings', () => {
		const { key } = generateKey('acme_live_');
		const cases: unknown[] = [
			'',
			' ',
			'a'.repeat(10 * 1024),
			key + '\0',
			`${key}\r\n`,
			`${key.slice(0, 20)}\r\n${key.slice(20)}`,
			key.replace(/.$/, 'ü'),
			`${key.slice(0, 15)}\u0000${key.slice(16)}`,
			key.toUpperCase(),
			undefined,
			null,
			42,
			{ key },
			[key],
		];
		for (const value of cases) expect(parseKey(value)).toBeUndefined();
	});

	it('never accepts random strings (property)', () => {
		fc.assert(
			fc.property(hostileString(120), (value) => {
				expect(parseKey(value)).toBeUndefined();
			}),
			{ numRuns: 3000 },
		);
	});

	it('never accepts well-shaped strings with a random checksum, but always accepts generated keys (property)', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z0-9]{1,10}(_[a-z0-9]{1,6})?$/), byteSource, base62(CHECKSUM_LENGTH), (prefix, random, checksum) => {
				const { key } = generateKey(prefix, random);
				expect(parseKey(key)).toBeDefined();
				const forged = key.slice(0, -CHECKSUM_LENGTH) + checksum;
				if (forged !== key) expect(parseKey(forged)).toBeUndefined();
			}),
			{ numRuns: 2000 },
		);
	});

	it('keeps parsing bounded: anything longer than a key is refused before the pattern runs', () => {
		const long = `${'a_'.repeat(5000)}${generateKey('acme_').key}`;
		const started = process.hrtime.bigint();
		expect(parseKey(long)).toBeUndefined();
		expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
		expect(MAX_KEY_LENGTH).toBeLessThan(100);
	});

	it('shows only the prefix and the last four characters in a hint', () => {
		const { key, prefix } = generateKey('acme_live_');
		const hint = keyHint(key, prefix);
		expect(hint).toBe(`acme_live_...${key.slice(-4)}`);
		expect(hint).not.toContain(key.slice(prefix.length, -4));
	});

	it('recognises key ids', () => {
		expect(isKeyId('AbCdEf012345')).toBe(true);
		expect(isKeyId('AbCdEf01234')).toBe(false);
		expect(isKeyId('AbCdEf01234_')).toBe(false);
		expect(isKeyId(123456789012)).toBe(false);
	});
});
