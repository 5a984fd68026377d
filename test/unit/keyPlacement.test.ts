/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import axios from 'axios';
import * as vm from 'node:vm';

import { assertMethodCarriesBody, basicHeader, computeAuthParts, hasBodyFields, mergeHeaders, mergeJsonBody, mergeQuery } from '../../shared/key/placement';
import { KeyConfigError } from '../../shared/errors';
import { keyConfig as parseKeyConfig } from '../helpers/keyConfig';
import { PLACEMENTS, type AuthParts, type KeyConfig } from '../../shared/types';
import { secretsOf } from '../../shared/key/secrets';
import { createRedactor } from '../../shared/redaction';
import {
	CANARY,
	CANARY_ASCII,
	decodeBasic,
	expectKeyConfigError,
	expectNoSecretIn,
} from '../helpers/secretAssertions';

// qs ships without type declarations; n8n-core uses it when a request sets arrayFormat.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qs = require('qs') as { stringify: (value: object, options?: object) => string };

function parts(data: Record<string, unknown>): AuthParts {
	// Where the key may go does not change how it is placed; any host keeps these cases short.
	return computeAuthParts(parseKeyConfig(data));
}

function emptyParts(overrides: Partial<AuthParts> = {}): AuthParts {
	return { headers: {}, query: {}, bodyFields: {}, cookies: {}, bodyFormat: 'json', ...overrides };
}

