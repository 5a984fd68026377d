/**
 * Base62 (0-9, A-Z, a-z): URL-safe, double-click selectable, no padding. Random strings are drawn
 * from `crypto.randomBytes` with rejection sampling, so every character is uniformly distributed.
 */
import { randomBytes } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Bits of entropy in one random base62 character. */
export const BITS_PER_CHAR = Math.log2(62);

// 248 = 4 * 62: bytes at or above it are thrown away, so `byte % 62` has no bias.
const REJECT_FROM = 248;

/** A uniformly random base62 string of `length` characters. */
export function randomBase62(length: number, random: (size: number) => Buffer = randomBytes): string {
	let result = '';
	while (result.length < length) {
		const bytes = random(Math.max(16, Math.ceil((length - result.length) * 1.1)));
		for (const byte of bytes) {
			if (byte >= REJECT_FROM) continue;
			result += BASE62_ALPHABET[byte % 62];
			if (result.length === length) break;
		}
	}
	return result;
}

/** A non-negative integer below 2^53 as base62, left-padded with '0' to `width` characters. */
export function encodeBase62(value: number, width: number): string {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('encodeBase62: a non-negative safe integer is required');
	let rest = value;
	let result = '';
	do {
		result = BASE62_ALPHABET[rest % 62] + result;
		rest = Math.floor(rest / 62);
	} while (rest > 0);
	if (result.length > width) throw new RangeError(`encodeBase62: ${value} does not fit in ${width} characters`);
	return result.padStart(width, '0');
}

const BASE62_ONLY = /^[0-9A-Za-z]*$/;

export function isBase62(value: string): boolean {
	return BASE62_ONLY.test(value);
}
