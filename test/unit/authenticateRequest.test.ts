/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import axios from 'axios';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { authenticateRequestOptions } from '../../shared/credential/authenticate';
import { keyConfig as parseKeyConfig } from '../helpers/keyConfig';
import { type KeyConfig } from '../../shared/types';
import { CANARY, CANARY_ASCII, decodeBasic, expectKeyConfigError } from '../helpers/secretAssertions';

type LegacyOptions = IHttpRequestOptions & {
	uri?: string;
	form?: Record<string, unknown>;
	formData?: Record<string, unknown>;
};

function config(data: Record<string, unknown>): KeyConfig {
	const where = data.baseUrl || data.allowedHosts ? {} : { allowedHosts: '*' };
	return parseKeyConfig({ apiKey: CANARY, placement: 'query', ...where, ...data });
}

function run(options: Partial<LegacyOptions>, keyConfig: KeyConfig): LegacyOptions {
	return authenticateRequestOptions(options as IHttpRequestOptions, keyConfig) as LegacyOptions;
}

/** The URL axios (and so n8n) would call for these options. */
function sentUrl(options: LegacyOptions): URL {
	return new URL(
		axios.getUri({
			baseURL: options.baseURL,
			url: options.url ?? options.uri,
			params: options.qs,
		}),
	);
}