describe('parseKeyConfig', () => {
	describe('defaults', () => {
		it('uses the header placement and X-API-Key when nothing but the key and where it may go are set', () => {
			const config = parseKeyConfig({ apiKey: CANARY_ASCII, allowedHosts: '*' });
			expect(config).toEqual<KeyConfig>({
				key: CANARY_ASCII,
				placement: 'header',
				name: 'X-API-Key',
				scheme: '',
				basicUsername: '',
				basicPassword: '',
				bodyFormat: 'json',
				extraFields: [],
				baseUrl: '',
				allowedHosts: ['*'],
				allowedHostsSource: 'list',
			});
		});

		it('treats an empty placement as header', () => {
			expect(parseKeyConfig({ apiKey: 'k', placement: '' }).placement).toBe('header');
			expect(parseKeyConfig({ apiKey: 'k', placement: null }).placement).toBe('header');
		});

		it('rejects an unknown placement without revealing the key', () => {
			const error = expectKeyConfigError(
				() => parseKeyConfig({ apiKey: CANARY, placement: 'carrierPigeon' }),
				/Unknown key placement "carrierPigeon"/,
				[CANARY],
			);
			expect(error.description).toMatch(/Choose a placement/);
		});

		it('treats any bodyFormat other than form as json', () => {
			expect(parseKeyConfig({ apiKey: 'k', placement: 'body', bodyFormat: 'xml' }).bodyFormat).toBe(
				'json',
			);
			expect(
				parseKeyConfig({ apiKey: 'k', placement: 'body', bodyFormat: 'form' }).bodyFormat,
			).toBe('form');
		});

		it('trims the Base URL and derives the allowed hosts from it', () => {
			const config = parseKeyConfig({ apiKey: 'k', baseUrl: '  https://API.example.com/v1  ' });
			expect(config.baseUrl).toBe('https://API.example.com/v1');
			expect(config.allowedHosts).toEqual(['api.example.com']);
		});

		it('uses the explicit Allowed Hosts over the Base URL host', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				baseUrl: 'https://api.example.com',
				allowedHosts: 'other.example.com, *.example.org',
			});
			expect(config.allowedHosts).toEqual(['other.example.com', '*.example.org']);
		});
	});

	describe('header placement', () => {
		it('sends the key in X-API-Key by default', () => {
			expect(parts({ apiKey: CANARY_ASCII, placement: 'header' }).headers).toEqual({
				'X-API-Key': CANARY_ASCII,
			});
		});

		it('sends the key in a custom header, name trimmed', () => {
			const config = parseKeyConfig({
				apiKey: CANARY_ASCII,
				placement: 'header',
				headerName: '  X-Custom-Token ',
			});
			expect(config.name).toBe('X-Custom-Token');
			expect(computeAuthParts(config)).toEqual(
				emptyParts({ headers: { 'X-Custom-Token': CANARY_ASCII } }),
			);
		});

		it('falls back to X-API-Key when the header name is blank', () => {
			expect(parseKeyConfig({ apiKey: 'k', placement: 'header', headerName: '   ' }).name).toBe(
				'X-API-Key',
			);
		});

		it('ignores names meant for other placements', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				placement: 'header',
				queryName: 'token',
				cookieName: 'c',
			});
			expect(config.name).toBe('X-API-Key');
		});

		it('keeps a "Bearer " prefix: only the Authorization placements strip a scheme', () => {
			expect(parts({ apiKey: 'Bearer abc', placement: 'header' }).headers).toEqual({
				'X-API-Key': 'Bearer abc',
			});
		});

		it.each(['Authorization', 'x_api.key', "Api~Key!#$%&'*+-^`|"])(
			'accepts the token header name %j',
			(name) => {
				expect(parts({ apiKey: 'k', placement: 'header', headerName: name }).headers).toEqual({
					[name]: 'k',
				});
			},
		);

		it.each(['X API Key', 'X-Key:', 'Schlüssel', '(x)', 'a"b', 'a/b', 'a@b'])(
			'rejects the header name %j without revealing the key',
			(name) => {
				const error = expectKeyConfigError(
					() => parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'header', headerName: name }),
					/header name in the API Key credential is not valid/,
					[CANARY_ASCII],
				);
				expect(error.message).not.toContain(`"${name}"`);
				expect(error.description).toMatch(/letters, digits/);
			},
		);
	});

	describe('query placement', () => {
		it('sends the key as api_key by default', () => {
			expect(parts({ apiKey: CANARY, placement: 'query' })).toEqual(
				emptyParts({ query: { api_key: CANARY } }),
			);
		});

		it('sends the key under a custom name', () => {
			expect(parts({ apiKey: 'k', placement: 'query', queryName: ' token ' }).query).toEqual({
				token: 'k',
			});
		});

		it('accepts printable names that need encoding', () => {
			expect(parts({ apiKey: 'k', placement: 'query', queryName: 'api key[0]&x' }).query).toEqual({
				'api key[0]&x': 'k',
			});
		});

		it.each(['schlüssel', 'a\tb', 'a\u0000b'])('rejects the query parameter name %j', (name) => {
			expectKeyConfigError(
				() => parseKeyConfig({ apiKey: CANARY, placement: 'query', queryName: name }),
				/query parameter name in the API Key credential is not valid/,
				[CANARY],
			);
		});
	});

	describe('bearer placement', () => {
		it('sends Authorization: Bearer <key>', () => {
			const config = parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'bearer' });
			expect(config.scheme).toBe('Bearer');
			expect(config.name).toBe('');
			expect(computeAuthParts(config)).toEqual(
				emptyParts({ headers: { Authorization: `Bearer ${CANARY_ASCII}` } }),
			);
		});

		it('ignores a Scheme field left over from another placement', () => {
			expect(parts({ apiKey: 'k', placement: 'bearer', scheme: 'Token' }).headers).toEqual({
				Authorization: 'Bearer k',
			});
		});

		it.each([
			['Bearer abc', 'abc'],
			['bearer abc', 'abc'],
			['BEARER abc', 'abc'],
			['Bearer    abc', 'abc'],
			['Bearer Bearer abc', 'abc'],
			['  Bearer abc  ', 'abc'],
			['Bearerabc', 'Bearerabc'],
			['abc Bearer', 'abc Bearer'],
			['Token abc', 'Token abc'],
		])('reads the pasted value %j as the key %j', (pasted, key) => {
			const config = parseKeyConfig({ apiKey: pasted, placement: 'bearer' });
			expect(config.key).toBe(key);
			expect(computeAuthParts(config).headers).toEqual({ Authorization: `Bearer ${key}` });
		});

		it.each(['Bearer', 'bearer ', ' BEARER  ', 'Bearer Bearer'])(
			'treats the scheme pasted without a key (%j) as an empty key',
			(pasted) => {
				expectKeyConfigError(
					() => parseKeyConfig({ apiKey: pasted, placement: 'bearer' }),
					/The API key is empty/,
				);
			},
		);
	});

	describe('authScheme placement', () => {
		it.each(['Token', 'Api-Key', 'ApiKey', 'SSWS', 'key'])(
			'sends Authorization: %s <key>',
			(scheme) => {
				const config = parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'authScheme', scheme });
				expect(config.scheme).toBe(scheme);
				expect(computeAuthParts(config).headers).toEqual({
					Authorization: `${scheme} ${CANARY_ASCII}`,
				});
			},
		);

		it('trims the scheme', () => {
			expect(parts({ apiKey: 'k', placement: 'authScheme', scheme: '  Token ' }).headers).toEqual({
				Authorization: 'Token k',
			});
		});

		it.each([
			['Token', 'token abc'],
			['Token', 'TOKEN abc'],
			['token', 'Token abc'],
			['Api-Key', 'api-key abc'],
			['Token', 'Token Token abc'],
		])('strips the scheme %j pasted with the key (%j), ignoring case', (scheme, pasted) => {
			expect(parts({ apiKey: pasted, placement: 'authScheme', scheme }).headers).toEqual({
				Authorization: `${scheme} abc`,
			});
		});

		it('does not strip another scheme', () => {
			expect(
				parts({ apiKey: 'Bearer abc', placement: 'authScheme', scheme: 'Token' }).headers,
			).toEqual({
				Authorization: 'Token Bearer abc',
			});
		});

		it.each([undefined, '', '   ', 'Tok en', 'Token:', 'Tökén', 'a/b', '"Token"'])(
			'rejects the scheme %j without revealing the key',
			(scheme) => {
				const error = expectKeyConfigError(
					() => parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'authScheme', scheme }),
					/The authorization scheme is missing or invalid/,
					[CANARY_ASCII],
				);
				expect(error.description).toMatch(/single word/);
			},
		);
	});

	describe('basicUsername placement', () => {
		it('sends the key as username with an empty password', () => {
			const config = parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'basicUsername' });
			expect(config.basicPassword).toBe('');
			const { headers } = computeAuthParts(config);
			expect(Object.keys(headers)).toEqual(['Authorization']);
			expect(decodeBasic(headers.Authorization)).toBe(`${CANARY_ASCII}:`);
		});

		it('sends the key as username with the password', () => {
			const { headers } = parts({
				apiKey: 'sk_live_1',
				placement: 'basicUsername',
				basicPassword: 'p w:d',
			});
			expect(decodeBasic(headers.Authorization)).toBe('sk_live_1:p w:d');
		});

		it('keeps the password as typed (no trimming)', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				placement: 'basicUsername',
				basicPassword: ' pw ',
			});
			expect(config.basicPassword).toBe(' pw ');
		});

		it('encodes a non-ASCII key as UTF-8', () => {
			const { headers } = parts({ apiKey: CANARY, placement: 'basicUsername' });
			expect(decodeBasic(headers.Authorization)).toBe(`${CANARY}:`);
			expect(headers.Authorization).toMatch(/^[\x20-\x7e]+$/);
		});

		it('ignores a username left over from the other Basic placement', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				placement: 'basicUsername',
				basicUsername: 'someone',
			});
			expect(config.basicUsername).toBe('');
			expect(decodeBasic(computeAuthParts(config).headers.Authorization)).toBe('k:');
		});
	});

	describe('basicPassword placement', () => {
		it('sends the username and the key as password', () => {
			const config = parseKeyConfig({
				apiKey: CANARY_ASCII,
				placement: 'basicPassword',
				basicUsername: 'user',
			});
			expect(config.basicUsername).toBe('user');
			expect(config.basicPassword).toBe('');
			expect(decodeBasic(computeAuthParts(config).headers.Authorization)).toBe(
				`user:${CANARY_ASCII}`,
			);
		});

		it('encodes a non-ASCII key as UTF-8', () => {
			const { headers } = parts({ apiKey: CANARY, placement: 'basicPassword', basicUsername: 'ü' });
			expect(decodeBasic(headers.Authorization)).toBe(`ü:${CANARY}`);
		});

		it.each([undefined, ''])(
			'requires a username (%j) without revealing the key',
			(basicUsername) => {
				const error = expectKeyConfigError(
					() => parseKeyConfig({ apiKey: CANARY, placement: 'basicPassword', basicUsername }),
					/The Basic Auth username is empty/,
					[CANARY],
				);
				expect(error.description).toMatch(/Key as Username/);
			},
		);
	});

	describe('body placement', () => {
		it('adds api_key to a JSON body by default', () => {
			const config = parseKeyConfig({ apiKey: CANARY, placement: 'body' });
			expect(config.name).toBe('api_key');
			expect(computeAuthParts(config)).toEqual(emptyParts({ bodyFields: { api_key: CANARY } }));
		});

		it('adds a custom field to a form body', () => {
			expect(
				parts({ apiKey: 'k', placement: 'body', bodyFieldName: 'token', bodyFormat: 'form' }),
			).toEqual(emptyParts({ bodyFields: { token: 'k' }, bodyFormat: 'form' }));
		});

		it('rejects a body field name with control characters', () => {
			expectKeyConfigError(
				() => parseKeyConfig({ apiKey: CANARY, placement: 'body', bodyFieldName: 'a\tb' }),
				/^The body field name in the API Key credential is not valid$/,
				[CANARY],
			);
		});
	});

	describe('cookie placement', () => {
		it('sends the key as the api_key cookie by default', () => {
			expect(parts({ apiKey: CANARY_ASCII, placement: 'cookie' })).toEqual(
				emptyParts({ cookies: { api_key: CANARY_ASCII } }),
			);
		});

		it('sends the key under a custom cookie name', () => {
			expect(parts({ apiKey: 'k', placement: 'cookie', cookieName: 'session' }).cookies).toEqual({
				session: 'k',
			});
		});

		it.each(['my cookie', 'a=b', 'a;b', 'a,b', 'ä'])('rejects the cookie name %j', (cookieName) => {
			expectKeyConfigError(
				() => parseKeyConfig({ apiKey: CANARY_ASCII, placement: 'cookie', cookieName }),
				/cookie name in the API Key credential is not valid/,
				[CANARY_ASCII],
			);
		});

		it.each(['a b', 'a;b', 'a,b', 'a"b', 'a\\b', CANARY])(
			'rejects a key that cannot be a cookie value (%j) without revealing it',
			(apiKey) => {
				const error = expectKeyConfigError(
					() => parseKeyConfig({ apiKey, placement: 'cookie' }),
					/cannot be sent in a cookie/,
					[apiKey],
				);
				expect(error.description).toMatch(/Cookies cannot contain/);
			},
		);
	});

	describe('empty key', () => {
		it.each(PLACEMENTS.map((placement) => [placement]))('is rejected for %s', (placement) => {
			for (const apiKey of [undefined, null, '', '   ', '\n\t']) {
				const error = expectKeyConfigError(
					() =>
						parseKeyConfig({
							apiKey,
							placement,
							scheme: 'Token',
							basicUsername: 'user',
						}),
					/The API key is empty/,
				);
				expect(error.description).toMatch(/Key field/);
			}
		});
	});

	describe('key with surrounding whitespace', () => {
		it.each(PLACEMENTS.map((placement) => [placement]))('is trimmed for %s', (placement) => {
			const config = parseKeyConfig({
				apiKey: `  \t${CANARY_ASCII} \r\n`,
				placement,
				scheme: 'Token',
				basicUsername: 'user',
			});
			expect(config.key).toBe(CANARY_ASCII);
		});

		it('keeps inner spaces of a query key', () => {
			expect(parseKeyConfig({ apiKey: ' a b ', placement: 'query' }).key).toBe('a b');
		});
	});

	describe('non-ASCII key', () => {
		it.each([
			['header', {}],
			['bearer', {}],
			['authScheme', { scheme: 'Token' }],
		])(
			'is refused in the %s placement with a clear error that does not contain the key',
			(placement, extra) => {
				const error = expectKeyConfigError(
					() => parseKeyConfig({ apiKey: CANARY, placement, ...extra }),
					/^The API key contains characters that cannot be sent in an HTTP header$/,
					[CANARY],
				);
				expect(error.description).toMatch(/printable ASCII/);
				expect(error.description).toMatch(/Query Parameter or Body placement/);
			},
		);

		it.each(['abc\ndef', 'abc\u0000', 'abc\u200bdef', 'tab\tinside'])(
			'refuses control or invisible characters (%j) in a header',
			(apiKey) => {
				expectKeyConfigError(
					() => parseKeyConfig({ apiKey, placement: 'header' }),
					/cannot be sent in an HTTP header/,
					[apiKey],
				);
			},
		);

		it('is accepted in the query placement and sent encoded by the HTTP clients', () => {
			const { query } = parts({ apiKey: CANARY, placement: 'query' });
			expect(query).toEqual({ api_key: CANARY });
			const url = new URL(axios.getUri({ url: 'https://api.example.com/items', params: query }));
			expect(url.searchParams.get('api_key')).toBe(CANARY);
			expect(url.search).not.toContain('ü');
		});

		it('is accepted in a JSON body and survives serialization', () => {
			const body = mergeJsonBody({ a: 1 }, parts({ apiKey: CANARY, placement: 'body' }));
			expect(JSON.parse(JSON.stringify(body))).toEqual({ a: 1, api_key: CANARY });
		});

		it('is accepted in a form body and encoded', () => {
			const { bodyFields } = parts({ apiKey: CANARY, placement: 'body', bodyFormat: 'form' });
			const encoded = new URLSearchParams(bodyFields).toString();
			expect(encoded).toBe('api_key=canary-KEY-123+%C3%BC%22%5C');
			expect(new URLSearchParams(encoded).get('api_key')).toBe(CANARY);
		});

		it('is accepted in both Basic placements', () => {
			expect(
				decodeBasic(parts({ apiKey: CANARY, placement: 'basicUsername' }).headers.Authorization),
			).toBe(`${CANARY}:`);
			expect(
				decodeBasic(
					parts({ apiKey: CANARY, placement: 'basicPassword', basicUsername: 'u' }).headers
						.Authorization,
				),
			).toBe(`u:${CANARY}`);
		});
	});

	describe('extra fields', () => {
		it('reads the fixedCollection shape, trims names, drops nameless entries', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				extraFields: {
					field: [
						{ location: 'header', name: ' X-Secret ', value: 's1', secret: true },
						{ location: 'query', name: 'account', value: '42', secret: false },
						{ location: 'header', name: '   ', value: 'dropped' },
						{ location: 'query', value: 'dropped too' },
					],
				},
			});
			expect(config.extraFields).toEqual([
				{ location: 'header', name: 'X-Secret', value: 's1', secret: true },
				{ location: 'query', name: 'account', value: '42', secret: false },
			]);
		});

		it('accepts a bare array too', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				extraFields: [{ location: 'query', name: 'a', value: 'b' }],
			});
			expect(config.extraFields).toEqual([
				{ location: 'query', name: 'a', value: 'b', secret: true },
			]);
		});

		it.each([undefined, null, {}, { field: 'nope' }, 'nope'])(
			'treats %j as no extra fields',
			(extraFields) => {
				expect(parseKeyConfig({ apiKey: 'k', extraFields }).extraFields).toEqual([]);
			},
		);

		it('defaults to a secret header and stringifies values', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				extraFields: {
					field: [
						{ name: 'X-A', value: 7 },
						{ location: 'Query', name: 'X-B' },
					],
				},
			});
			expect(config.extraFields).toEqual([
				{ location: 'header', name: 'X-A', value: '7', secret: true },
				{ location: 'header', name: 'X-B', value: '', secret: true },
			]);
		});

		it('only treats secret: true as secret once the flag is set', () => {
			const config = parseKeyConfig({
				apiKey: 'k',
				extraFields: { field: [{ name: 'X-A', value: 'a', secret: 'true' }] },
			});
			expect(config.extraFields[0].secret).toBe(false);
		});

		it('adds secret and non-secret header and query fields next to the key', () => {
			const result = parts({
				apiKey: 'k',
				placement: 'query',
				extraFields: {
					field: [
						{ location: 'header', name: 'X-API-Secret', value: 'shh', secret: true },
						{ location: 'header', name: 'X-Version', value: '2024-01-01', secret: false },
						{ location: 'query', name: 'account', value: 'ü 1', secret: true },
						{ location: 'query', name: 'format', value: 'json', secret: false },
					],
				},
			});
			expect(result).toEqual(
				emptyParts({
					headers: { 'X-API-Secret': 'shh', 'X-Version': '2024-01-01' },
					query: { api_key: 'k', account: 'ü 1', format: 'json' },
				}),
			);
		});

		it('keeps the key header next to extra headers', () => {
			expect(
				parts({
					apiKey: 'k',
					placement: 'bearer',
					extraFields: { field: [{ name: 'X-Tenant', value: 't' }] },
				}).headers,
			).toEqual({ Authorization: 'Bearer k', 'X-Tenant': 't' });
		});

		it.each(['X Secret', 'X:Secret', 'Ü'])('rejects the extra header name %j', (name) => {
			const error = expectKeyConfigError(
				() =>
					parseKeyConfig({ apiKey: CANARY_ASCII, extraFields: { field: [{ name, value: 'v' }] } }),
				/^The header name of additional field 1 in the API Key credential is not valid$/,
				[CANARY_ASCII, name],
			);
			expect(error.message).not.toContain(name);
		});

		it('rejects an extra header value that cannot be sent, without revealing the value or the key', () => {
			const error = expectKeyConfigError(
				() =>
					parseKeyConfig({
						apiKey: CANARY_ASCII,
						extraFields: { field: [{ name: 'X-Secret', value: CANARY }] },
					}),
				/The value of additional field 1 \(header\) contains characters that cannot be sent/,
				[CANARY, CANARY_ASCII],
			);
			expect(error.description).toMatch(/Additional Fields/);
		});

		it('accepts non-ASCII values and odd names in extra query fields', () => {
			expect(
				parts({
					apiKey: 'k',
					extraFields: { field: [{ location: 'query', name: 'a b', value: CANARY }] },
				}).query,
			).toEqual({ 'a b': CANARY });
		});
	});

	describe('duplicate names', () => {
		it.each([
			['header', {}, 'x-api-key'],
			['header', { headerName: 'X-Token' }, 'X-TOKEN'],
			['bearer', {}, 'authorization'],
			['authScheme', { scheme: 'Token' }, 'AUTHORIZATION'],
			['basicUsername', {}, 'Authorization'],
			['basicPassword', { basicUsername: 'u' }, 'authorization'],
		])(
			'rejects an extra header that repeats the %s key header, ignoring case (%j, %j)',
			(placement, extra, duplicate) => {
				const error = expectKeyConfigError(
					() =>
						parseKeyConfig({
							apiKey: CANARY_ASCII,
							placement,
							...extra,
							extraFields: { field: [{ name: duplicate, value: 'v' }] },
						}),
					new RegExp(`The header "${duplicate}" is set twice`),
					[CANARY_ASCII],
				);
				expect(error.description).toMatch(/Remove the duplicate/);
			},
		);

		it('rejects two extra headers with the same name in different case', () => {
			expectKeyConfigError(
				() =>
					parseKeyConfig({
						apiKey: CANARY,
						placement: 'query',
						extraFields: {
							field: [
								{ name: 'X-Tenant', value: 'a' },
								{ name: 'x-tenant', value: 'b' },
							],
						},
					}),
				/The header "x-tenant" is set twice/,
				[CANARY],
			);
		});

		it('rejects an extra query parameter that repeats the key parameter', () => {
			expectKeyConfigError(
				() =>
					parseKeyConfig({
						apiKey: CANARY,
						placement: 'query',
						queryName: 'token',
						extraFields: { field: [{ location: 'query', name: 'token', value: 'x' }] },
					}),
				/The query parameter "token" is set twice/,
				[CANARY],
			);
		});

		it('rejects two extra query parameters with the same name', () => {
			expectKeyConfigError(
				() =>
					parseKeyConfig({
						apiKey: CANARY,
						placement: 'body',
						extraFields: {
							field: [
								{ location: 'query', name: 'a', value: '1' },
								{ location: 'query', name: 'a', value: '2' },
							],
						},
					}),
				/The query parameter "a" is set twice/,
				[CANARY],
			);
		});

		it('treats query names as case-sensitive', () => {
			expect(
				parts({
					apiKey: 'k',
					placement: 'query',
					extraFields: { field: [{ location: 'query', name: 'API_KEY', value: 'v' }] },
				}).query,
			).toEqual({ api_key: 'k', API_KEY: 'v' });
		});

		it('allows the same name as a header and as a query parameter', () => {
			const result = parts({
				apiKey: 'k',
				placement: 'query',
				queryName: 'token',
				extraFields: { field: [{ location: 'header', name: 'token', value: 'h' }] },
			});
			expect(result.headers).toEqual({ token: 'h' });
			expect(result.query).toEqual({ token: 'k' });
		});

		it('allows an extra query field named like the body field', () => {
			const result = parts({
				apiKey: 'k',
				placement: 'body',
				extraFields: { field: [{ location: 'query', name: 'api_key', value: 'q' }] },
			});
			expect(result.bodyFields).toEqual({ api_key: 'k' });
			expect(result.query).toEqual({ api_key: 'q' });
		});
	});
});

