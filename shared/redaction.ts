/**
 * What leaves a node masked: every secret is replaced by `[redacted]` in text, in decoded JSON
 * (values, object keys, and numbers when a secret is all digits) and in raw bytes, in every
 * encoding the package guarantees:
 *
 * - as it is, upper-cased or lower-cased;
 * - percent-encoded, byte by byte, any subset of characters, either hex case (`+` for a space);
 * - JSON or JavaScript escaped (`\u0052`, `\/`, `\"`), and HTML character references (`&#82;`);
 * - base64 and base64url (with or without padding, also inside a longer base64 text);
 * - hex, either case;
 * - UTF-16 (little or big endian), in bytes and as text decoded from them.
 *
 * Masking works on values after decoding: a JSON answer is parsed first and its strings masked,
 * so escapes cannot hide a key and masking can never break the JSON. Pure; no n8n context.
 */

export const REDACTED = '[redacted]';

export type Redactor = {
	/** Masks secrets in a string. */
	text: (value: string) => string;
	/**
	 * Masks secrets in a JSON-like value: strings, object keys, and numbers when a secret is all
	 * digits. Returns the same object when nothing had to change (copies only what changes).
	 */
	deep: <T>(value: T) => T;
	/**
	 * `deep` for the value JSON.parse made of `raw`: skips the walk when the raw text shows that
	 * no string of the value can hold a secret.
	 */
	json: <T>(value: T, raw: string) => T;
	/** True when the string still contains a secret. */
	reveals: (value: string) => boolean;
	/** The same check on raw bytes. */
	revealsInBuffer: (value: Buffer) => boolean;
	/** Masks secrets in raw bytes; returns the same buffer when there is nothing to mask. */
	buffer: (value: Buffer) => Buffer;
	/** Whether there is any secret to mask at all. */
	readonly active: boolean;
};

/** Deeper JSON is refused rather than walked: the walk must stay bounded. */
export const MAX_DEPTH = 2000;

export class RedactionDepthError extends Error {
	constructor() {
		super(`The data is nested more than ${MAX_DEPTH} levels deep`);
		this.name = 'RedactionDepthError';
	}
}

/** Shortest base64 run of a key inside a longer base64 text that is worth matching. */
const MIN_EMBEDDED_BASE64 = 8;

const escapeRegExp = (value: string) => value.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** A hex digit pattern that accepts either case. */
function hexDigits(value: number, width: number): string {
	return value
		.toString(16)
		.padStart(width, '0')
		.split('')
		.map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
		.join('');
}

const characterCache = new Map<string, string>();

/** How one character of a secret may appear in text: as itself, in another case, or escaped. */
function characterPattern(char: string): string {
	let pattern = characterCache.get(char);
	if (pattern === undefined) {
		pattern = computeCharacterPattern(char);
		if (characterCache.size > 4096) characterCache.clear();
		characterCache.set(char, pattern);
	}
	return pattern;
}

