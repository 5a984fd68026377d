import { isDomainAllowed } from 'n8n-workflow';

import { KeyConfigError } from '../../shared/errors';
import { hostMatches, normalizeHost, parseHostList, resolveAllowedHosts, toAllowedDomainsOption, urlAllowed } from '../../shared/hosts';

const ANY_HOST = ['*'];

describe('normalizeHost', () => {
	it.each([
		['api.example.com', 'api.example.com'],
		['  API.Example.COM  ', 'api.example.com'],
		['api.example.com.', 'api.example.com'],
		['[::1]', '::1'],
		['[2001:DB8::1]', '2001:db8::1'],
		['', ''],
	])('normalizes %j to %j', (input, expected) => {
		expect(normalizeHost(input)).toBe(expected);
	});
});

describe('parseHostList', () => {
	it('splits on commas, spaces and line breaks and drops empty entries', () => {
		expect(
			parseHostList('a.example.com,b.example.com  c.example.com\nd.example.com,\t, ,e.example.com'),
		).toEqual([
			'a.example.com',
			'b.example.com',
			'c.example.com',
			'd.example.com',
			'e.example.com',
		]);
	});

	it.each(['', '   ', ',,', '\n'])('returns nothing for %j', (value) => {
		expect(parseHostList(value)).toEqual([]);
	});

	it.each([
		['https://api.example.com/v1/items?x=1', 'api.example.com'],
		['HTTP://API.Example.com:8080', 'http://api.example.com:8080'],
		['http://api.example.com:80/x', 'http://api.example.com'],
		['http://localhost:5678', 'http://localhost:5678'],
		['https://*.example.com/', '*.example.com'],
		['api.example.com:443', 'api.example.com'],
		['api.example.com/v1', 'api.example.com'],
		['api.example.com:8443/v1/items', 'api.example.com:8443'],
		['API.EXAMPLE.COM.', 'api.example.com'],
		['*.Example.com', '*.example.com'],
		['*', '*'],
		['[::1]', '::1'],
		['[::1]:8080', '[::1]:8080'],
		['https://[::1]:8080/x', '[::1]:8080'],
		['http://[::1]', 'http://[::1]'],
		['2001:db8::1', '2001:db8::1'],
		['2001:0DB8:0:0::1', '2001:db8::1'],
		['bücher.example', 'xn--bcher-kva.example'],
		['*.Bücher.example', '*.xn--bcher-kva.example'],
		['https://bücher.example/x', 'xn--bcher-kva.example'],
	])('reads the pasted %j as %j', (pasted, expected) => {
		expect(parseHostList(pasted)).toEqual([expected]);
	});
});