describe('basicHeader', () => {
	it('base64-encodes user:password as UTF-8', () => {
		expect(basicHeader('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
		expect(basicHeader('', '')).toBe('Basic Og==');
		expect(decodeBasic(basicHeader('ü', '€'))).toBe('ü:€');
	});
});

describe('secretsOf and the redactor', () => {
	function secretsFor(data: Record<string, unknown>): string[] {
		return secretsOf(parseKeyConfig(data));
	}
	/** Whether the redactor made from the configuration's secrets finds `form`. */
	function masks(data: Record<string, unknown>, form: string): boolean {
		return createRedactor(secretsFor(data)).reveals(form);
	}

	it('masks the raw, URL-encoded, form-encoded and JSON-escaped key', () => {
		const data = { apiKey: CANARY, placement: 'query' };
		for (const form of [CANARY, 'canary-KEY-123%20%C3%BC%22%5C', 'canary-KEY-123+%C3%BC%22%5C', 'canary-KEY-123 ü\\"\\\\']) {
			expect(masks(data, form)).toBe(true);
		}
	});

	it('lists each secret once, with no empty strings', () => {
		const secrets = secretsFor({ apiKey: 'plain', placement: 'header' });
		expect(secrets).toEqual(['plain']);
		expect(secrets).not.toContain('');
	});

	it('contains the Basic base64 form for basicUsername with and without password', () => {
		const without = secretsFor({ apiKey: CANARY, placement: 'basicUsername' });
		expect(without).toContain(Buffer.from(`${CANARY}:`, 'utf8').toString('base64'));
		const data = { apiKey: CANARY, placement: 'basicUsername', basicPassword: 'pw d' };
		expect(secretsFor(data)).toEqual(
			expect.arrayContaining([CANARY, 'pw d', Buffer.from(`${CANARY}:pw d`, 'utf8').toString('base64')]),
		);
		for (const form of ['pw d', 'pw%20d', 'pw+d']) expect(masks(data, form)).toBe(true);
	});

	it('contains the Basic base64 form for basicPassword but not the username', () => {
		const secrets = secretsFor({
			apiKey: CANARY,
			placement: 'basicPassword',
			basicUsername: 'someone',
		});
		expect(secrets).toContain(Buffer.from(`someone:${CANARY}`, 'utf8').toString('base64'));
		expect(secrets).not.toContain('someone');
	});

	it('has no Basic form for other Authorization placements', () => {
		const secrets = secretsFor({ apiKey: 'abc', placement: 'authScheme', scheme: 'Token' });
		expect(secrets).toEqual(['abc']);
	});

	it('contains the key without the pasted scheme', () => {
		const secrets = secretsFor({ apiKey: 'Bearer abc', placement: 'bearer' });
		expect(secrets).toContain('abc');
	});

	it('masks secret extra values (all forms) but not non-secret ones', () => {
		const data = {
			apiKey: 'k1',
			extraFields: {
				field: [
					{ name: 'X-Secret', value: 'top secret' },
					{ location: 'query', name: 'q', value: 'ü', secret: true },
					{ name: 'X-Version', value: 'v2024', secret: false },
				],
			},
		};
		for (const form of ['k1', 'top secret', 'top%20secret', 'top+secret', 'ü', '%C3%BC']) expect(masks(data, form)).toBe(true);
		expect(secretsFor(data)).not.toContain('v2024');
		expect(masks(data, 'v2024')).toBe(false);
	});

	it('skips empty secret extra values', () => {
		const secrets = secretsFor({
			apiKey: 'k1',
			extraFields: { field: [{ name: 'X-Empty', value: '' }] },
		});
		expect(secrets).toEqual(['k1']);
	});

	describe('masks what the HTTP clients actually send', () => {
		const keys = [CANARY, 'a:b c', "a!b'(c)*~d", 'x$y,z;w', 'sk+/=key', 'ü€😀', 'a[0]=1&b'];

		function keyFromQuery(search: string): string {
			const match = /[?&]k=([^&]*)/.exec(search);
			expect(match).not.toBeNull();
			return (match as RegExpExecArray)[1];
		}

		it.each(keys.map((key) => [key]))('axios query parameters (%j)', (key) => {
			const data = { apiKey: key, placement: 'query' };
			const built = axios.getUri({ url: 'https://api.example.com/x', params: { k: key } });
			expect(masks(data, keyFromQuery(built))).toBe(true);
			// The same URL once parsed, as it shows up in error messages and redirects.
			expect(masks(data, keyFromQuery(new URL(built).search))).toBe(true);
		});

		it.each(keys.map((key) => [key]))('qs query parameters, as with arrayFormat (%j)', (key) => {
			expect(masks({ apiKey: key, placement: 'query' }, keyFromQuery(`?${qs.stringify({ k: key }, { arrayFormat: 'repeat' })}`))).toBe(true);
		});

		it.each(keys.map((key) => [key]))(
			'URLSearchParams form bodies and URL.searchParams (%j)',
			(key) => {
				const data = { apiKey: key, placement: 'body', bodyFormat: 'form' };
				expect(masks(data, keyFromQuery(`?${new URLSearchParams({ k: key }).toString()}`))).toBe(true);
				const url = new URL('https://api.example.com/x');
				url.searchParams.set('k', key);
				expect(masks(data, keyFromQuery(url.search))).toBe(true);
			},
		);

		it.each(keys.map((key) => [key]))('JSON bodies (%j)', (key) => {
			const json = JSON.stringify({ k: key });
			expect(masks({ apiKey: key, placement: 'body' }, json.slice('{"k":"'.length, -'"}'.length))).toBe(true);
		});
	});
});

describe('mergeHeaders', () => {
	const auth = emptyParts({ headers: { Authorization: 'Bearer k', 'X-API-Key': 'k' } });

	it('returns the credential headers when the request has none', () => {
		expect(mergeHeaders(undefined, auth)).toEqual({ Authorization: 'Bearer k', 'X-API-Key': 'k' });
		expect(mergeHeaders({}, auth)).toEqual({ Authorization: 'Bearer k', 'X-API-Key': 'k' });
	});

	it('keeps the request headers and lets the credential win, ignoring case', () => {
		const merged = mergeHeaders(
			{ authorization: 'Bearer old', 'x-api-key': 'old', Accept: 'application/json' },
			auth,
		);
		expect(merged).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer k',
			'X-API-Key': 'k',
		});
	});

	it('replaces every case variant of a header', () => {
		const merged = mergeHeaders(
			{ AUTHORIZATION: 'a' },
			emptyParts({ headers: { authorization: 'b' } }),
		);
		expect(merged).toEqual({ authorization: 'b' });
	});

	it('drops null and undefined request headers and stringifies the rest', () => {
		expect(mergeHeaders({ a: undefined, b: null, c: 1, d: true }, emptyParts())).toEqual({
			c: '1',
			d: 'true',
		});
	});

	it('does not mutate the request headers', () => {
		const own = { authorization: 'Bearer old' };
		mergeHeaders(own, auth);
		expect(own).toEqual({ authorization: 'Bearer old' });
	});

	it('adds a Cookie header for the key cookie', () => {
		expect(mergeHeaders({}, emptyParts({ cookies: { api_key: 'k' } }))).toEqual({
			Cookie: 'api_key=k',
		});
	});

	it('merges the key cookie into the request cookies, any header case, replacing a cookie of the same name', () => {
		const merged = mergeHeaders(
			{ cookie: 'a=1; api_key=old;  b=2 ;', Accept: '*/*' },
			emptyParts({ cookies: { api_key: 'k' } }),
		);
		expect(merged).toEqual({ Accept: '*/*', Cookie: 'a=1; b=2; api_key=k' });
		expect(Object.keys(merged).filter((name) => name.toLowerCase() === 'cookie')).toEqual([
			'Cookie',
		]);
	});

	it('treats cookie names as case-sensitive', () => {
		expect(
			mergeHeaders({ COOKIE: 'API_KEY=x' }, emptyParts({ cookies: { api_key: 'k' } })),
		).toEqual({
			Cookie: 'API_KEY=x; api_key=k',
		});
	});

	it('keeps request cookies whose names happen to be Object.prototype members', () => {
		expect(
			mergeHeaders(
				{ Cookie: 'constructor=1; toString=2' },
				emptyParts({ cookies: { api_key: 'k' } }),
			),
		).toEqual({ Cookie: 'constructor=1; toString=2; api_key=k' });
	});

	it('merges the key cookie with a Cookie header coming from the extra fields', () => {
		const config = parseKeyConfig({
			apiKey: 'k',
			placement: 'cookie',
			extraFields: { field: [{ name: 'Cookie', value: 'tenant=t1' }] },
		});
		expect(mergeHeaders({ cookie: 'own=1' }, computeAuthParts(config))).toEqual({
			Cookie: 'tenant=t1; api_key=k',
		});
	});
});

