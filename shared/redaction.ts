/**
 * What leaves a node masked: every secret is replaced by `[redacted]` in text, in decoded JSON
 * (values, object keys, and numbers when a secret is all digits) and in raw bytes, in every
 * encoding the package guarantees:
 *
 * - as it is, upper-cased or lower-cased;
 * - percent-encoded, byte by byte, any subset of characters, either hex case (`+` for a space);
 * - JSON and JavaScript escapes (`\u0052`, `\u{52}`, `\x52`, `\/`, `\"`, `\s` for `s`);
 * - HTML character references: decimal and hex, with or without `;`, and the named ones of ASCII
 *   punctuation (`&lowbar;`, `&period;`, …);
 * - base64 and base64url, with or without padding, also inside a longer base64 text and wrapped
 *   into lines (MIME, PEM);
 * - hex, either case;
 * - UTF-16 (little or big endian), in bytes and as text decoded from them;
 * - each of these applied once to the key, or to the key upper- or lower-cased.
 *
 * How: a text is searched for literal forms (the key in any letter case, base64, hex, UTF-16)
 * with the runtime's string search, and, when it holds escape characters, decoded once into a
 * canonical view (every escape resolved, letters lower-cased, `+` read as a space) in which the
 * key is searched as plain bytes; matches map back to the text they came from. Time is linear in
 * the text and the key, whatever either looks like: no regular expression is built from a key.
 *
 * JSON answers are parsed first and their strings masked, so escapes cannot hide a key and masking
 * never breaks the JSON. Pure; no n8n context.
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
	/** `deep` for the value JSON.parse made of `raw`: skips the walk when `raw` holds no secret. */
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
/** Digits a numeric character reference or `\u{…}` escape may have: what encoders write, bounded. */
const MAX_DIGITS = 8;
/** The longest text one byte of a secret can take in any form (`&#x00000000;`, `\u{0000000}`). */
const MAX_FORM_PER_BYTE = 14;

/** HTML named character references of ASCII characters (WHATWG), and the look-alike dashes. */
const NAMED_REFERENCES: Record<string, string> = {
	Tab: '\t',
	NewLine: '\n',
	excl: '!',
	quot: '"',
	QUOT: '"',
	num: '#',
	dollar: '$',
	percnt: '%',
	amp: '&',
	AMP: '&',
	apos: "'",
	lpar: '(',
	rpar: ')',
	ast: '*',
	midast: '*',
	plus: '+',
	comma: ',',
	hyphen: '-',
	dash: '-',
	minus: '-',
	period: '.',
	sol: '/',
	colon: ':',
	semi: ';',
	lt: '<',
	LT: '<',
	equals: '=',
	gt: '>',
	GT: '>',
	quest: '?',
	commat: '@',
	lsqb: '[',
	lbrack: '[',
	bsol: '\\',
	rsqb: ']',
	rbrack: ']',
	Hat: '^',
	lowbar: '_',
	UnderBar: '_',
	grave: '`',
	DiacriticalGrave: '`',
	lcub: '{',
	lbrace: '{',
	verbar: '|',
	vert: '|',
	VerticalLine: '|',
	rcub: '}',
	rbrace: '}',
};
/** Legacy references HTML also reads without the semicolon. */
const LEGACY_REFERENCES = new Set(['amp', 'AMP', 'lt', 'LT', 'gt', 'GT', 'quot', 'QUOT']);
const LONGEST_NAME = Math.max(...Object.keys(NAMED_REFERENCES).map((name) => name.length));
/** JavaScript's own single-letter escapes; any other escaped character stands for itself. */
const SHORT_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };

type Mode = 'text' | 'bytes';

/**
 * The canonical spelling of a secret's bytes: UTF-8, ASCII letters lower-cased, `+` as a space
 * (URL encoding writes a space as `+`, so the two cannot be told apart).
 */
function canonicalByte(byte: number): number {
	if (byte >= 65 && byte <= 90) return byte + 32;
	return byte === 43 ? 32 : byte;
}

function canonicalBytesOf(value: string): string {
	return String.fromCharCode(...[...Buffer.from(value, 'utf8')].map(canonicalByte));
}

/**
 * Whether a string holds only ASCII. Asked of every answer: the UTF-8 length is counted natively,
 * several times faster than a character-class regex over a long text.
 */
