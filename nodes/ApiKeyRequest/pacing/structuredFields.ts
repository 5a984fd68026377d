/**
 * A strict reader of HTTP Structured Field lists and dictionaries (RFC 9651), as far as the IETF
 * RateLimit and RateLimit-Policy fields need them. Anything that does not parse makes the whole
 * field unreadable (undefined): the draft says malformed RateLimit fields MUST be ignored, so a
 * half-read field never drives pacing. Iterative, bounded by the input length.
 */

export type BareItem =
	| { type: 'integer'; value: number }
	| { type: 'decimal'; value: number }
	| { type: 'string'; value: string }
	| { type: 'token'; value: string }
	| { type: 'binary'; value: string }
	| { type: 'boolean'; value: boolean }
	| { type: 'date'; value: number }
	| { type: 'inner-list'; value: Item[] };

export interface Item {
	item: BareItem;
	params: Map<string, BareItem>;
}

/** Longer field values are not read at all: no API sends kilobytes of quota policy. */
const MAX_FIELD_LENGTH = 8192;

class Reader {
	index = 0;
	constructor(readonly text: string) {}

	get done(): boolean {
		return this.index >= this.text.length;
	}

	peek(): string {
		return this.text[this.index] ?? '';
	}

	skip(chars: string): void {
		while (!this.done && chars.includes(this.peek())) this.index++;
	}
}

const isDigit = (char: string) => char >= '0' && char <= '9';
const isLcAlpha = (char: string) => char >= 'a' && char <= 'z';
const isAlpha = (char: string) => isLcAlpha(char) || (char >= 'A' && char <= 'Z');
const TCHAR = "!#$%&'*+-.^_`|~";
const isTchar = (char: string) => char !== '' && (isAlpha(char) || isDigit(char) || TCHAR.includes(char));

function parseNumber(reader: Reader): BareItem | undefined {
	const start = reader.index;
	if (reader.peek() === '-') reader.index++;
	let integerDigits = 0;
	while (isDigit(reader.peek())) {
		reader.index++;
		integerDigits++;
	}
	if (integerDigits === 0) return undefined;
	if (reader.peek() !== '.') {
		if (integerDigits > 15) return undefined;
		return { type: 'integer', value: Number(reader.text.slice(start, reader.index)) };
	}
	if (integerDigits > 12) return undefined;
	reader.index++;
	let fractionDigits = 0;
	while (isDigit(reader.peek())) {
		reader.index++;
		fractionDigits++;
	}
	if (fractionDigits === 0 || fractionDigits > 3) return undefined;
	return { type: 'decimal', value: Number(reader.text.slice(start, reader.index)) };
}

function parseString(reader: Reader): BareItem | undefined {
	reader.index++; // opening quote
	let value = '';
	while (!reader.done) {
		const char = reader.peek();
		reader.index++;
		if (char === '\\') {
			const next = reader.peek();
			if (next !== '"' && next !== '\\') return undefined;
			value += next;
			reader.index++;
		} else if (char === '"') {
			return { type: 'string', value };
		} else {
			const code = char.charCodeAt(0);
			if (code < 0x20 || code > 0x7e) return undefined;
			value += char;
		}
	}
	return undefined;
}

function parseBareItem(reader: Reader): BareItem | undefined {
	const char = reader.peek();
	if (char === '-' || isDigit(char)) return parseNumber(reader);
	if (char === '"') return parseString(reader);
	if (char === '*' || isAlpha(char)) {
		const start = reader.index;
		reader.index++;
		while (isTchar(reader.peek()) || reader.peek() === ':' || reader.peek() === '/') reader.index++;
		return { type: 'token', value: reader.text.slice(start, reader.index) };
	}
	if (char === ':') {
		const end = reader.text.indexOf(':', reader.index + 1);
		if (end === -1) return undefined;
		const value = reader.text.slice(reader.index + 1, end);
		if (!/^[A-Za-z0-9+/=]*$/.test(value)) return undefined;
		reader.index = end + 1;
		return { type: 'binary', value };
	}
	if (char === '?') {
		const flag = reader.text[reader.index + 1];
		if (flag !== '0' && flag !== '1') return undefined;
		reader.index += 2;
		return { type: 'boolean', value: flag === '1' };
	}
	if (char === '@') {
		reader.index++;
		const number = parseNumber(reader);
		return number?.type === 'integer' ? { type: 'date', value: number.value } : undefined;
	}
	return undefined;
}