function computeCharacterPattern(char: string): string {
	const forms = new Set<string>([escapeRegExp(char)]);
	for (const cased of [char.toLowerCase(), char.toUpperCase()]) {
		if (cased.length === char.length) forms.add(escapeRegExp(cased));
	}
	const bytes = Buffer.from(char, 'utf8');
	forms.add([...bytes].map((byte) => `%${hexDigits(byte, 2)}`).join(''));
	if (char === ' ') forms.add('\\+');
	const units = [...Array(char.length).keys()].map((index) => char.charCodeAt(index));
	forms.add(units.map((unit) => `\\\\u${hexDigits(unit, 4)}`).join(''));
	const code = char.codePointAt(0) as number;
	forms.add(`&#0*${code};`);
	forms.add(`&#[xX]0*${hexDigits(code, 1)};`);
	const short: Record<string, string> = { '/': '\\\\/', '\\': '\\\\\\\\', '"': '\\\\"', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };
	if (short[char]) forms.add(short[char]);
	const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&(?:apos|#39);' };
	if (named[char]) forms.add(named[char]);
	return `(?:${[...forms].join('|')})`;
}

function base64Variants(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const variants = new Set<string>();
	const whole = bytes.toString('base64');
	variants.add(whole.replace(/=+$/, ''));
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
		const skip = [0, 2, 3][offset];
		const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
		const core = encoded.slice(skip, encoded.length - tail);
		if (core.length >= MIN_EMBEDDED_BASE64) variants.add(core);
	}
	const forms = new Set<string>();
	for (const variant of variants) {
		if (variant === '') continue;
		forms.add(variant);
		forms.add(variant.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...forms];
}

const literalCache = new Map<string, string[]>();

/** Literal forms that need no character-level pattern (base64, hex, UTF-16); memoized per secret. */
function literalForms(secret: string): string[] {
	let forms = literalCache.get(secret);
	if (forms === undefined) {
		forms = computeLiteralForms(secret);
		if (literalCache.size > 256) literalCache.clear();
		literalCache.set(secret, forms);
	}
	return forms;
}

function computeLiteralForms(secret: string): string[] {
	const hex = Buffer.from(secret, 'utf8').toString('hex');
	const utf16 = (value: string, bigEndian: boolean) =>
		[...value].map((char) => (bigEndian ? `\u0000${char}` : `${char}\u0000`)).join('');
	const forms = new Set<string>([...base64Variants(secret), hex, hex.toUpperCase()]);
	for (const cased of new Set([secret, secret.toLowerCase(), secret.toUpperCase()])) {
		if ([...cased].every((char) => char.charCodeAt(0) < 256)) {
			forms.add(utf16(cased, false));
			forms.add(utf16(cased, true));
		}
	}
	return [...forms].filter((form) => form !== '');
}

/** The regular expression for text: each secret character by character, then the literal forms. */
function textPattern(secrets: readonly string[]): RegExp | undefined {
	const alternatives: string[] = [];
	for (const secret of secrets) {
		alternatives.push([...secret].map(characterPattern).join(''));
		// Whole-string case changes that are not character by character (ß → SS, ᾀ → ἈΙ).
		for (const cased of [secret.toLowerCase(), secret.toUpperCase()]) alternatives.push(escapeRegExp(cased));
		for (const form of literalForms(secret)) alternatives.push(escapeRegExp(form));
	}
	if (alternatives.length === 0) return undefined;
	// Longest first: a secret that contains another is masked whole.
	alternatives.sort((a, b) => b.length - a.length);
	return new RegExp(alternatives.join('|'), 'g');
}

/**
 * The same for bytes read as latin1 (one character per byte): UTF-8 bytes of each character, the
 * escapes above, and UTF-16 bytes.
 */
function bytePattern(secrets: readonly string[]): RegExp | undefined {
	const alternatives: string[] = [];
	const latin1 = (value: string, encoding: BufferEncoding) => Buffer.from(value, encoding).toString('latin1');
	for (const secret of secrets) {
		alternatives.push(
			[...secret]
				.map((char) => {
					const utf8Forms = new Set([char, char.toLowerCase(), char.toUpperCase()].filter((form) => form.length === char.length).map((form) => escapeRegExp(latin1(form, 'utf8'))));
					return `(?:${[...utf8Forms].join('|')}|${characterPattern(char).slice(3, -1)})`;
				})
				.join(''),
		);
		for (const cased of new Set([secret, secret.toLowerCase(), secret.toUpperCase()])) {
			const le = latin1(cased, 'utf16le');
			alternatives.push(escapeRegExp(le));
			alternatives.push(escapeRegExp(Buffer.from(le, 'latin1').swap16().toString('latin1')));
		}
		// The text forms as bytes: written as UTF-8, or as Latin-1 (one byte per character).
		for (const form of [...literalForms(secret), secret.toLowerCase(), secret.toUpperCase()]) {
			alternatives.push(escapeRegExp(latin1(form, 'utf8')));
			if ([...form].every((char) => char.charCodeAt(0) < 256)) alternatives.push(escapeRegExp(form));
		}
	}
	if (alternatives.length === 0) return undefined;
	alternatives.sort((a, b) => b.length - a.length);
	return new RegExp(alternatives.join('|'), 'g');
}

/**
 * Cheap first look: the literal forms a text without escape characters (`%`, `\`, `&`) could hold
 * a secret in. Only when one is found, or an escape character is present, the full pattern runs.
 */
function quickNeedles(secrets: readonly string[]): string[] {
	const needles = new Set<string>();
	for (const secret of secrets) {
		for (const cased of [secret, secret.toLowerCase(), secret.toUpperCase()]) {
			// `+` is a space in URL encoding: the raw form of a secret with a space may use it.
			needles.add(cased);
			if (cased.includes(' ')) needles.add(cased.split(' ')[0]);
		}
		for (const form of literalForms(secret)) needles.add(form);
	}
	return [...needles].filter((needle) => needle !== '');
}

const ESCAPE_CHARACTERS = /[%\\&+]/;

export function createRedactor(secrets: readonly string[]): Redactor {
	const ordered = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
	const pattern = textPattern(ordered);
	// Built on first use: most runs never see a binary answer.
	let bytes: RegExp | undefined | null = null;
	const bytesPattern = () => (bytes === null ? (bytes = bytePattern(ordered)) : bytes);
	const needles = quickNeedles(ordered);
	const numeric = ordered.some((secret) => /^[0-9.eE+-]+$/.test(secret));

	const mayReveal = (value: string): boolean => {
		if (pattern === undefined || value === '') return false;
		if (ESCAPE_CHARACTERS.test(value)) return true;
		for (const needle of needles) if (value.includes(needle)) return true;
		return false;
	};
	const reveals = (value: string): boolean => {
		if (!mayReveal(value)) return false;
		pattern!.lastIndex = 0;
		return pattern!.test(value);
	};
	const text = (value: string): string => {
		if (!mayReveal(value)) return value;
		pattern!.lastIndex = 0;
		return value.replace(pattern!, REDACTED);
	};

	const walk = (value: unknown, seen: Map<object, unknown>, depth: number): unknown => {
		if (typeof value === 'string') return text(value);
		if (typeof value === 'number' || typeof value === 'bigint') {
			if (!numeric) return value;
			const masked = text(String(value));
			return masked === String(value) ? value : masked;
		}
		if (value === null || typeof value !== 'object') return value;
		if (Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof Date) return value;
		if (seen.has(value)) return seen.get(value);
		if (depth > MAX_DEPTH) throw new RedactionDepthError();
		if (Array.isArray(value)) {
			seen.set(value, value);
			let copy: unknown[] | undefined;
			for (let index = 0; index < value.length; index++) {
				const entry = value[index] as unknown;
				const masked = walk(entry, seen, depth + 1);
				if (masked !== entry && copy === undefined) {
					copy = value.slice(0, index);
					seen.set(value, copy);
				}
				if (copy !== undefined) copy.push(masked);
			}
			return copy ?? value;
		}
		seen.set(value, value);
		let copy: Record<string, unknown> | undefined;
		const entries = Object.entries(value as Record<string, unknown>);
		for (let index = 0; index < entries.length; index++) {
			const [key, entry] = entries[index];
			const maskedKey = text(key);
			const masked = walk(entry, seen, depth + 1);
			if ((masked !== entry || maskedKey !== key) && copy === undefined) {
				copy = {};
				for (const [earlierKey, earlier] of entries.slice(0, index)) define(copy, earlierKey, earlier);
				seen.set(value, copy);
			}
			if (copy !== undefined) define(copy, maskedKey, masked);
		}
		return copy ?? value;
	};
	const deep = <T>(value: T): T => (pattern === undefined ? value : (walk(value, new Map(), 0) as T));

	const scanBytes = (value: Buffer): boolean => {
		const scan = value.length === 0 ? undefined : bytesPattern();
		if (scan === undefined) return false;
		for (const [start, end] of windows(value.length, maxLength(ordered))) {
			scan.lastIndex = 0;
			if (scan.test(value.toString('latin1', start, end))) return true;
		}
		return false;
	};

	return {
		text,
		deep,
		// Without escapes, every string JSON.parse made is a piece of the raw text: when the raw text
		// holds no secret, none of them can (numbers aside, when a secret is all digits).
		json: <T>(value: T, raw: string): T => (!numeric && !raw.includes('\\') && !reveals(raw) ? value : deep(value)),
		reveals,
		revealsInBuffer: scanBytes,
		buffer: (value: Buffer) => (scanBytes(value) ? maskBytes(value, bytesPattern()!) : value),
		active: pattern !== undefined,
	};
}

/** `record[key] = value` that keeps `__proto__` an own property. */
function define(record: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The longest form a secret can take in bytes, to size the overlap between scan windows. */
function maxLength(secrets: readonly string[]): number {
	// A character percent-encoded byte by byte or \u-escaped takes at most 12 bytes per UTF-16 unit.
	return Math.max(0, ...secrets.map((secret) => secret.length * 12 + 16));
}

const WINDOW = 1 << 20;

/** Overlapping windows over a large buffer, so a scan never needs a copy of all of it. */
function* windows(length: number, overlap: number): Generator<[number, number]> {
	if (length <= WINDOW + overlap) {
		yield [0, length];
		return;
	}
	for (let start = 0; start < length; start += WINDOW) {
		yield [start, Math.min(length, start + WINDOW + overlap)];
	}
}

function maskBytes(value: Buffer, pattern: RegExp): Buffer {
	const mask = Buffer.from(REDACTED, 'latin1');
	const ranges: Array<[number, number]> = [];
	let from = 0;
	for (const [start, end] of windows(value.length, maxLengthFromPattern(pattern))) {
		pattern.lastIndex = 0;
		const chunk = value.toString('latin1', start, end);
		for (const match of chunk.matchAll(pattern)) {
			const at = start + (match.index ?? 0);
			if (at < from) continue;
			ranges.push([at, at + match[0].length]);
			from = at + match[0].length;
		}
	}
	if (ranges.length === 0) return value;
	const parts: Buffer[] = [];
	let position = 0;
	for (const [start, end] of ranges) {
		parts.push(value.subarray(position, start), mask);
		position = end;
	}
	parts.push(value.subarray(position));
	return Buffer.concat(parts);
}

/** A safe window overlap for a pattern: its source is longer than anything it matches. */
function maxLengthFromPattern(pattern: RegExp): number {
	return Math.min(pattern.source.length, 1 << 16);
}