function isAscii(value: string): boolean {
	return Buffer.byteLength(value, 'utf8') === value.length;
}

/** Whether any of the characters occurs in the value: one native search per character, which beats a character class on long texts. */
function holdsAnyOf(value: string, characters: readonly string[]): boolean {
	for (const character of characters) {
		if (value.includes(character)) return true;
	}
	return false;
}

/** ASCII-only lower case: keeps every character where it was, so positions stay valid. */
function asciiLower(value: string): string {
	// Native when there is nothing beyond ASCII, where toLowerCase keeps positions.
	if (isAscii(value)) return value.toLowerCase();
	let out = '';
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : value[index];
	}
	return out;
}

/** A decoded reading of a text, and for each of its characters where its source starts. */
interface View {
	text: string;
	/** Source offset of the token each character came from; one more entry: the text's length. */
	starts: Int32Array;
}

/** Where the token of character `index` ends in the source: where the next token starts. */
function tokenEnd(view: View, index: number): number {
	const start = view.starts[index];
	let next = index + 1;
	while (view.starts[next] === start) next++;
	return view.starts[next];
}

const HEX = /^[0-9a-fA-F]$/;
const DIGIT = /^[0-9]$/;

/**
 * The text with every escape resolved into canonical bytes: `%HH`, `\uHHHH` (surrogate pairs
 * joined), `\u{H…}`, `\xHH`, `\c`, `&#N;`, `&#xH;`, named references. In text mode a plain
 * character becomes its UTF-8 bytes; in bytes mode (a buffer read as latin1) it is a byte already.
 * With `literalBackslash`, a backslash before `\`, `%` or `&` is read as itself: `\\u0041` is then a
 * backslash and an escaped `A`, which is how a reader of the decoded value sees it.
 */
type Family = 'percent' | 'js' | 'html';
const ALL_FAMILIES: ReadonlySet<Family> = new Set(['percent', 'js', 'html']);