describe('parseHostList fails closed', () => {
	it.each([
		['*.', '*.'],
		['api.example.com, *.', '*.'],
		['*.*', '*.*'],
		['**', '**'],
		['*example.com', '*example.com'],
		['api.*.example.com', 'api.*.example.com'],
		['exa%mple.com', 'exa%mple.com'],
		['api..example.com', 'api..example.com'],
		['-api.example.com', '-api.example.com'],
		['api_<x>.example.com', 'api_<x>.example.com'],
		['999.1.1.1', '999.1.1.1'],
		['https://', 'https://'],
		['https://user:pw@api.example.com/', 'https://user:pw@api.example.com/'],
		['ftp://api.example.com', 'ftp://api.example.com'],
		['api.example.com:0', 'api.example.com:0'],
		['api.example.com:70000', 'api.example.com:70000'],
	])('refuses %j, naming the entry', (list, entry) => {
		let thrown: unknown;
		try {
			parseHostList(list);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(KeyConfigError);
		if (entry !== undefined) expect((thrown as Error).message).toContain(`"${entry}"`);
		expect((thrown as Error).message).toMatch(/^Allowed Hosts: ".*" is not a host name, \*\.domain or \*$/);
	});

	it('never turns an unfinished wildcard into "any host"', () => {
		for (const list of ['*.', 'api.example.com, *.', '*. ']) {
			expect(() => resolveAllowedHosts(list, 'https://api.example.com')).toThrow(KeyConfigError);
		}
	});
});

describe('hostMatches', () => {
	const patterns = parseHostList('api.example.com, *.example.org');

	it('matches an exact host, ignoring case and a trailing dot', () => {
		expect(hostMatches('api.example.com', patterns)).toBe(true);
		expect(hostMatches('API.Example.COM', patterns)).toBe(true);
		expect(hostMatches('api.example.com.', patterns)).toBe(true);
	});

	it('does not match other hosts of the same domain or look-alikes', () => {
		expect(hostMatches('example.com', patterns)).toBe(false);
		expect(hostMatches('www.example.com', patterns)).toBe(false);
		expect(hostMatches('api.example.com.evil.com', patterns)).toBe(false);
		expect(hostMatches('evilapi.example.com', patterns)).toBe(false);
		expect(hostMatches('api.example.co', patterns)).toBe(false);
	});

	it('matches any depth of subdomain for *.example.com, but not the apex or a look-alike', () => {
		const wildcard = parseHostList('*.example.com');
		expect(hostMatches('a.example.com', wildcard)).toBe(true);
		expect(hostMatches('a.b.example.com', wildcard)).toBe(true);
		expect(hostMatches('A.EXAMPLE.COM.', wildcard)).toBe(true);
		expect(hostMatches('example.com', wildcard)).toBe(false);
		expect(hostMatches('.example.com', wildcard)).toBe(false);
		expect(hostMatches('badexample.com', wildcard)).toBe(false);
		expect(hostMatches('example.com.evil.com', wildcard)).toBe(false);
		expect(hostMatches('a.example.com.evil.com', wildcard)).toBe(false);
	});

	it('matches every host with *', () => {
		expect(hostMatches('anything.test', ['*'])).toBe(true);
		expect(hostMatches('127.0.0.1', ANY_HOST)).toBe(true);
		expect(hostMatches('::1', ANY_HOST)).toBe(true);
	});

	it('never matches an empty host', () => {
		expect(hostMatches('', ANY_HOST)).toBe(false);
		expect(hostMatches('  ', ['*'])).toBe(false);
	});

	it('matches nothing with an empty list or a bare "*." pattern', () => {
		expect(hostMatches('api.example.com', [])).toBe(false);
		expect(hostMatches('a.b', ['*.'])).toBe(false);
	});

	it('matches IP addresses exactly, IPv6 with or without brackets', () => {
		const ips = parseHostList('10.0.0.1, [::1]:8080');
		expect(hostMatches('10.0.0.1', ips)).toBe(true);
		expect(hostMatches('10.0.0.10', ips)).toBe(false);
		expect(hostMatches('[::1]', ips)).toBe(true);
		expect(hostMatches(new URL('http://[::1]:9/').hostname, ips)).toBe(true);
	});

	it('matches internationalized hosts as URLs spell them', () => {
		const idn = parseHostList('bücher.example, *.müller.example');
		expect(hostMatches(new URL('https://bücher.example/').hostname, idn)).toBe(true);
		expect(hostMatches(new URL('https://shop.müller.example/').hostname, idn)).toBe(true);
		expect(hostMatches(new URL('https://buecher.example/').hostname, idn)).toBe(false);
	});
});

describe('resolveAllowedHosts', () => {
	it('uses the explicit list when there is one', () => {
		expect(
			resolveAllowedHosts('a.example.com, *.b.example.com', 'https://api.example.com').patterns,
		).toEqual(['a.example.com', '*.b.example.com']);
	});

	it.each([
		['https://api.example.com/v1', 'api.example.com'],
		['  HTTPS://API.Example.com:8443/v1/  ', 'api.example.com:8443'],
		['https://api.example.com./', 'api.example.com'],
		['http://[::1]:3000', 'http://[::1]:3000'],
		['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080'],
		['https://bücher.example', 'xn--bcher-kva.example'],
	])('defaults to the origin of the Base URL %j', (baseUrl, host) => {
		expect(resolveAllowedHosts('', baseUrl).patterns).toEqual([host]);
		expect(resolveAllowedHosts(' , ', baseUrl).patterns).toEqual([host]);
	});

	it('allows no host when the Base URL cannot be parsed', () => {
		expect(resolveAllowedHosts('', 'not a url').patterns).toEqual([]);
	});

	it('allows no host at all when neither list nor Base URL is set, saying what to set', () => {
		for (const [list, base] of [['', ''], ['  ', '   ']]) {
			expect(() => resolveAllowedHosts(list, base)).toThrow(KeyConfigError);
			expect(() => resolveAllowedHosts(list, base)).toThrow('does not say where its key may be sent');
		}
		expect(resolveAllowedHosts('*', '').patterns).toEqual(['*']);
	});

	it('says where the list came from', () => {
		expect(resolveAllowedHosts('a.example.com', 'https://api.example.com').source).toBe('list');
		expect(resolveAllowedHosts('', 'https://api.example.com').source).toBe('baseUrl');

	});

	it('keeps * from the explicit list', () => {
		expect(resolveAllowedHosts('*', 'https://api.example.com').patterns).toEqual(['*']);
	});
});

describe('toAllowedDomainsOption', () => {
	it('is undefined when any host is allowed', () => {
		expect(toAllowedDomainsOption(ANY_HOST)).toBeUndefined();
		expect(toAllowedDomainsOption(['api.example.com', '*'])).toBeUndefined();
	});

	it('keeps the hosts of origins, once each', () => {
		expect(toAllowedDomainsOption(['api.example.com:8443', 'http://api.example.com', 'http://[::1]:3000'])).toBe('api.example.com,[::1]');
	});

	it('joins the patterns with commas', () => {
		expect(toAllowedDomainsOption(['api.example.com', '*.example.org'])).toBe(
			'api.example.com,*.example.org',
		);
	});

	it('puts IPv6 addresses in brackets', () => {
		expect(toAllowedDomainsOption(['::1', 'a.example.com'])).toBe('[::1],a.example.com');
	});

	describe('agrees with the check n8n itself runs (isDomainAllowed)', () => {
		const lists = [
			'api.example.com',
			'*.example.com',
			'api.example.com, *.example.org',
			'https://api.example.com:8443/v1',
			'API.EXAMPLE.COM.',
			'[::1]:8080',
			'10.0.0.1',
			'bücher.example',
		];
		const urls = [
			'https://api.example.com/x',
			'https://API.example.com./x',
			'https://example.com/',
			'https://a.example.com/',
			'https://a.b.example.com/',
			'https://badexample.com/',
			'https://x.example.org/',
			'https://example.org/',
			'http://[::1]:8080/',
			'http://10.0.0.1/',
			'http://10.0.0.10/',
			'https://bücher.example/',
		];
		it.each(lists.map((list) => [list]))('for the list %j', (list) => {
			const patterns = parseHostList(list);
			const option = toAllowedDomainsOption(patterns);
			expect(option).toBeDefined();
			for (const url of urls) {
				const ours = hostMatches(new URL(url).hostname, patterns);
				const n8n = isDomainAllowed(url, { allowedDomains: option as string });
				expect({ url, allowed: ours }).toEqual({ url, allowed: n8n });
			}
		});
	});
});

describe('urlAllowed: the origin, not only the host', () => {
	const list = parseHostList('api.example.com, *.example.org, api.example.net:8443, http://localhost:5678, http://[::1]');
	it.each([
		['https://api.example.com/x', true],
		['https://api.example.com:443/x', true],
		['http://api.example.com/x', false],
		['https://api.example.com:8443/x', false],
		['https://a.example.org/', true],
		['http://a.example.org/', false],
		['https://a.example.org:444/', false],
		['https://api.example.net:8443/', true],
		['https://api.example.net/', false],
		['http://api.example.net:8443/', false],
		['http://localhost:5678/rest', true],
		['https://localhost:5678/rest', false],
		['http://localhost:5679/', false],
		['http://localhost/', false],
		['http://[::1]/', true],
		['http://[::1]:80/', true],
		['http://[::1]:8080/', false],
		['ftp://api.example.com/', false],
	])('%s: %s', (url, allowed) => {
		expect(urlAllowed(new URL(url), list)).toBe(allowed);
	});

	it('follows a Base URL to its exact origin: never plain http after an https Base URL, never another port', () => {
		const fromBase = resolveAllowedHosts('', 'https://api.example.com/v1').patterns;
		expect(urlAllowed(new URL('https://api.example.com/v2/x'), fromBase)).toBe(true);
		expect(urlAllowed(new URL('http://api.example.com/v1/x'), fromBase)).toBe(false);
		expect(urlAllowed(new URL('https://api.example.com:8443/v1/x'), fromBase)).toBe(false);
		const local = resolveAllowedHosts('', 'http://127.0.0.1:3000').patterns;
		expect(urlAllowed(new URL('http://127.0.0.1:3000/x'), local)).toBe(true);
		expect(urlAllowed(new URL('http://127.0.0.1:3001/x'), local)).toBe(false);
	});

	it('lets * allow any http(s) origin and nothing else', () => {
		expect(urlAllowed(new URL('http://127.0.0.1:9/'), ['*'])).toBe(true);
		expect(urlAllowed(new URL('https://x.test/'), ['*'])).toBe(true);
		expect(urlAllowed(new URL('file:///etc/passwd'), ['*'])).toBe(false);
	});
});
