/**
 * IP addresses and CIDR ranges for client allow-lists: IPv4, IPv6 and IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`). Every address is held as 16 bytes, IPv4 in its mapped form, so an IPv4
 * rule matches a client seen as IPv4-mapped IPv6 and the other way round.
 */

export type Address = Uint8Array; // 16 bytes

export interface Cidr {
	address: Address;
	/** Prefix length over the 128-bit form (IPv4 /24 is 96 + 24 = 120). */
	bits: number;
	text: string;
}

const MAX_ADDRESS_TEXT = 64;

function mapped(a: number, b: number, c: number, d: number): Address {
	const bytes = new Uint8Array(16);
	bytes[10] = 0xff;
	bytes[11] = 0xff;
	bytes[12] = a;
	bytes[13] = b;
	bytes[14] = c;
	bytes[15] = d;
	return bytes;
}

function parseIpv4Parts(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	const values: number[] = [];
	for (const part of parts) {
		// No leading zeros: "010" is octal to some parsers and decimal to others.
		if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
		const value = Number(part);
		if (value > 255) return undefined;
		values.push(value);
	}
	return values;
}

function parseIpv6(text: string): Address | undefined {
	if (text.includes('%')) return undefined; // zone ids are not client addresses
	let head = text;
	let tail: number[] = [];
	// A trailing dotted IPv4 part (::ffff:192.0.2.1, 64:ff9b::192.0.2.1).
	const lastColon = head.lastIndexOf(':');
	if (lastColon !== -1 && head.slice(lastColon + 1).includes('.')) {
		const v4 = parseIpv4Parts(head.slice(lastColon + 1));
		if (!v4) return undefined;
		tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
		head = head.slice(0, lastColon + 1);
		if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
	}
	const doubleColon = head.indexOf('::');
	if (doubleColon !== -1 && head.indexOf('::', doubleColon + 1) !== -1) return undefined;
	const parseGroups = (part: string): number[] | undefined => {
		if (part === '') return [];
		const groups = part.split(':');
		const values: number[] = [];
		for (const group of groups) {
			if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
			values.push(parseInt(group, 16));
		}
		return values;
	};
	let groups: number[];
	if (doubleColon === -1) {
		const all = parseGroups(head);
		if (!all) return undefined;
		groups = [...all, ...tail];
		if (groups.length !== 8) return undefined;
	} else {
		const left = parseGroups(head.slice(0, doubleColon));
		const right = parseGroups(head.slice(doubleColon + 2));
		if (!left || !right) return undefined;
		const known = left.length + right.length + tail.length;
		if (known > 7) return undefined;
		groups = [...left, ...new Array<number>(8 - known).fill(0), ...right, ...tail];
	}
	const bytes = new Uint8Array(16);
	groups.forEach((group, index) => {
		bytes[index * 2] = group >> 8;
		bytes[index * 2 + 1] = group & 0xff;
	});
	return bytes;
}

/**
 * An address from text: IPv4, IPv6, IPv4-mapped IPv6, also `[v6]`, `[v6]:port` and `v4:port`
 * as they appear in X-Forwarded-For. Undefined when it is not an address.
 */
export function parseAddress(raw: unknown): Address | undefined {
	if (typeof raw !== 'string') return undefined;
	let text = raw.trim();
	if (text === '' || text.length > MAX_ADDRESS_TEXT) return undefined;
	if (text.startsWith('[')) {
		const close = text.indexOf(']');
		if (close === -1) return undefined;
		const rest = text.slice(close + 1);
		if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
		return parseIpv6(text.slice(1, close));
	}
	if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
	if (!text.includes(':')) {
		const v4 = parseIpv4Parts(text);
		return v4 ? mapped(v4[0], v4[1], v4[2], v4[3]) : undefined;
	}
	return parseIpv6(text);
}

export function isIpv4Mapped(address: Address): boolean {
	for (let index = 0; index < 10; index++) if (address[index] !== 0) return false;
	return address[10] === 0xff && address[11] === 0xff;
}

