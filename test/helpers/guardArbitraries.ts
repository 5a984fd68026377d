/**
 * fast-check arbitraries for the Guard's adversarial inputs.
 */
import fc from 'fast-check';

import { BASE62_ALPHABET } from '../../nodes/ApiKeyGuard/helpers/base62';

/** Characters that break naive parsers: controls, separators, quotes, encodings, any code point. */
const hostileUnit = fc.oneof(
	fc.constantFrom('\0', '\r', '\n', '\r\n', '\t', ' ', ',', ';', '=', '"', '\\', '_', ':', '%00', '%0d%0a', '\u2028', '\ufeff'),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** Arbitrary hostile text up to maxLength units. */
export const hostileString = (maxLength = 120) => fc.string({ unit: hostileUnit, maxLength });

export const base62 = (length: number) =>
	fc.string({ unit: fc.constantFrom(...BASE62_ALPHABET.split('')), minLength: length, maxLength: length });

/** A byte source for the key generator, from a fast-check seed of bytes (deterministic per case). */
export const byteSource = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((seed) => {
	let counter = 0;
	return (size: number): Buffer => {
		const out = Buffer.alloc(size);
		for (let index = 0; index < size; index++) out[index] = seed[(index + counter) % seed.length] ^ ((index * 131 + counter * 17) & 0xff);
		counter += size;
		return out;
	};
});