describe('mergeQuery', () => {
	it('adds the credential parameters and lets them win', () => {
		const query = emptyParts({ query: { api_key: 'k', extra: 'x' } });
		expect(mergeQuery({ page: 2, api_key: 'old' }, query)).toEqual({
			page: 2,
			api_key: 'k',
			extra: 'x',
		});
		expect(mergeQuery(undefined, query)).toEqual({ api_key: 'k', extra: 'x' });
	});

	it('does not mutate the request query', () => {
		const own = { api_key: 'old' };
		mergeQuery(own, emptyParts({ query: { api_key: 'k' } }));
		expect(own).toEqual({ api_key: 'old' });
	});
});

describe('hasBodyFields', () => {
	it('is true only when the key goes into the body', () => {
		expect(hasBodyFields(parts({ apiKey: 'k', placement: 'body' }))).toBe(true);
		for (const placement of PLACEMENTS.filter((p) => p !== 'body')) {
			expect(
				hasBodyFields(parts({ apiKey: 'k', placement, scheme: 'Token', basicUsername: 'u' })),
			).toBe(false);
		}
	});
});

describe('assertMethodCarriesBody', () => {
	const bodyParts = parts({ apiKey: CANARY, placement: 'body' });

	it.each([
		[undefined, 'GET'],
		['GET', 'GET'],
		['get', 'GET'],
		['HEAD', 'HEAD'],
		['head', 'HEAD'],
	])('refuses %j when the key goes into the body', (method, shown) => {
		const error = expectKeyConfigError(
			() => assertMethodCarriesBody(method, bodyParts),
			new RegExp(`^The key goes into the request body, but ${shown} requests have no body`),
			[CANARY],
		);
		expect(error.message).toMatch(/choose another placement/);
	});

	it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])(
		'accepts %s when the key goes into the body',
		(method) => {
			expect(() => assertMethodCarriesBody(method, bodyParts)).not.toThrow();
		},
	);

	it('accepts any method when nothing goes into the body', () => {
		for (const placement of PLACEMENTS.filter((p) => p !== 'body')) {
			const other = parts({ apiKey: 'k', placement, scheme: 'Token', basicUsername: 'u' });
			expect(() => assertMethodCarriesBody('GET', other)).not.toThrow();
			expect(() => assertMethodCarriesBody(undefined, other)).not.toThrow();
		}
	});
});