describe('authenticateRequestOptions', () => {
	describe('request URL', () => {
		it('keeps an absolute url and adds no baseURL', () => {
			const out = run({ url: 'https://api.example.com/items', method: 'GET' }, config({}));
			expect(out.url).toBe('https://api.example.com/items');
			expect(out.baseURL).toBeUndefined();
			expect(out.method).toBe('GET');
		});

		it('keeps an absolute url over the credential Base URL', () => {
			const out = run(
				{ url: 'https://api.example.com/other' },
				config({ baseUrl: 'https://api.example.com/v1' }),
			);
			expect(out.url).toBe('https://api.example.com/other');
			expect(out.baseURL).toBeUndefined();
		});

		it('accepts the legacy uri', () => {
			const out = run({ uri: 'https://api.example.com/items' }, config({}));
			expect(out.uri).toBe('https://api.example.com/items');
			expect(out.url).toBeUndefined();
			expect(out.baseURL).toBeUndefined();
			expect(sentUrl(out).searchParams.get('api_key')).toBe(CANARY);
		});

		it('resolves a relative url against the credential Base URL', () => {
			const out = run({ url: '/items' }, config({ baseUrl: 'https://api.example.com/v1' }));
			expect(out.url).toBe('/items');
			expect(out.baseURL).toBe('https://api.example.com/v1');
			const url = sentUrl(out);
			expect(`${url.origin}${url.pathname}`).toBe('https://api.example.com/v1/items');
			expect(url.searchParams.get('api_key')).toBe(CANARY);
		});

		it('resolves a relative legacy uri against the credential Base URL', () => {
			const out = run({ uri: 'items' }, config({ baseUrl: 'https://api.example.com/v1/' }));
			expect(out.uri).toBe('items');
			expect(out.baseURL).toBe('https://api.example.com/v1/');
		});

		it('uses the Base URL itself when the request has no URL', () => {
			const out = run({ method: 'GET' }, config({ baseUrl: 'https://api.example.com/v1' }));
			expect(out.url).toBe('https://api.example.com/v1');
			expect(out.baseURL).toBeUndefined();
		});

		it('uses the Base URL when the credential test sends empty url and baseURL', () => {
			const out = run({ url: '', baseURL: '' }, config({ baseUrl: 'https://api.example.com/v1' }));
			expect(out.url).toBe('https://api.example.com/v1');
			expect(sentUrl(out).hostname).toBe('api.example.com');
		});

		it("keeps the request's own baseURL", () => {
			const out = run(
				{ url: '/me', baseURL: 'https://api.example.com/v2' },
				config({ baseUrl: 'https://api.example.com/v1' }),
			);
			expect(out.url).toBe('/me');
			expect(out.baseURL).toBe('https://api.example.com/v2');
		});

		it('checks the host of the request baseURL, not the credential Base URL', () => {
			const keyConfig = config({ baseUrl: 'https://api.example.com/v1' });
			const error = expectKeyConfigError(
				() => run({ url: '/me', baseURL: 'https://other.example.com' }, keyConfig),
				/does not allow sending its key to https:\/\/other\.example\.com/,
				[CANARY],
			);
			expect(error.description).toContain('api.example.com');
		});

		it('refuses a relative url without any Base URL', () => {
			expectKeyConfigError(() => run({ url: '/items' }, config({})), /is not a full URL/, [CANARY]);
		});

		it('refuses a request without any URL', () => {
			expectKeyConfigError(() => run({ method: 'GET' }, config({})), /No URL to call/, [CANARY]);
		});

		it('refuses a non-http URL', () => {
			expectKeyConfigError(
				() => run({ url: 'ftp://api.example.com/x' }, config({})),
				/must start with http:\/\/ or https:\/\//,
				[CANARY],
			);
		});
	});

	describe('allowed hosts', () => {
		it.each([
			[{ url: 'https://evil.example/steal' }, 'evil.example'],
			[{ uri: 'https://evil.example/steal' }, 'evil.example'],
			[{ url: 'https://api.example.com.evil.example/' }, 'api.example.com.evil.example'],
			[{ url: 'https://example.com/' }, 'example.com'],
		])(
			'refuses %j before touching the request, naming the host but not the key',
			(options, host) => {
				const keyConfig = config({ allowedHosts: 'api.example.com, *.api.example.com' });
				const error = expectKeyConfigError(
					() => run(options, keyConfig),
					new RegExp(`does not allow sending its key to https://${host.replace(/\./g, '\\.')}:`),
					[CANARY],
				);
				expect(error.description).toBe(
					'Allowed hosts: api.example.com, *.api.example.com. A host without a scheme allows https on its default port only; write http://host or host:port for anything else. Nothing was sent.',
				);
			},
		);

		it('refuses every host but the Base URL host by default', () => {
			const keyConfig = config({ baseUrl: 'https://api.example.com' });
			expect(() => run({ url: 'https://api.example.com/x' }, keyConfig)).not.toThrow();
			expectKeyConfigError(
				() => run({ url: 'https://www.example.com/x' }, keyConfig),
				/www\.example\.com/,
				[CANARY],
			);
		});

		it('lets wildcard subdomains through', () => {
			const keyConfig = config({ allowedHosts: '*.example.com' });
			expect(
				sentUrl(run({ url: 'https://a.b.example.com/x' }, keyConfig)).searchParams.get('api_key'),
			).toBe(CANARY);
		});

		it('pins allowedDomains to the request host so n8n refuses redirects to any other host', () => {
			expect(
				run({ url: 'https://api.example.com/x' }, config({ baseUrl: 'https://api.example.com' }))
					.allowedDomains,
			).toBe('api.example.com');
			expect(
				run(
					{ url: 'https://a.example.org/x' },
					config({ allowedHosts: 'api.example.com,*.example.org' }),
				).allowedDomains,
			).toBe('a.example.org');
		});

		it('pins redirects to the request host also when any host is allowed', () => {
			expect(run({ url: 'https://anything.test/x' }, config({})).allowedDomains).toBe('anything.test');
			expect(
				run({ url: 'https://Other.Test./x' }, config({ allowedHosts: '*' })).allowedDomains,
			).toBe('other.test');
			expect(run({ url: 'http://[::1]:8080/x' }, config({})).allowedDomains).toBe('[::1]');
		});

		it('never sends the credentials on cross-origin redirects', () => {
			expect(run({ url: 'https://a.test/' }, config({})).sendCredentialsOnCrossOriginRedirect).toBe(
				false,
			);
			expect(
				run({ url: 'https://a.test/', sendCredentialsOnCrossOriginRedirect: true }, config({}))
					.sendCredentialsOnCrossOriginRedirect,
			).toBe(false);
		});
	});

	describe('headers', () => {
		it('adds the key header and lets it win over the request headers, ignoring case', () => {
			const out = run(
				{
					url: 'https://api.example.com/',
					headers: { 'x-api-key': 'old', authorization: 'Bearer old', Accept: 'application/json' },
				},
				parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'header' }),
			);
			expect(out.headers).toEqual({
				authorization: 'Bearer old',
				Accept: 'application/json',
				'X-API-Key': CANARY_ASCII,
			});
		});

		it.each([
			['bearer', {}, `Bearer ${CANARY_ASCII}`],
			['authScheme', { scheme: 'Token' }, `Token ${CANARY_ASCII}`],
		])(
			'replaces an existing Authorization header with the %s one',
			(placement, extra, expected) => {
				const out = run(
					{ url: 'https://api.example.com/', headers: { AUTHORIZATION: 'Basic old' } },
					parseKeyConfig({ apiKey: CANARY_ASCII, placement, ...extra }),
				);
				expect(out.headers).toEqual({ Authorization: expected });
			},
		);

		it('sends Basic auth with the key as username, with and without password', () => {
			const without = run(
				{ url: 'https://api.example.com/', headers: { Authorization: 'Bearer x' } },
				parseKeyConfig({ apiKey: CANARY, placement: 'basicUsername' }),
			);
			expect(decodeBasic((without.headers as Record<string, string>).Authorization)).toBe(
				`${CANARY}:`,
			);
			const withPassword = run(
				{ url: 'https://api.example.com/' },
				parseKeyConfig({ apiKey: CANARY, placement: 'basicUsername', basicPassword: 'pw' }),
			);
			expect(decodeBasic((withPassword.headers as Record<string, string>).Authorization)).toBe(
				`${CANARY}:pw`,
			);
		});

		it('sends Basic auth with the key as password', () => {
			const out = run(
				{ url: 'https://api.example.com/' },
				parseKeyConfig({ apiKey: CANARY, placement: 'basicPassword', basicUsername: 'me' }),
			);
			expect(decodeBasic((out.headers as Record<string, string>).Authorization)).toBe(
				`me:${CANARY}`,
			);
		});

		it('merges the key cookie with the request cookies', () => {
			const out = run(
				{ url: 'https://api.example.com/', headers: { cookie: 'session=abc; api_key=old' } },
				parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'cookie' }),
			);
			expect(out.headers).toEqual({ Cookie: `session=abc; api_key=${CANARY_ASCII}` });
		});

		it('adds extra header fields', () => {
			const out = run(
				{ url: 'https://api.example.com/', headers: { 'x-version': 'old' } },
				parseKeyConfig({
					apiKey: CANARY_ASCII,
					placement: 'bearer',
					extraFields: {
						field: [
							{ name: 'X-Version', value: '2', secret: false },
							{ name: 'X-Secret', value: 'shh' },
						],
					},
				}),
			);
			expect(out.headers).toEqual({
				Authorization: `Bearer ${CANARY_ASCII}`,
				'X-Version': '2',
				'X-Secret': 'shh',
			});
		});

		it('does not change the caller headers', () => {
			const headers = { authorization: 'Bearer old' };
			run(
				{ url: 'https://api.example.com/', headers },
				parseKeyConfig({ apiKey: 'k', placement: 'bearer' }),
			);
			expect(headers).toEqual({ authorization: 'Bearer old' });
		});
	});

	describe('query', () => {
		it('adds the key and extra query fields to the request qs, the credential winning', () => {
			const qs = { page: 2, api_key: 'old' };
			const out = run(
				{ url: 'https://api.example.com/x', qs },
				config({ extraFields: { field: [{ location: 'query', name: 'account', value: 'a 1' }] } }),
			);
			expect(out.qs).toEqual({ page: 2, api_key: CANARY, account: 'a 1' });
			expect(qs).toEqual({ page: 2, api_key: 'old' });
			const url = sentUrl(out);
			expect(url.searchParams.get('api_key')).toBe(CANARY);
			expect(url.searchParams.get('account')).toBe('a 1');
			expect(url.searchParams.get('page')).toBe('2');
		});

		it('leaves qs alone when the credential adds no query parameter', () => {
			const out = run(
				{ url: 'https://api.example.com/x' },
				parseKeyConfig({ apiKey: 'k', placement: 'bearer' }),
			);
			expect(out).not.toHaveProperty('qs');
			const qs = { a: '1' };
			expect(
				run({ url: 'https://api.example.com/x', qs }, parseKeyConfig({ apiKey: 'k' })).qs,
			).toBe(qs);
		});
	});

	describe('body placement', () => {
		const json = config({ placement: 'body' });
		const form = config({ placement: 'body', bodyFormat: 'form', bodyFieldName: 'token' });
		const url = 'https://api.example.com/x';

		it('adds the key to a JSON object body without changing the caller body', () => {
			const body = { name: 'x', api_key: 'old' };
			const out = run({ url, method: 'POST', body }, json);
			expect(out.body).toEqual({ name: 'x', api_key: CANARY });
			expect(body).toEqual({ name: 'x', api_key: 'old' });
			expect(JSON.parse(JSON.stringify(out.body)).api_key).toBe(CANARY);
		});

		it.each([undefined, ''])('creates a JSON body when the request has none (%j)', (body) => {
			const out = run({ url, method: 'POST', body }, json);
			expect(out.body).toEqual({ api_key: CANARY });
			expect(out.headers).toEqual({});
		});

		it.each([undefined, ''])(
			'creates a form body when the request has none (%j) and the format is form',
			(body) => {
				const out = run({ url, method: 'POST', body, headers: { Accept: '*/*' } }, form);
				expect(typeof out.body).toBe('string');
				expect(new URLSearchParams(out.body as string).get('token')).toBe(CANARY);
				expect(out.body).toBe('token=canary-KEY-123+%C3%BC%22%5C');
				expect(out.headers).toEqual({
					Accept: '*/*',
					'Content-Type': 'application/x-www-form-urlencoded',
				});
			},
		);

		it.each([
			['Content-Type', 'application/x-www-form-urlencoded'],
			['content-type', 'application/x-www-form-urlencoded; charset=utf-8'],
			['CONTENT-TYPE', 'Application/X-WWW-Form-Urlencoded'],
		])('adds the key to a form string body (%s: %s)', (name, type) => {
			const out = run(
				{ url, method: 'POST', body: 'a=1&b=x+y&token=old', headers: { [name]: type } },
				form,
			);
			const params = new URLSearchParams(out.body as string);
			expect([...params.entries()]).toEqual([
				['a', '1'],
				['b', 'x y'],
				['token', CANARY],
			]);
			expect(out.headers).toEqual({ [name]: type });
		});

		it('adds the key to a form string body even when the credential format is JSON', () => {
			const out = run(
				{
					url,
					method: 'POST',
					body: 'a=1',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				},
				json,
			);
			expect(new URLSearchParams(out.body as string).get('api_key')).toBe(CANARY);
		});

		it('adds the key to a copy of a URLSearchParams body', () => {
			const body = new URLSearchParams('a=1&token=old');
			const out = run(
				{ url, method: 'POST', body: body as unknown as IHttpRequestOptions['body'] },
				form,
			);
			expect(out.body).toBeInstanceOf(URLSearchParams);
			expect((out.body as unknown as URLSearchParams).toString()).toBe(
				'a=1&token=canary-KEY-123+%C3%BC%22%5C',
			);
			expect(body.toString()).toBe('a=1&token=old');
		});

		it('adds the key to a legacy form object', () => {
			const formBody = { a: '1', token: 'old' };
			const out = run({ url, method: 'POST', form: formBody, body: 'ignored' }, form);
			expect(out.form).toEqual({ a: '1', token: CANARY });
			expect(formBody).toEqual({ a: '1', token: 'old' });
			expect(out.body).toBe('ignored');
		});

		it('adds the key to a legacy formData object', () => {
			const formData = { file: { value: Buffer.from('x'), options: { filename: 'x.txt' } } };
			const out = run({ url, method: 'POST', formData }, json);
			expect(out.formData).toEqual({ ...formData, api_key: CANARY });
			expect(formData).not.toHaveProperty('api_key');
		});

		class FormDataLike {
			append(): void {}
		}

		it.each([
			['a raw string', 'plain text'],
			['a JSON string without form content type', '{"a":1}'],
			['a Buffer', Buffer.from('bytes')],
		])('refuses %s without revealing the key', (_label, body) => {
			const error = expectKeyConfigError(
				() => run({ url, method: 'POST', body: body as IHttpRequestOptions['body'] }, json),
				/the body is raw data/,
				[CANARY],
			);
			expect(error.description).toMatch(/Send a JSON or form body/);
		});

		it.each([
			['a JSON array', [{ a: 1 }]],
			['a FormData-like object', new FormDataLike()],
		])('refuses %s without revealing the key', (_label, body) => {
			expectKeyConfigError(
				() =>
					run({ url, method: 'POST', body: body as unknown as IHttpRequestOptions['body'] }, form),
				/the body is not a JSON object/,
				[CANARY],
			);
		});

		it.each(['GET', 'get', 'HEAD', undefined])(
			'refuses a %s request, which n8n sends without body, naming the method but not the key',
			(method) => {
				const error = expectKeyConfigError(
					() => run({ url, method: method as IHttpRequestOptions['method'], body: { a: 1 } }, json),
					new RegExp(`${(method ?? 'GET').toUpperCase()} requests have no body`),
					[CANARY],
				);
				expect(error.message).toMatch(/use POST, PUT or PATCH/);
			},
		);

		it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('accepts a %s request', (method) => {
			const out = run({ url, method: method as IHttpRequestOptions['method'] }, json);
			expect(out.body).toEqual({ api_key: CANARY });
		});

		it('does not check the method for other placements', () => {
			expect(run({ url, method: 'GET' }, config({})).qs).toEqual({ api_key: CANARY });
			expect(
				run({ url, method: 'HEAD' }, parseKeyConfig({ apiKey: 'k', placement: 'cookie' })).headers,
			).toEqual({
				Cookie: 'api_key=k',
			});
		});

		it('leaves the body alone for other placements, raw bodies included', () => {
			const buffer = Buffer.from('bytes');
			const out = run(
				{ url, method: 'POST', body: buffer },
				parseKeyConfig({ apiKey: 'k', placement: 'bearer' }),
			);
			expect(out.body).toBe(buffer);
			const none = run({ url }, config({}));
			expect(none).not.toHaveProperty('body');
		});
	});

	it('returns a new object and leaves the caller options untouched', () => {
		const options: LegacyOptions = {
			url: '/x',
			method: 'POST',
			headers: { Accept: 'application/json' },
			qs: { a: '1' },
			body: { b: 2 },
		};
		const before = JSON.parse(JSON.stringify(options)) as unknown;
		const out = run(options, config({ placement: 'body', baseUrl: 'https://api.example.com' }));
		expect(out).not.toBe(options);
		expect(JSON.parse(JSON.stringify(options))).toEqual(before);
		expect(options).not.toHaveProperty('baseURL');
		expect(options).not.toHaveProperty('sendCredentialsOnCrossOriginRedirect');
	});
});