function parseKey(reader: Reader): string | undefined {
	const first = reader.peek();
	if (!(isLcAlpha(first) || first === '*')) return undefined;
	const start = reader.index;
	reader.index++;
	for (;;) {
		const char = reader.peek();
		if (isLcAlpha(char) || isDigit(char) || char === '_' || char === '-' || char === '.' || char === '*') reader.index++;
		else break;
	}
	return reader.text.slice(start, reader.index);
}

function parseParameters(reader: Reader): Map<string, BareItem> | undefined {
	const params = new Map<string, BareItem>();
	while (reader.peek() === ';') {
		reader.index++;
		reader.skip(' ');
		const key = parseKey(reader);
		if (key === undefined) return undefined;
		let value: BareItem | undefined = { type: 'boolean', value: true };
		if (reader.peek() === '=') {
			reader.index++;
			value = parseBareItem(reader);
			if (value === undefined) return undefined;
		}
		params.set(key, value);
	}
	return params;
}

function parseInnerList(reader: Reader): BareItem | undefined {
	reader.index++; // (
	const items: Item[] = [];
	for (;;) {
		reader.skip(' ');
		if (reader.peek() === ')') {
			reader.index++;
			return { type: 'inner-list', value: items };
		}
		const item = parseBareItem(reader);
		if (item === undefined) return undefined;
		const params = parseParameters(reader);
		if (params === undefined) return undefined;
		items.push({ item, params });
		const next = reader.peek();
		if (next !== ' ' && next !== ')') return undefined;
	}
}

function parseMember(reader: Reader): Item | undefined {
	const item = reader.peek() === '(' ? parseInnerList(reader) : parseBareItem(reader);
	if (item === undefined) return undefined;
	const params = parseParameters(reader);
	return params === undefined ? undefined : { item, params };
}

/** After a member: optional whitespace, then a comma and more, or the end. False when malformed. */
function nextMember(reader: Reader): boolean | undefined {
	reader.skip(' \t');
	if (reader.done) return false;
	if (reader.peek() !== ',') return undefined;
	reader.index++;
	reader.skip(' \t');
	return reader.done ? undefined : true;
}

function prepare(value: string | undefined): Reader | undefined {
	if (value === undefined || value.length > MAX_FIELD_LENGTH) return undefined;
	const reader = new Reader(value.replace(/^[ \t]+|[ \t]+$/g, ''));
	return reader.done ? undefined : reader;
}

/** A Structured Field List, or undefined when the value is missing, empty or malformed. */
export function parseList(value: string | undefined): Item[] | undefined {
	const reader = prepare(value);
	if (!reader) return undefined;
	const members: Item[] = [];
	for (;;) {
		const member = parseMember(reader);
		if (member === undefined) return undefined;
		members.push(member);
		const more = nextMember(reader);
		if (more === undefined) return undefined;
		if (!more) return members;
	}
}

/** A Structured Field Dictionary, or undefined when the value is missing, empty or malformed. */
export function parseDictionary(value: string | undefined): Map<string, Item> | undefined {
	const reader = prepare(value);
	if (!reader) return undefined;
	const members = new Map<string, Item>();
	for (;;) {
		const key = parseKey(reader);
		if (key === undefined) return undefined;
		let member: Item | undefined;
		if (reader.peek() === '=') {
			reader.index++;
			member = parseMember(reader);
		} else {
			const params = parseParameters(reader);
			member = params === undefined ? undefined : { item: { type: 'boolean', value: true }, params };
		}
		if (member === undefined) return undefined;
		members.set(key, member);
		const more = nextMember(reader);
		if (more === undefined) return undefined;
		if (!more) return members;
	}
}

/** A non-negative Integer, the only number the RateLimit fields allow. */
export function nonNegativeInteger(item: BareItem | undefined): number | undefined {
	return item?.type === 'integer' && item.value >= 0 ? item.value : undefined;
}

/** A String or Token's text (policy names may be either in the examples of the draft). */
export function nameOf(item: BareItem | undefined): string | undefined {
	return item?.type === 'string' || item?.type === 'token' ? item.value : undefined;
}