describe('mergeJsonBody', () => {
	const body = emptyParts({ bodyFields: { api_key: CANARY } });

	it.each([undefined, null, ''])('turns a missing body (%j) into an object', (own) => {
		expect(mergeJsonBody(own, body)).toEqual({ api_key: CANARY });
	});

	it('adds the key to an object body, the key winning, without mutating it', () => {
		const own = { name: 'x', api_key: 'old', nested: { a: 1 } };
		const merged = mergeJsonBody(own, body);
		expect(merged).toEqual({ name: 'x', api_key: CANARY, nested: { a: 1 } });
		expect(merged.nested).toBe(own.nested);
		expect(own.api_key).toBe('old');
	});

	it('accepts objects without prototype and from another realm', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
		expect(mergeJsonBody(bare, body)).toEqual({ a: 1, api_key: CANARY });
		const foreign = vm.runInNewContext('({ a: 1 })') as Record<string, unknown>;
		expect(mergeJsonBody(foreign, body)).toEqual({ a: 1, api_key: CANARY });
	});

	class FormDataLike {
		boundary = '--x';
		append(): void {}
	}

	it.each([
		['a JSON array', [1, 2]],
		['an empty array', []],
		['a string', 'raw text'],
		['a number', 42],
		['a boolean', true],
		['a Buffer', Buffer.from('raw')],
		['a Uint8Array', new Uint8Array([1])],
		['a Date', new Date(0)],
		['a Map', new Map([['a', 1]])],
		['a URLSearchParams', new URLSearchParams('a=1')],
		['a class instance (FormData-like)', new FormDataLike()],
	])('refuses %s without revealing the key', (_label, own) => {
		const error = expectKeyConfigError(
			() => mergeJsonBody(own, body),
			/the body is not a JSON object/,
			[CANARY],
		);
		expect(error.description).toMatch(/JSON object or a form body/);
	});
});