function canonicalView(source: string, mode: Mode, families: ReadonlySet<Family> = ALL_FAMILIES, literalBackslash = false): View {
	let bytes = new Uint8Array(source.length + 16);
	let starts = new Int32Array(source.length + 17);
	let length = 0;
	const push = (byte: number, start: number) => {
		if (length === bytes.length) {
			const grown = new Uint8Array(bytes.length * 2);
			grown.set(bytes);
			bytes = grown;
			const grownStarts = new Int32Array(starts.length * 2);
			grownStarts.set(starts);
			starts = grownStarts;
		}
		bytes[length] = canonicalByte(byte);
		starts[length++] = start;
	};
	const emit = (codePoint: number, start: number, raw: boolean) => {
		if (codePoint < 128 || (raw && mode === 'bytes' && codePoint < 256)) return push(codePoint, start);
		for (const byte of Buffer.from(String.fromCodePoint(codePoint), 'utf8')) push(byte, start);
	};
	const run = (from: number, max: number, test: RegExp) => {
		let end = from;
		while (end < source.length && end - from < max && test.test(source[end])) end++;
		return end;
	};
	let index = 0;
	while (index < source.length) {
		const char = source[index];
		const next = source[index + 1];
		if (char === '%' && families.has('percent') && run(index + 1, 2, HEX) === index + 3) {
			push(parseInt(source.slice(index + 1, index + 3), 16), index);
			index += 3;
			continue;
		}
		if (char === '\\' && next !== undefined && families.has('js')) {
			if (next === 'u' && source[index + 2] === '{') {
				const end = run(index + 3, MAX_DIGITS, HEX);
				const codePoint = end > index + 3 && source[end] === '}' ? parseInt(source.slice(index + 3, end), 16) : NaN;
				if (codePoint <= 0x10ffff) {
					emit(codePoint, index, false);
					index = end + 1;
					continue;
				}
			} else if (next === 'u' && run(index + 2, 4, HEX) === index + 6) {
				let codePoint = parseInt(source.slice(index + 2, index + 6), 16);
				let end = index + 6;
				if (codePoint >= 0xd800 && codePoint < 0xdc00 && source[end] === '\\' && source[end + 1] === 'u' && run(end + 2, 4, HEX) === end + 6) {
					const low = parseInt(source.slice(end + 2, end + 6), 16);
					if (low >= 0xdc00 && low < 0xe000) {
						codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
						end += 6;
					}
				}
				emit(codePoint, index, false);
				index = end;
				continue;
			} else if (next === 'x' && run(index + 2, 2, HEX) === index + 4) {
				emit(parseInt(source.slice(index + 2, index + 4), 16), index, false);
				index += 4;
				continue;
			} else if (next !== '\n' && next !== '\r' && next !== 'u' && next !== 'x' && !(literalBackslash && /[\\%&]/.test(next))) {
				// A single-letter escape (\n), or any other escaped character, which stands for itself.
				const short = SHORT_ESCAPES[next];
				const codePoint = short !== undefined ? short.charCodeAt(0) : (source.codePointAt(index + 1) as number);
				// An escaped character stands for itself: in bytes mode, the byte it is.
				emit(codePoint, index, short === undefined);
				index += codePoint > 0xffff ? 3 : 2;
				continue;
			}
		}
		if (char === '&' && next === '#' && families.has('html')) {
			const isHex = source[index + 2] === 'x' || source[index + 2] === 'X';
			const from = index + (isHex ? 3 : 2);
			const end = run(from, MAX_DIGITS, isHex ? HEX : DIGIT);
			const codePoint = end > from ? parseInt(source.slice(from, end), isHex ? 16 : 10) : NaN;
			if (codePoint <= 0x10ffff) {
				emit(codePoint, index, false);
				index = source[end] === ';' ? end + 1 : end;
				continue;
			}
		}
		if (char === '&' && families.has('html')) {
			const end = run(index + 1, LONGEST_NAME, /^[A-Za-z]$/);
			const name = source.slice(index + 1, end);
			const decoded = NAMED_REFERENCES[name];
			if (decoded !== undefined && (source[end] === ';' || LEGACY_REFERENCES.has(name))) {
				emit(decoded.charCodeAt(0), index, false);
				index = source[end] === ';' ? end + 1 : end;
				continue;
			}
		}
		const codePoint = source.codePointAt(index) as number;
		emit(codePoint, index, true);
		index += codePoint > 0xffff ? 2 : 1;
	}
	starts[length] = source.length;
	return { text: Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1'), starts: starts.subarray(0, length + 1) };
}

/** The text without line breaks, for base64 wrapped into lines. */
function unwrappedView(source: string): View {
	const starts = new Int32Array(source.length + 1);
	let length = 0;
	let text = '';
	let from = 0;
	for (let index = 0; index <= source.length; index++) {
		if (index < source.length && source[index] !== '\n' && source[index] !== '\r') {
			starts[length++] = index;
			continue;
		}
		text += source.slice(from, index);
		from = index + 1;
	}
	starts[length] = source.length;
	return { text, starts: starts.subarray(0, length + 1) };
}

/** Every [start, end) where a needle occurs in the haystack. */
function findAll(haystack: string, needles: readonly string[], into: Array<[number, number]>, view?: View): void {
	for (const needle of needles) {
		for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
			const end = at + needle.length;
			into.push(view ? [view.starts[at], tokenEnd(view, end - 1)] : [at, end]);
		}
	}
}