/** IPv4 (also for mapped addresses) in dotted form, IPv6 in RFC 5952 form. */
export function formatAddress(address: Address): string {
	if (isIpv4Mapped(address)) return Array.from(address.slice(12)).join('.');
	const groups: number[] = [];
	for (let index = 0; index < 16; index += 2) groups.push((address[index] << 8) | address[index + 1]);
	// The longest run of two or more zero groups becomes "::".
	let bestStart = -1;
	let bestLength = 0;
	for (let index = 0; index < 8; ) {
		if (groups[index] !== 0) {
			index++;
			continue;
		}
		let end = index;
		while (end < 8 && groups[end] === 0) end++;
		if (end - index > bestLength && end - index >= 2) {
			bestStart = index;
			bestLength = end - index;
		}
		index = end;
	}
	const hex = groups.map((group) => group.toString(16));
	if (bestStart === -1) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** A CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a single address; undefined when invalid. */
export function parseCidr(raw: string): Cidr | undefined {
	const text = raw.trim();
	const slash = text.indexOf('/');
	const addressText = slash === -1 ? text : text.slice(0, slash);
	// A range is written without brackets or ports.
	if (addressText.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}:/.test(addressText)) return undefined;
	const address = parseAddress(addressText);
	if (!address) return undefined;
	const v4 = !addressText.includes(':');
	const max = v4 ? 32 : 128;
	let length = max;
	if (slash !== -1) {
		const lengthText = text.slice(slash + 1);
		if (!/^\d{1,3}$/.test(lengthText)) return undefined;
		length = Number(lengthText);
		if (length > max) return undefined;
	}
	return { address, bits: v4 ? 96 + length : length, text };
}

export class CidrListError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CidrListError';
	}
}

/** A comma- or space-separated list (or an array) of addresses and ranges. Throws CidrListError. */
export function parseCidrList(value: unknown): Cidr[] {
	const result = readCidrList(value);
	if (result.problem !== undefined) throw new CidrListError(result.problem);
	return result.cidrs;
}

/** Like parseCidrList, but returns the problem instead of throwing. */
export function readCidrList(value: unknown): { cidrs: Cidr[]; problem?: undefined } | { cidrs?: undefined; problem: string } {
	const entries = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string'
			? value.split(/[\s,]+/)
			: value === undefined || value === null
				? []
				: [String(value)];
	const cidrs: Cidr[] = [];
	for (const entry of entries.map((text) => text.trim()).filter((text) => text !== '')) {
		const cidr = parseCidr(entry);
		if (!cidr) return { problem: `"${entry.slice(0, MAX_ADDRESS_TEXT)}" is not an IP address or CIDR range` };
		cidrs.push(cidr);
	}
	return { cidrs };
}

export function cidrContains(cidr: Cidr, address: Address): boolean {
	const fullBytes = cidr.bits >> 3;
	for (let index = 0; index < fullBytes; index++) if (cidr.address[index] !== address[index]) return false;
	const rest = cidr.bits & 7;
	if (rest === 0) return true;
	const mask = (0xff << (8 - rest)) & 0xff;
	return (cidr.address[fullBytes] & mask) === (address[fullBytes] & mask);
}

export function inAnyCidr(list: readonly Cidr[], address: Address): boolean {
	return list.some((cidr) => cidrContains(cidr, address));
}

/**
 * The client address from an X-Forwarded-For value. Entries are read from the right (the one
 * appended by the proxy closest to n8n) and skipped while they belong to a trusted proxy; the
 * first other entry is the client. With no trusted proxies listed, the rightmost entry is the
 * client (one proxy in front of n8n). Undefined when the header is missing or unusable.
 */
export function clientFromForwardedFor(header: unknown, trustedProxies: readonly Cidr[]): Address | undefined {
	const values = Array.isArray(header) ? header.map(String) : typeof header === 'string' ? [header] : [];
	const entries = values
		.join(',')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (entries.length === 0 || entries.length > 64) return undefined;
	for (let index = entries.length - 1; index >= 0; index--) {
		const address = parseAddress(entries[index]);
		if (!address) return undefined; // a garbled chain is not trusted
		if (index > 0 && inAnyCidr(trustedProxies, address)) continue;
		return address;
	}
	return undefined;
}
