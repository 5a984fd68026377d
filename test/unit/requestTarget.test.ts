import { parseKeyConfig } from '../../shared/key/config';
import { assertUrlAllowed } from '../../shared/hosts';
import { resolveUrl } from '../../shared/url';
import { CANARY, CANARY_ASCII, expectKeyConfigError } from '../helpers/secretAssertions';

describe('resolveUrl', () => {
	describe('without a Base URL', () => {
		it('keeps an absolute URL', () => {
			const url = resolveUrl('https://api.example.com/v1/items?a=1#frag', '');
			expect(url).toBeInstanceOf(URL);
			expect(url.toString()).toBe('https://api.example.com/v1/items?a=1#frag');
		});

		it('accepts http and any scheme case, trimming spaces', () => {
			expect(resolveUrl('  HTTP://API.example.com:8080/x  ', '').toString()).toBe(
				'http://api.example.com:8080/x',
			);
		});

		it.each(['items', '/items', 'api.example.com/items'])(
			'refuses the relative path %j',
			(path) => {
				const error = expectKeyConfigError(
					() => resolveUrl(path, ''),
					/is not a full URL and the API Key credential has no Base URL/,
				);
				expect(error.message).toContain(`"${path}"`);
				expect(error.description).toMatch(/full URL such as https:\/\/api\.example\.com/);
			},
		);

		it.each(['', '   '])('refuses an empty URL (%j)', (url) => {
			expectKeyConfigError(() => resolveUrl(url, ''), /No URL to call/);
		});
	});

	describe('with a Base URL', () => {
		it.each([
			['https://api.example.com/v1', 'items'],
			['https://api.example.com/v1', '/items'],
			['https://api.example.com/v1/', 'items'],
			['https://api.example.com/v1/', '/items'],
			['https://api.example.com/v1', '  /items  '],
		])('joins %j and %j with exactly one slash', (base, path) => {
			expect(resolveUrl(path, base).toString()).toBe('https://api.example.com/v1/items');
		});

		it('joins onto a Base URL without a path', () => {
			expect(resolveUrl('items', 'https://api.example.com').toString()).toBe(
				'https://api.example.com/items',
			);
			expect(resolveUrl('/items', 'https://api.example.com/').toString()).toBe(
				'https://api.example.com/items',
			);
		});

		it('keeps the query string of the path and the port of the base', () => {
			expect(resolveUrl('items?page=2&q=a b', 'http://localhost:5678/api').toString()).toBe(
				'http://localhost:5678/api/items?page=2&q=a%20b',
			);
		});

		it.each(['https://api.example.com/v1?token=abc', 'https://api.example.com/v1#x', 'https://api.example.com/v1?'])(
			'refuses the Base URL %j with a query or fragment, for every URL',
			(base) => {
				for (const path of ['', 'items', '/items']) {
					expectKeyConfigError(() => resolveUrl(path, base), /contains a query \(\?…\) or fragment/);
				}
			},
		);

		it('refuses a Base URL with a user name or password, for every URL', () => {
			for (const path of ['', 'items']) {
				expectKeyConfigError(() => resolveUrl(path, 'https://user:pw@api.example.com/v1'), /user name or password/);
			}
		});

		it('returns the Base URL itself for an empty path', () => {
			expect(resolveUrl('', 'https://api.example.com/v1').toString()).toBe(
				'https://api.example.com/v1',
			);
			expect(resolveUrl('  ', 'https://api.example.com/v1/').toString()).toBe('https://api.example.com/v1/');
		});

		it('lets an absolute URL override the Base URL', () => {
			expect(
				resolveUrl('https://other.example.org/x', 'https://api.example.com/v1').toString(),
			).toBe('https://other.example.org/x');
		});

		it.each([
			'//evil.example/x',
			'https:evil.example',
			'\\\\evil.example\\x',
			'../../evil.example',
		])('refuses %j with a clear error instead of guessing a host', (path) => {
			expectKeyConfigError(() => resolveUrl(path, 'https://api.example.com/v1'), /starts with \/\/|backslash|leaves the Base URL's path|not a valid URL|evil/);
		});

		it.each(['///items', '//evil.example/x'])('names the // at the start of %j', (path) => {
			expectKeyConfigError(() => resolveUrl(path, 'https://api.example.com/v1'), /starts with \/\//);
		});

		it.each(['../x', 'a/../../x', '%2e%2e/x', 'a/%2E%2E/%2e%2E/x'])('keeps %j from climbing above the Base URL path', (path) => {
			expectKeyConfigError(() => resolveUrl(path, 'https://api.example.com/v1'), /leaves the Base URL's path \/v1/);
		});

		it('keeps "@evil.example/x" a path on the Base URL host', () => {
			expect(resolveUrl('@evil.example/x', 'https://api.example.com/v1').hostname).toBe('api.example.com');
		});

		it('allows .. that stays below the Base URL path', () => {
			expect(resolveUrl('a/../b', 'https://api.example.com/v1').toString()).toBe('https://api.example.com/v1/b');
		});

		it.each(['not a url', 'api.example.com/v1', '   '])(
			'refuses the invalid Base URL %j',
			(base) => {
				expectKeyConfigError(() => resolveUrl('items', base), /The Base URL is not a valid URL/);
			},
		);

		it.each(['ftp://files.example.com', 'file:///etc', 'ws://api.example.com'])(
			'refuses the Base URL %j that is not http(s)',
			(base) => {
				expectKeyConfigError(
					() => resolveUrl('items', base),
					/The Base URL must start with http:\/\/ or https:\/\//,
				);
			},
		);
	});

	describe('invalid URLs', () => {
		it.each(['http://', 'https://exa mple.com/', 'https://[::1/'])('refuses %j', (url) => {
			expectKeyConfigError(() => resolveUrl(url, ''), /The URL is not a valid URL/);
			expectKeyConfigError(
				() => resolveUrl(url, 'https://api.example.com'),
				/The URL is not a valid URL/,
			);
		});

		it.each([
			'ftp://files.example.com/a',
			'FILE:///etc/passwd',
			'javascript://x',
			'ws://api.example.com',
		])('refuses the non-http URL %j even with a Base URL', (url) => {
			expectKeyConfigError(
				() => resolveUrl(url, 'https://api.example.com'),
				/The URL must start with http:\/\/ or https:\/\//,
			);
		});
	});
});

describe('assertUrlAllowed', () => {
	const restricted = parseKeyConfig({
		apiKey: CANARY,
		placement: 'query',
		allowedHosts: 'api.example.com, *.example.org',
	});

	it.each([
		'https://api.example.com/x',
		'https://API.EXAMPLE.COM./x',
		'https://a.example.org/',
		'https://a.b.example.org/',
	])('lets %j through', (url) => {
		expect(() => assertUrlAllowed(new URL(url), restricted)).not.toThrow();
	});

	it.each([
		['https://evil.example/x', 'evil.example'],
		['https://example.org/', 'example.org'],
		['https://badexample.org/', 'badexample.org'],
		['https://api.example.com.evil.example/', 'api.example.com.evil.example'],
		['http://api.example.com/', 'http://api.example.com'],
		['https://api.example.com:8443/', 'api.example.com:8443'],
	])('refuses %j, naming the origin but not the key', (url, host) => {
		const error = expectKeyConfigError(
			() => assertUrlAllowed(new URL(url), restricted),
			new RegExp(`does not allow sending its key to ${new URL(url).origin.replace(/[.:/]/g, '\\$&')}:`),
			[CANARY],
		);
		expect(error.message).toMatch(/add it to Allowed Hosts/);
		expect(host).not.toBe('');
		expect(error.description).toBe(
			'Allowed hosts: api.example.com, *.example.org. A host without a scheme allows https on its default port only; write http://host or host:port for anything else. Nothing was sent.',
		);
	});

	it('refuses every host when the credential has neither Base URL nor Allowed Hosts', () => {
		expectKeyConfigError(() => parseKeyConfig({ apiKey: CANARY_ASCII }), /does not say where its key may be sent/, [CANARY_ASCII]);
		expect(() => parseKeyConfig({ apiKey: CANARY_ASCII, allowedHosts: '*' })).not.toThrow();
	});

	it('defaults to the Base URL origin', () => {
		const config = parseKeyConfig({ apiKey: CANARY_ASCII, baseUrl: 'https://api.example.com/v1' });
		expect(() => assertUrlAllowed(new URL('https://api.example.com/other'), config)).not.toThrow();
		const error = expectKeyConfigError(
			() => assertUrlAllowed(new URL('https://sub.api.example.com/'), config),
			/sub\.api\.example\.com/,
			[CANARY_ASCII],
		);
		expect(error.description).toContain('Allowed hosts: api.example.com.');
	});

	it('allows any http(s) origin with Allowed Hosts *', () => {
		const config = parseKeyConfig({ apiKey: CANARY_ASCII, allowedHosts: '*' });
		expect(() => assertUrlAllowed(new URL('https://anything.test/'), config)).not.toThrow();
		expect(() => assertUrlAllowed(new URL('http://127.0.0.1:9/'), config)).not.toThrow();
	});

	it('says "none" when no host is allowed', () => {
		const config = { ...parseKeyConfig({ apiKey: CANARY_ASCII, allowedHosts: '*' }), allowedHosts: [] };
		const error = expectKeyConfigError(
			() => assertUrlAllowed(new URL('https://api.example.com/'), config),
			/does not allow sending its key to https:\/\/api\.example\.com/,
			[CANARY_ASCII],
		);
		expect(error.description).toMatch(/^Allowed hosts: none\. .* Nothing was sent\.$/);
	});
});