/** Overlapping and touching ranges joined, in order. */
function merge(ranges: Array<[number, number]>): Array<[number, number]> {
	ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const merged: Array<[number, number]> = [];
	for (const [start, end] of ranges) {
		const last = merged[merged.length - 1];
		if (last && start < last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged;
}

function base64Runs(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const runs = new Set<string>([bytes.toString('base64').replace(/=+$/, '')]);
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
		const skip = [0, 2, 3][offset];
		const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
		const core = encoded.slice(skip, encoded.length - tail);
		if (core.length >= MIN_EMBEDDED_BASE64) runs.add(core);
	}
	const all = new Set<string>();
	for (const run of runs) {
		if (run === '') continue;
		all.add(run);
		all.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...all];
}

interface Needles {
	/** Searched in the text as it is (case matters: base64; UTF-16 forms). */
	exact: string[];
	/** Searched in the ASCII-lower-cased text (the key in any case, hex in either case). */
	lowered: string[];
	/** Searched in the canonical view (every escape resolved). */
	canonical: string[];
	/** Base64 runs, searched in the text without line breaks. */
	wrapped: string[];
	/** Whether a secret itself holds escape characters, so views of one escape kind are searched too. */
	escapeHeavy: boolean;
}

function needlesFor(secrets: readonly string[], mode: Mode): Needles {
	const exact = new Set<string>();
	const lowered = new Set<string>();
	const canonical = new Set<string>();
	const wrapped = new Set<string>();
	const latin1 = (value: string, encoding: BufferEncoding) => Buffer.from(value, encoding).toString('latin1');
	for (const secret of secrets) {
		for (const cased of new Set([secret, secret.toLowerCase(), secret.toUpperCase()])) {
			const spelled = (form: string) => (mode === 'bytes' ? latin1(form, 'utf8') : form);
			lowered.add(asciiLower(spelled(cased)));
			// The key JSON-escaped as a whole, found wherever it sits, whatever precedes a backslash.
			const json = JSON.stringify(cased).slice(1, -1);
			lowered.add(asciiLower(spelled(json)));
			lowered.add(asciiLower(spelled(json.replace(/\//g, '\\/'))));
			// What URL encoders write, found even where a `%` just before it would change its reading.
			lowered.add(asciiLower(encodeURIComponent(cased)));
			lowered.add(asciiLower(new URLSearchParams([['', cased]]).toString().slice(1)));
			lowered.add([...Buffer.from(cased, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));
			lowered.add(Buffer.from(cased, 'utf8').toString('hex'));
			canonical.add(canonicalBytesOf(cased));
			for (const run of base64Runs(cased)) {
				exact.add(run);
				wrapped.add(run);
			}
			if (mode === 'bytes') {
				const le = Buffer.from(cased, 'utf16le');
				exact.add(le.toString('latin1'));
				exact.add(Buffer.from(le).swap16().toString('latin1'));
			}
			if ([...cased].every((char) => char.charCodeAt(0) < 256)) {
				const asText = (form: string) => (mode === 'bytes' ? latin1(form, 'utf8') : form);
				exact.add(asText([...cased].map((char) => `${char}\u0000`).join('')));
				exact.add(asText([...cased].map((char) => `\u0000${char}`).join('')));
			}
		}
	}
	const list = (set: Set<string>) => [...set].filter((needle) => needle !== '');
	return { exact: list(exact), lowered: list(lowered), canonical: list(canonical), wrapped: list(wrapped), escapeHeavy: secrets.some((secret) => holdsAnyOf(secret, ESCAPE_INTRODUCERS)) };
}

/** The characters an escape (or a URL-encoded space) starts with. */
const ESCAPE_INTRODUCERS = ['%', '\\', '&', '+'];
const FAMILY_INTRODUCERS: Array<[Family, string]> = [
	['percent', '%'],
	['js', '\\'],
	['html', '&'],
];
const BACKSLASH_BEFORE_ESCAPE = /\\[\\%&]/;
const LINE_BREAKS = ['\n', '\r'];

/** Where secrets are in a string, as merged source ranges. */
function locate(value: string, needles: Needles, mode: Mode): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	findAll(value, needles.exact, ranges);
	findAll(asciiLower(value), needles.lowered, ranges);
	if (holdsAnyOf(value, ESCAPE_INTRODUCERS)) {
		const search = (view: View) => findAll(view.text, needles.canonical, ranges, view);
		search(canonicalView(value, mode));
		// A backslash before an escape can be read two ways: search the other reading too.
		if (BACKSLASH_BEFORE_ESCAPE.test(value)) search(canonicalView(value, mode, ALL_FAMILIES, true));
		// One kind of escaping applied to a key that itself holds escape characters.
		if (needles.escapeHeavy) {
			for (const [family, introducer] of FAMILY_INTRODUCERS) {
				if (value.includes(introducer)) search(canonicalView(value, mode, new Set([family])));
			}
		}
	}
	if (holdsAnyOf(value, LINE_BREAKS)) {
		const view = unwrappedView(value);
		findAll(view.text, needles.wrapped, ranges, view);
	}
	return ranges.length === 0 ? ranges : merge(ranges);
}

const WINDOW = 1 << 20;

/**
 * `locate` over a long text in overlapping windows, so no decoded view is ever larger than a
 * window; a match starting in an overlap belongs to the next window, which sees all of it.
 */
function locateAll(
	length: number,
	read: (start: number, end: number) => string,
	needles: Needles,
	mode: Mode,
	overlap: number,
	first: boolean,
): Array<[number, number]> {
	if (length <= WINDOW + overlap) return locate(read(0, length), needles, mode);
	const found: Array<[number, number]> = [];
	let covered = 0;
	for (let start = 0; start < length; start += WINDOW) {
		const own = Math.min(length, start + WINDOW);
		for (const [from, to] of locate(read(start, Math.min(length, own + overlap)), needles, mode)) {
			const at = start + from;
			if (at >= own || at < covered) continue;
			found.push([at, start + to]);
			covered = start + to;
			if (first) return found;
		}
	}
	return found;
}

function replaceRanges(value: string, ranges: Array<[number, number]>): string {
	let out = '';
	let position = 0;
	for (const [start, end] of ranges) {
		out += value.slice(position, start) + REDACTED;
		position = end;
	}
	return out + value.slice(position);
}

export function createRedactor(secrets: readonly string[]): Redactor {
	const ordered = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
	const active = ordered.length > 0;
	const textNeedles = needlesFor(ordered, 'text');
	let byteNeedles: Needles | undefined;
	const bytesNeedles = () => (byteNeedles ??= needlesFor(ordered, 'bytes'));
	// The shortest text any form of any secret can take: shorter strings cannot hold one.
	const shortest = active ? Math.min(...ordered.map((secret) => secret.length)) : Infinity;
	const numeric = ordered.some((secret) => /^[0-9]+$/.test(secret));
	const overlap = Math.max(0, ...ordered.map((secret) => Buffer.byteLength(secret, 'utf8') * 2 * MAX_FORM_PER_BYTE + 64));

	const text = (value: string): string => {
		if (!active || value.length < shortest) return value;
		const ranges = locateAll(value.length, (start, end) => value.slice(start, end), textNeedles, 'text', overlap, false);
		return ranges.length === 0 ? value : replaceRanges(value, ranges);
	};
	const reveals = (value: string): boolean =>
		active && value.length >= shortest && locateAll(value.length, (start, end) => value.slice(start, end), textNeedles, 'text', overlap, true).length > 0;

	const walk = (value: unknown, seen: Map<object, unknown>, depth: number): unknown => {
		if (typeof value === 'string') return text(value);
		if (typeof value === 'number' || typeof value === 'bigint') {
			if (!numeric) return value;
			// JSON.parse rounds integers beyond 2^53: their digits no longer match, so they go whole.
			if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) return REDACTED;
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
	const deep = <T>(value: T): T => (active ? (walk(value, new Map(), 0) as T) : value);

	/** Bytes are searched as latin1 text (one character per byte), window by window. */
	const byteMatches = (value: Buffer, first: boolean): Array<[number, number]> =>
		active && value.length > 0 ? locateAll(value.length, (start, end) => value.toString('latin1', start, end), bytesNeedles(), 'bytes', overlap, first) : [];

	return {
		text,
		deep,
		// Strings JSON.parse made are pieces of the raw text with escapes resolved, and every escape
		// JSON has is a guaranteed form: when the raw text holds no secret, none of them can. Numbers
		// are not pieces of it (`4.8151623e+7` parses to 48151623), so an all-digit secret is always
		// looked for in the parsed value.
		json: <T>(value: T, raw: string): T => (numeric || reveals(raw) ? deep(value) : value),
		reveals,
		revealsInBuffer: (value: Buffer) => byteMatches(value, true).length > 0,
		buffer: (value: Buffer) => maskBytes(value, byteMatches(value, false)),
		active,
	};
}

/** `record[key] = value` that keeps `__proto__` an own property. */
function define(record: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function maskBytes(value: Buffer, ranges: Array<[number, number]>): Buffer {
	if (ranges.length === 0) return value;
	const mask = Buffer.from(REDACTED, 'latin1');
	const parts: Buffer[] = [];
	let position = 0;
	for (const [start, end] of ranges) {
		parts.push(value.subarray(position, start), mask);
		position = end;
	}
	parts.push(value.subarray(position));
	return Buffer.concat(parts);
}