describe('errors never reveal the key', () => {
	it('holds for every configuration error of parseKeyConfig', () => {
		const broken: Array<Record<string, unknown>> = [
			{ placement: 'nope' },
			{ placement: 'header', headerName: 'bad name' },
			{ placement: 'header' },
			{ placement: 'bearer' },
			{ placement: 'authScheme', scheme: 'bad scheme' },
			{ placement: 'basicPassword' },
			{ placement: 'cookie' },
			{ placement: 'query', extraFields: { field: [{ name: 'X', value: CANARY }] } },
			{
				placement: 'query',
				extraFields: { field: [{ location: 'query', name: 'api_key', value: CANARY }] },
			},
		];
		for (const data of broken) {
			let thrown: unknown;
			try {
				parseKeyConfig({ apiKey: CANARY, ...data });
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(KeyConfigError);
			expectNoSecretIn(thrown, [CANARY]);
		}
	});
});

describe('Basic auth usernames cannot contain a colon', () => {
	it('rejects a key with a colon as the username, without echoing the key', () => {
		expect(() => parseKeyConfig({ apiKey: 'left:right-secret', placement: 'basicUsername' })).toThrow(
			'The API key contains a colon, which Basic Auth cannot carry as a username',
		);
		try {
			parseKeyConfig({ apiKey: 'left:right-secret', placement: 'basicUsername' });
		} catch (error) {
			expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('right-secret');
		}
	});

	it('rejects a username with a colon or only spaces when the key is the password', () => {
		expect(() => parseKeyConfig({ apiKey: 'k', placement: 'basicPassword', basicUsername: 'a:b' })).toThrow(
			'The Basic Auth username contains a colon',
		);
		expect(() => parseKeyConfig({ apiKey: 'k', placement: 'basicPassword', basicUsername: '   ' })).toThrow(
			'The Basic Auth username is empty',
		);
	});

	it('still allows a colon in the key when it is the password', () => {
		expect(parseKeyConfig({ apiKey: 'a:b', placement: 'basicPassword', basicUsername: 'u' }).key).toBe('a:b');
	});
});