describe('authenticateRequestOptions: nothing routes the key past its origin', () => {
	const keyConfig = config({ baseUrl: 'https://api.example.com/v1' });

	it.each([
		['a proxy on a plain http request', { url: 'http://api.example.com/x', proxy: 'http://127.0.0.1:3128' }, config({ allowedHosts: 'http://api.example.com' }), /proxy cannot be used for a plain http request/],
		['a proxy object on a plain http request', { url: 'http://api.example.com/x', proxy: { host: '127.0.0.1', port: 3128 } }, config({ allowedHosts: 'http://api.example.com' }), /proxy cannot be used for a plain http request/],
		['a proxy with certificate checks off (skipSslCertificateValidation)', { url: 'https://api.example.com/x', proxy: 'http://127.0.0.1:3128', skipSslCertificateValidation: true }, keyConfig, /Ignore SSL Issues/],
		['a proxy with certificate checks off (rejectUnauthorized)', { url: 'https://api.example.com/x', proxy: 'http://127.0.0.1:3128', rejectUnauthorized: false }, keyConfig, /Ignore SSL Issues/],
		['a Host header naming another site', { url: 'https://api.example.com/x', headers: { Host: 'attacker.example' } }, keyConfig, /header Host cannot be set/],
		['an X-Forwarded-Host header naming another site', { url: 'https://api.example.com/x', headers: { 'x-forwarded-host': 'attacker.example' } }, keyConfig, /header x-forwarded-host cannot be set/],
		['a Forwarded header naming another host', { url: 'https://api.example.com/x', headers: { Forwarded: 'for=1.2.3.4;host="attacker.example";proto=https' } }, keyConfig, /header Forwarded cannot be set/],
		['plain http after an https Base URL', { url: 'http://api.example.com/v1/x' }, keyConfig, /sending its key to http:\/\/api\.example\.com:/],
		['another port of the Base URL host', { url: 'https://api.example.com:8443/v1/x' }, keyConfig, /sending its key to https:\/\/api\.example\.com:8443:/],
	])('refuses %s, with nothing sent', (_label, options, target, message) => {
		const error = expectKeyConfigError(() => run(options as Partial<LegacyOptions>, target), message, [CANARY]);
		expect(error.description).toContain('Nothing was sent.');
	});

	it('allows a proxy over https with certificate checks on (the tunnel carries TLS end to end)', () => {
		const out = run({ url: 'https://api.example.com/v1/x', proxy: 'http://127.0.0.1:3128' } as unknown as Partial<LegacyOptions>, keyConfig);
		expect(sentUrl(out).searchParams.get('api_key')).toBe(CANARY);
	});

	it('allows a Host header that names the URL host itself', () => {
		expect(() => run({ url: 'https://api.example.com/v1/x', headers: { host: 'API.example.com' } }, keyConfig)).not.toThrow();
		expect(() => run({ url: 'https://api.example.com/v1/x', headers: { Forwarded: 'for=1.2.3.4;proto=https' } }, keyConfig)).not.toThrow();
		const local = config({ allowedHosts: 'http://127.0.0.1:8080' });
		expect(() => run({ url: 'http://127.0.0.1:8080/x', headers: { Host: '127.0.0.1:8080' } }, local)).not.toThrow();
	});
});

describe('authenticateRequestOptions: spellings that try to pass the origin check', () => {
	const keyConfig = config({ allowedHosts: 'api.example.com' });

	it.each([
		['userinfo that looks like the allowed host', 'https://api.example.com:443@evil.example/x'],
		['userinfo with the allowed host and a path', 'https://api.example.com@evil.example/api.example.com'],
		['the allowed host as a subdomain of another', 'https://api.example.com.evil.example/'],
		['plain http with an explicit port 443', 'http://api.example.com:443/'],
		['https on port 80', 'https://api.example.com:80/'],
	])('refuses %s, with nothing sent', (_label, url) => {
		const error = expectKeyConfigError(() => run({ url }, keyConfig), /does not allow sending its key to/, [CANARY]);
		expect(error.description).toContain('Nothing was sent.');
	});

	it.each([['HOST'], ['host'], ['X-FORWARDED-HOST']])('refuses a %s header naming another site, whatever its case', (name) => {
		expectKeyConfigError(() => run({ url: 'https://api.example.com/x', headers: { [name]: ' Attacker.Example ' } }, keyConfig), /cannot be set on a request that carries the API key/, [CANARY]);
	});
});
