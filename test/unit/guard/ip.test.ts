/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import fc from 'fast-check';

import {
	cidrContains,
	clientFromForwardedFor,
	formatAddress,
	inAnyCidr,
	parseAddress,
	parseCidr,
	parseCidrList,
	CidrListError,
} from '../../../nodes/ApiKeyGuard/helpers/ip';
import { clientAddress } from '../../../nodes/ApiKeyGuard/helpers/clientAddress';
import { requestView } from '../../../nodes/ApiKeyGuard/helpers/presentedKey';
import { isIP } from 'node:net';
import { hostileString } from '../../helpers/guardArbitraries';

const fmt = (text: string) => {
	const address = parseAddress(text);
	return address ? formatAddress(address) : undefined;
};
const inRange = (range: string, address: string) => {
	const cidr = parseCidr(range);
	const parsed = parseAddress(address);
	if (!cidr || !parsed) throw new Error(`bad test input ${range} ${address}`);
	return cidrContains(cidr, parsed);
};

describe('addresses', () => {
	it('parses IPv4 strictly', () => {
		expect(fmt('192.0.2.1')).toBe('192.0.2.1');
		expect(fmt('0.0.0.0')).toBe('0.0.0.0');
		expect(fmt('255.255.255.255')).toBe('255.255.255.255');
		for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1..2.3', ' ', '', 'localhost', '1.2.3.4/24']) {
			expect(parseAddress(bad)).toBeUndefined();
		}
	});

	it('parses IPv6 with ::, embedded IPv4 and brackets, and prints RFC 5952 form', () => {
		expect(fmt('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
		expect(fmt('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
		expect(fmt('::')).toBe('::');
		expect(fmt('::1')).toBe('::1');
		expect(fmt('fe80::')).toBe('fe80::');
		expect(fmt('[2001:db8::1]')).toBe('2001:db8::1');
		expect(fmt('[2001:db8::1]:8443')).toBe('2001:db8::1');
		expect(fmt('64:ff9b::192.0.2.1')).toBe('64:ff9b::c000:201');
		expect(fmt('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
		for (const bad of ['1::2::3', ':::', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', 'fe80::1%eth0', '[::1', '::1]', '1:2:3:4:5:6:7', '::ffff:1.2.3.256']) {
			expect(parseAddress(bad)).toBeUndefined();
		}
	});

	it('treats IPv4-mapped IPv6 as the IPv4 address', () => {
		expect(fmt('::ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(fmt('::FFFF:c000:0201')).toBe('192.0.2.1');
		expect(fmt('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(fmt('192.0.2.1:443')).toBe('192.0.2.1');
	});

	it('never throws on hostile input (property)', () => {
		const addressLike = fc.oneof(
			hostileString(60),
			fc.ipV4(),
			fc.ipV6(),
			fc.tuple(fc.ipV6(), hostileString(8)).map(([ip, junk]) => ip + junk),
			fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 140 })).map(([ip, bits]) => `${ip}/${bits}`),
		);
		fc.assert(
			fc.property(addressLike, (value) => {
				expect(() => parseAddress(value)).not.toThrow();
				expect(() => parseCidr(value)).not.toThrow();
			}),
			{ numRuns: 3000 },
		);
	});

	it('round-trips random addresses through their printed form (property)', () => {
		// Runs of zeros are what makes "::" placement tricky: make them common.
		const bytes = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: 16, maxLength: 16 }).map((list) => Uint8Array.from(list));
		fc.assert(
			fc.property(bytes, (address) => {
				expect(parseAddress(formatAddress(address))).toEqual(address);
			}),
			{ numRuns: 2000 },
		);
	});

	it('parses whatever fast-check calls a valid IPv4 or IPv6 address, equal to Node\'s own reading', () => {
		fc.assert(
			fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
				const address = parseAddress(text);
				expect(address).toBeDefined();
				expect(isIP(formatAddress(address!))).not.toBe(0);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('CIDR ranges', () => {
	it('matches IPv4 ranges', () => {
		expect(inRange('10.0.0.0/8', '10.255.1.2')).toBe(true);
		expect(inRange('10.0.0.0/8', '11.0.0.0')).toBe(false);
		expect(inRange('192.0.2.128/25', '192.0.2.200')).toBe(true);
		expect(inRange('192.0.2.128/25', '192.0.2.127')).toBe(false);
		expect(inRange('192.0.2.1', '192.0.2.1')).toBe(true);
		expect(inRange('192.0.2.1/32', '192.0.2.2')).toBe(false);
		expect(inRange('0.0.0.0/0', '8.8.8.8')).toBe(true);
		expect(inRange('192.0.2.0/31', '192.0.2.1')).toBe(true);
		expect(inRange('192.0.2.0/31', '192.0.2.2')).toBe(false);
	});

	it('matches IPv6 ranges, at bit (not byte) precision', () => {
		expect(inRange('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
		expect(inRange('2001:db8::/32', '2001:db9::')).toBe(false);
		expect(inRange('2001:db8::/33', '2001:db8:7fff::')).toBe(true);
		expect(inRange('2001:db8::/33', '2001:db8:8000::')).toBe(false);
		expect(inRange('::1/128', '::1')).toBe(true);
		expect(inRange('::/0', '2001:db8::1')).toBe(true);
	});

	it('lets IPv4 rules match IPv4-mapped clients and mapped rules match IPv4 clients', () => {
		expect(inRange('192.0.2.0/24', '::ffff:192.0.2.9')).toBe(true);
		expect(inRange('::ffff:192.0.2.0/120', '192.0.2.9')).toBe(true);
		expect(inRange('::ffff:0:0/96', '8.8.8.8')).toBe(true);
		expect(inRange('192.0.2.0/24', '2001:db8::c000:209')).toBe(false);
	});

	it('refuses invalid ranges, with a message that names the entry', () => {
		for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/x', '[::1]/128', '1.2.3.4:80/32', 'x']) {
			expect(parseCidr(bad)).toBeUndefined();
		}
		expect(() => parseCidrList('10.0.0.0/8, nope')).toThrow(new CidrListError('"nope" is not an IP address or CIDR range'));
		expect(parseCidrList(' 10.0.0.0/8 ,, 2001:db8::/32 ').map((cidr) => cidr.text)).toEqual(['10.0.0.0/8', '2001:db8::/32']);
		expect(parseCidrList(undefined)).toEqual([]);
	});

	it('matches a list', () => {
		const list = parseCidrList('10.0.0.0/8 192.0.2.1');
		expect(inAnyCidr(list, parseAddress('192.0.2.1')!)).toBe(true);
		expect(inAnyCidr(list, parseAddress('192.0.2.2')!)).toBe(false);
	});
});

describe('X-Forwarded-For', () => {
	const trusted = parseCidrList('10.0.0.0/8, fd00::/8');
	const client = (header: unknown, proxies = trusted) => {
		const address = clientFromForwardedFor(header, proxies);
		return address ? formatAddress(address) : undefined;
	};

	it('reads from the right, skipping trusted proxies', () => {
		expect(client('198.51.100.7')).toBe('198.51.100.7');
		expect(client('198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
		expect(client('1.1.1.1, 198.51.100.7, 10.0.0.2, 10.0.0.3')).toBe('198.51.100.7');
		expect(client('2001:db8::5, fd00::1')).toBe('2001:db8::5');
		expect(client('[2001:db8::5]:1234, 10.0.0.9')).toBe('2001:db8::5');
	});

	it('does not let a client spoof its way past the trusted hops', () => {
		// The client sent "X-Forwarded-For: 10.0.0.99, 203.0.113.1" itself; the proxy appended the real peer.
		expect(client('10.0.0.99, 203.0.113.1, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
	});

	it('takes the rightmost entry when no proxies are listed (one proxy in front of n8n)', () => {
		expect(client('203.0.113.1, 198.51.100.7', [])).toBe('198.51.100.7');
	});

	it('gives up on a garbled chain, an empty header or a list of only trusted hops', () => {
		expect(client('198.51.100.7, garbage, 10.0.0.2')).toBeUndefined();
		expect(client('')).toBeUndefined();
		expect(client(undefined)).toBeUndefined();
		expect(client('10.0.0.1, 10.0.0.2')).toBe('10.0.0.1');
		expect(client(Array.from({ length: 100 }, () => '10.0.0.1').join(','))).toBeUndefined();
	});

	it('joins repeated headers (a list) in order', () => {
		expect(client(['198.51.100.7', '10.0.0.2'])).toBe('198.51.100.7');
	});

	it('is used only when the proxy is trusted, or when a field names the address', () => {
		const item = { headers: { 'x-forwarded-for': '198.51.100.7' }, query: {}, body: {}, meta: { ip: '::ffff:192.0.2.4' } };
		const view = requestView(item);
		const base = { field: '', trustForwardedFor: false, forwardedForHeader: 'X-Forwarded-For', trustedProxies: [] };
		expect(clientAddress(item, view, base)).toBeUndefined();
		expect(formatAddress(clientAddress(item, view, { ...base, trustForwardedFor: true })!)).toBe('198.51.100.7');
		expect(formatAddress(clientAddress(item, view, { ...base, field: 'meta.ip' })!)).toBe('192.0.2.4');
		expect(clientAddress(item, view, { ...base, field: 'meta.missing' })).toBeUndefined();
	});
});
