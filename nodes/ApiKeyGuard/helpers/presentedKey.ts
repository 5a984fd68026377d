/**
 * Reads the key a client presented from the item a Webhook node produced: `headers` (lower-case
 * names, as Node.js gives them), `query`, `body`. Anything ambiguous (a value given twice, a list,
 * a nested object) or oversized is refused rather than guessed at. The result never echoes the
 * presented value in a message.
 */
import { MAX_KEY_LENGTH } from './keyFormat';
import type { PlacementConfig } from './placement';

export interface RequestView {
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
	body: unknown;
}

export type Presented =
	| { status: 'missing' }
	/** Something was sent in the key's place, but it cannot be a key (ambiguous or oversized). */
	| { status: 'unusable' }
	| { status: 'present'; value: string };

const MISSING: Presented = { status: 'missing' };
const UNUSABLE: Presented = { status: 'unusable' };
/** Values longer than this are refused before any parsing; a key is at most MAX_KEY_LENGTH. */
const MAX_VALUE_LENGTH = 4 * MAX_KEY_LENGTH;
const MAX_HEADER_LENGTH = 16 * 1024;

function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The request parts of a Webhook node's output item. */
export function requestView(json: unknown): RequestView {
	const item = asRecord(json);
	return { headers: asRecord(item.headers), query: asRecord(item.query), body: item.body };
}

function own(container: Record<string, unknown>, name: string): unknown {
	return Object.prototype.hasOwnProperty.call(container, name) ? container[name] : undefined;
}

/** One header's value; lists (a header sent more than once and kept as a list) are unusable. */
function header(view: RequestView, name: string): Presented | string {
	const value = own(view.headers, name.toLowerCase());
	if (value === undefined || value === null) return MISSING;
	if (typeof value !== 'string') return UNUSABLE;
	if (value.length > MAX_HEADER_LENGTH) return UNUSABLE;
	return value;
}

function fromValue(value: unknown): Presented {
	if (value === undefined || value === null) return MISSING;
	if (typeof value !== 'string') return UNUSABLE; // arrays (?k=a&k=b), objects (?k[x]=1), numbers
	if (value.length > MAX_VALUE_LENGTH) return UNUSABLE;
	const trimmed = value.trim();
	return trimmed === '' ? MISSING : { status: 'present', value: trimmed };
}

/** The credentials of `Authorization: <scheme> <credentials>` when the scheme matches. */
function authorization(view: RequestView, scheme: string): Presented {
	const value = header(view, 'authorization');
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	const space = trimmed.search(/[ \t]/);
	const sent = space === -1 ? trimmed : trimmed.slice(0, space);
	// Another scheme (e.g. Basic where Bearer is expected): no key was presented the expected way.
	if (sent.toLowerCase() !== scheme.toLowerCase()) return MISSING;
	const credentials = space === -1 ? '' : trimmed.slice(space + 1).trim();
	// Several credentials in one header ("Bearer a, Bearer b") or spaces inside: not one key.
	if (/[\s,]/.test(credentials)) return UNUSABLE;
	return fromValue(credentials);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function basic(view: RequestView, part: 'username' | 'password'): Presented {
	const credentials = authorization(view, 'Basic');
	if (credentials.status !== 'present') return credentials;
	if (!BASE64.test(credentials.value)) return UNUSABLE;
	const decoded = Buffer.from(credentials.value, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return UNUSABLE;
	return fromValue(part === 'username' ? decoded.slice(0, colon) : decoded.slice(colon + 1));
}

function cookie(view: RequestView, name: string): Presented {
	const value = header(view, 'cookie');
	if (typeof value !== 'string') return value;
	let found: string | undefined;
	for (const pair of value.split(';')) {
		const equals = pair.indexOf('=');
		if (equals === -1) continue;
		if (pair.slice(0, equals).trim() !== name) continue;
		if (found !== undefined) return UNUSABLE; // the same cookie twice
		let cookieValue = pair.slice(equals + 1).trim();
		if (cookieValue.length >= 2 && cookieValue.startsWith('"') && cookieValue.endsWith('"')) cookieValue = cookieValue.slice(1, -1);
		found = cookieValue;
	}
	return fromValue(found);
}

/** The key as the client presented it in the configured place. */
export function readPresentedKey(view: RequestView, config: PlacementConfig): Presented {
	switch (config.placement) {
		case 'header': {
			const value = header(view, config.name);
			return typeof value === 'string' ? fromValue(value.includes(',') ? [value] : value) : value;
		}
		case 'bearer':
			return authorization(view, 'Bearer');
		case 'authScheme':
			return authorization(view, config.scheme);
		case 'basicUsername':
			return basic(view, 'username');
		case 'basicPassword':
			return basic(view, 'password');
		case 'query':
			return fromValue(own(view.query, config.name));
		case 'body':
			return fromValue(own(asRecord(view.body), config.name));
		case 'cookie':
			return cookie(view, config.name);
	}
}
