/**
 * The key format, in the spirit of GitHub's tokens: a readable prefix that says whose key it is
 * and for which environment, a public key id to look the key up by, a secret part and a CRC-32
 * checksum, so scanners and people recognise a key and a mistyped or made-up key is rejected
 * offline, before any lookup.
 *
 *   acme_live_ 3hJ9xQ2mLp0a _ V1c8...(32 chars)...Zt 0bK3dE
 *   prefix     key id (12)    secret (32)              checksum (6)
 *
 * Key id and secret are base62 drawn from `crypto.randomBytes` (12 chars ≈ 71 bits, 32 chars
 * ≈ 190 bits). The checksum is CRC-32 of everything before it, as 6 base62 characters.
 */
import { crc32 } from './crc32';
import { BITS_PER_CHAR, encodeBase62, randomBase62 } from './base62';

export const KEY_ID_LENGTH = 12;
export const SECRET_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
export const MAX_PREFIX_LENGTH = 32;
/** Bits of entropy in the secret part alone. */
export const SECRET_BITS = Math.floor(SECRET_LENGTH * BITS_PER_CHAR);
/** Longest string that can be a key; longer presented values are rejected before any parsing. */
export const MAX_KEY_LENGTH = MAX_PREFIX_LENGTH + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

/** Lower-case letters and digits in groups separated by `_`, ending with `_`: `acme_live_`. */
const PREFIX_PATTERN = /^[a-z0-9]+(?:_[a-z0-9]+)*_$/;
const KEY_PATTERN = new RegExp(
	`^([a-z0-9_]{2,${MAX_PREFIX_LENGTH}})([0-9A-Za-z]{${KEY_ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);
const KEY_ID_PATTERN = new RegExp(`^[0-9A-Za-z]{${KEY_ID_LENGTH}}$`);

export class KeyFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'KeyFormatError';
	}
}

/**
 * The prefix as it is used in keys: trimmed, lower-cased, with a trailing `_` added when missing.
 * Throws a KeyFormatError that says what is wrong.
 */
export function normalizePrefix(raw: string): string {
	let prefix = raw.trim().toLowerCase();
	if (prefix !== '' && !prefix.endsWith('_')) prefix += '_';
	if (prefix.length < 2 || prefix.length > MAX_PREFIX_LENGTH || !PREFIX_PATTERN.test(prefix)) {
		throw new KeyFormatError(
			`The key prefix must be 1 to ${MAX_PREFIX_LENGTH - 1} lower-case letters and digits, in groups separated by "_" (e.g. acme_live_)`,
		);
	}
	return prefix;
}

export function checksumOf(body: string): string {
	return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

export interface GeneratedKey {
	key: string;
	keyId: string;
	prefix: string;
}

/** A new key with the given (normalised) prefix. */
export function generateKey(prefix: string, random?: (size: number) => Buffer): GeneratedKey {
	const normalized = normalizePrefix(prefix);
	const keyId = randomBase62(KEY_ID_LENGTH, random);
	const secret = randomBase62(SECRET_LENGTH, random);
	const body = `${normalized}${keyId}_${secret}`;
	return { key: body + checksumOf(body), keyId, prefix: normalized };
}

export interface ParsedKey {
	prefix: string;
	keyId: string;
}

/**
 * The public parts of a well-formed key with a correct checksum, or undefined. Never throws,
 * never echoes the input, and looks at no more than MAX_KEY_LENGTH characters.
 */
export function parseKey(value: unknown): ParsedKey | undefined {
	if (typeof value !== 'string' || value.length > MAX_KEY_LENGTH) return undefined;
	const match = KEY_PATTERN.exec(value);
	if (!match) return undefined;
	const [, prefix, keyId, secret, checksum] = match;
	if (!PREFIX_PATTERN.test(prefix)) return undefined;
	// Comparing a public checksum: no secret is involved, an ordinary comparison is fine.
	if (checksumOf(`${prefix}${keyId}_${secret}`) !== checksum) return undefined;
	return { prefix, keyId };
}

export function isKeyId(value: unknown): value is string {
	return typeof value === 'string' && KEY_ID_PATTERN.test(value);
}

/** What may be shown of a key: its prefix and last four characters (part of the checksum). */
export function keyHint(key: string, prefix: string): string {
	return `${prefix}...${key.slice(-4)}`;
}
