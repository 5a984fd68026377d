/**
 * Legal but unusual input, from the node's parameters, the item's data and the API's answer:
 * requests are built exactly as described (names like __proto__ included) or refused with an
 * error that names what to fix, never with an opaque error or a silently altered request.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { resolveUrl } from '../../shared/url';
import { credentialFor, type PlacementName } from '../helpers/keyApi';
import { json, startServer, type TestServer } from '../helpers/servers';
import { binaryItem, runNode } from '../helpers/workflow';

const KEY = 'input-key-3Fw';
let api: TestServer;

beforeAll(async () => {
	api = await startServer((req, res) => {
		switch (req.path) {
			case '/v1/echo':
				return json(res, 200, { query: Object.fromEntries(req.query), headers: req.headers, body: req.body.toString('utf8') });
			case '/v1/percent-file':
				res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="100%.csv"' });
				return res.end('a,b\n1,2\n');
			case '/v1/bom':
				res.writeHead(200, { 'content-type': 'application/json' });
				return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true}')]));
			case '/v1/see-other':
				res.writeHead(Number(req.query.get('status') ?? '303'), { location: '/v1/echo' });
				return res.end();
			case '/v1/hops':
				res.writeHead(302, { location: `/v1/hops?n=${Number(req.query.get('n') ?? '0') + 1}` });
				return res.end();
			case '/v1/quota-echo': {
				// A hostile API that hands the key back as its quota numbers.
				const key = String(req.headers['x-api-key'] ?? '');
				return json(res, 200, { ok: true }, { 'X-RateLimit-Limit': key, 'X-RateLimit-Remaining': key, 'X-RateLimit-Reset': '60' });
			}
			case '/v1/numeric-echo': {
				// The key as an exponent number in JSON, and as the quota's reset in seconds.
				const key = String(req.headers['x-api-key'] ?? '');
				res.writeHead(200, { 'content-type': 'application/json', 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '99', 'X-RateLimit-Reset': key });
				return res.end(`{"id":${Number(key).toExponential()}}`);
			}
			case '/v1/file-next':
				return json(res, 200, { data: [{ id: 1 }], next: 'file:///etc/passwd' });
			default:
				return json(res, 200, { path: req.path, query: Object.fromEntries(req.query) });
		}
	});
});
afterAll(async () => await api.close());

async function call(parameters: INodeParameters, placement: PlacementName = 'header', extra: Record<string, unknown> = {}, items?: Parameters<typeof runNode>[0]['items']) {
	return await runNode({
		node: new ApiKeyRequest(),
		parameters: { method: 'GET', ...parameters },
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor(placement, KEY, { baseUrl: `${api.url}/v1`, ...extra }) },
		items,
	});
}

const pairs = (entries: Array<[string, string]>) => ({ parameters: entries.map(([name, value]) => ({ name, value })) });

describe('names that are also Object members', () => {
	test('query parameters named __proto__, constructor and toString are sent', async () => {
		const result = await call({
			url: '/echo',
			sendQuery: true,
			queryParameters: pairs([['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]),
			sendHeaders: true,
			headerParameters: pairs([['toString', 'ht'], ['hasOwnProperty', 'hh']]),
		});
		expect(result.error).toBeUndefined();
		const last = api.requests.at(-1)!;
		expect(last.query.get('__proto__')).toBe('p');
		expect(last.query.get('constructor')).toBe('c');
		expect(last.query.get('toString')).toBe('t');
		expect(last.headers.tostring).toBe('ht');
		expect(last.headers.hasownproperty).toBe('hh');
	});

	test.each(['constructor', '__proto__', 'get', 'Post', 'common'])('a header named %j, which the HTTP client would drop, is refused instead', async (name) => {
		const before = api.requests.length;
		const result = await call({ url: '/echo', sendHeaders: true, headerParameters: pairs([[name, 'v']]) });
		expect(result.error?.message).toBe(`"${name}" is not a valid header name`);
		expect(api.requests.length).toBe(before);
	});

	test('Put Quota State in Field = __proto__ makes an own field and leaves the item intact', async () => {
		const result = await call({ url: '/plain', options: { includeQuota: true, quotaField: '__proto__' } });
		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(item, '__proto__')).toBe(true);
		expect(item.path).toBe('/v1/plain');
	});
});

describe('headers', () => {
	test.each(['X-Bad:Name', 'X-Bad\r\nInjected', 'X Bad'])('a header name like %j is refused, naming it', async (name) => {
		const result = await call({ url: '/echo', sendHeaders: true, headerParameters: pairs([[name, 'v']]) });
		expect(result.error?.message).toMatch(/is not a valid header name$/);
		expect(result.error?.message).toContain(name.replace(/[\r\n]/g, ' ').slice(0, 5));
	});

	test('a line break in a header value is refused, naming the header, not silently altered', async () => {
		const before = api.requests.length;
		const result = await call({ url: '/echo', sendHeaders: true, headerParameters: pairs([['X-Note', 'a\r\nX-Injected: yes']]) });
		expect(result.error?.message).toBe('The value of the header "X-Note" contains a line break or a character headers cannot carry');
		expect(api.requests.length).toBe(before);
	});
});

describe('bodies', () => {
	test('a multipart file whose MIME type would add a part header is refused', async () => {
		const item = await binaryItem(Buffer.from('hello'), 'a.txt', 'text/plain\r\nX-Injected: yes');
		const before = api.requests.length;
		const result = await call(
			{
				method: 'POST',
				url: '/echo',
				sendBody: true,
				contentType: 'multipart-form-data',
				multipartParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }] },
			},
			'header',
			{},
			[item],
		);
		expect(result.error?.message).toBe('The binary field "data" has an invalid MIME type');
		expect(api.requests.length).toBe(before);
	});

	test('a JSON body that refers to itself gets a clear error, not a stack overflow', async () => {
		const result = await call({
			method: 'POST',
			url: '/echo',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: '={{ (() => { const a = { name: "loop" }; a.self = a; return a; })() }}',
		});
		expect(result.error?.message).toMatch(/refers to itself|JSON/);
		expect(result.error?.message).not.toMatch(/Maximum call stack/);
	});
});

describe('answers', () => {
	test('filename="100%.csv" is taken literally', async () => {
		const result = await call({ url: '/percent-file', options: { responseFormat: 'file' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data.fileName).toBe('100%.csv');
	});

	test('a JSON answer that starts with a UTF-8 BOM parses', async () => {
		const result = await call({ url: '/bom' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ok: true });
	});
});

describe('quota state', () => {
	test('an all-digit key echoed as the quota numbers is masked in Include Quota State', async () => {
		const numericKey = '73910284';
		const result = await call({ url: '/quota-echo', options: { includeQuota: true } }, 'header', { apiKey: numericKey });
		expect(result.error).toBeUndefined();
		expect(api.requests.at(-1)?.headers['x-api-key']).toBe(numericKey);
		const output = JSON.stringify(result.items);
		expect(output).not.toContain(numericKey);
		expect(output).toContain('[redacted]');
	});
});

describe('an all-digit key in other spellings of a number', () => {
	test('echoed as an exponent number or as the quota reset, it is masked in the output', async () => {
		const numericKey = '48151623';
		const result = await call({ url: '/numeric-echo', options: { includeQuota: true } }, 'header', { apiKey: numericKey });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json as { id: unknown; quota: { limit: unknown; reset: unknown } };
		expect(json.id).toBe('[redacted]');
		expect(json.quota.limit).toBe(100);
		expect(json.quota.reset).toBeNull();
		expect(JSON.stringify(result.runData)).not.toContain(numericKey);
	});
});

describe('redirects', () => {
	test.each([301, 302, 303])('a POST with the key in the body answered %i on the same origin says the redirect is the cause', async (status) => {
		const result = await call({ method: 'POST', url: `/see-other?status=${status}` }, 'body');
		expect(result.error?.message).toBe(`The API redirected the request (${status}) to a GET, which cannot carry the key in its body`);
		expect(String((result.error as { description?: string }).description)).toContain('choose a placement other than Body Field');
	});

	test('Max Redirects holds when Follow Redirects was never touched', async () => {
		const result = await call({ url: '/hops', options: { maxRedirects: 2 } });
		expect(result.error?.message).toBe('The API redirected more than Max Redirects (2) allows');
		expect(api.requests.filter((request) => request.path === '/v1/hops').length).toBe(3);
	});
});

describe('URLs', () => {
	test.each([
		['//evil.example/x', /starts with \/\//],
		['https:\\\\evil.example\\x', /backslash/],
		['../../other', /leaves the Base URL's path \/v1/],
		['https:evil.example', /must start with http:\/\/ or https:\/\//],
	])('%j gets a clear error and nothing is sent', async (url, message) => {
		const before = api.requests.length;
		const result = await call({ url });
		expect(result.error?.message).toMatch(message);
		expect(api.requests.length).toBe(before);
	});

	test('a Base URL with a token in its query is refused for every URL, the Base URL itself included', async () => {
		for (const url of ['={{ "" }}', '/items']) {
			const before = api.requests.length;
			const result = await call({ url }, 'header', { baseUrl: `${api.url}/v1?token=base-secret-99` });
			expect(result.error?.message).toBe('The Base URL contains a query (?…) or fragment (#…)');
			expect(JSON.stringify(result.runData)).not.toContain('base-secret-99');
			expect(api.requests.length).toBe(before);
		}
	});

	test('a Base URL with user:password@ is refused', async () => {
		const result = await call({ url: '={{ "" }}' }, 'header', { baseUrl: `http://user:pw-secret-5@127.0.0.1:${api.port}/v1` });
		expect(result.error?.message).toBe('The Base URL contains a user name or password');
		expect(JSON.stringify(result.runData)).not.toContain('pw-secret-5');
	});

	test('a file: next URL names the scheme as the problem', async () => {
		const result = await call({ url: '/file-next', options: { splitAtPath: 'data', pagination: { pagination: { paginationMode: 'nextUrlInBody', nextUrlPath: 'next' } } } });
		expect(result.error?.message).toBe('The next page address uses file:, which the node does not request');
	});

	test('a URL ending in a bare ? gets the query key appended once, under its own name', async () => {
		const result = await call({ url: '/echo?' }, 'query');
		expect(result.error).toBeUndefined();
		const sent = api.requests.at(-1);
		expect(sent?.url).toBe('/v1/echo?api_key=' + KEY);
		expect(sent?.query.get('api_key')).toBe(KEY);
	});

	test.each([
		['Host', 'attacker.example'],
		['X-Forwarded-Host', 'attacker.example'],
	])('a %s header naming another site is refused before anything is sent', async (name, value) => {
		const before = api.requests.length;
		const result = await call({ url: '/echo', sendHeaders: true, headerParameters: pairs([[name, value]]) });
		expect(result.error?.message).toBe(`The header ${name} cannot be set on a request that carries the API key`);
		expect(api.requests.length).toBe(before);
	});

	test('a Host header naming the URL host itself is sent as it is', async () => {
		const result = await call({ url: '/echo', sendHeaders: true, headerParameters: pairs([['Host', `127.0.0.1:${api.port}`]]) });
		expect(result.error).toBeUndefined();
	});

	test.each([
		['plain http after an https Base URL', 'https://127.0.0.1:1/v1', () => `http://127.0.0.1:${api.port}/v1/echo`],
		['another port of the Base URL host', 'http://127.0.0.1:1/v1', () => `http://127.0.0.1:${api.port}/v1/echo`],
	])('%s is refused before anything is sent', async (_label, baseUrl, url) => {
		const before = api.requests.length;
		const result = await call({ url: url() }, 'header', { baseUrl });
		expect(result.error?.message).toMatch(/does not allow sending its key to http:\/\/127\.0\.0\.1:\d+: add it to Allowed Hosts/);
		expect(api.requests.length).toBe(before);
	});

	test('a credential with neither Base URL nor Allowed Hosts sends nothing, and says what to set', async () => {
		const before = api.requests.length;
		const result = await runNode({
			node: new ApiKeyRequest(),
			parameters: { method: 'GET', url: `${api.url}/v1/echo` },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: { apiKey: KEY, placement: 'header', headerName: 'X-API-Key' } },
		});
		expect(result.error?.message).toBe('The API Key credential does not say where its key may be sent');
		expect(String((result.error as { description?: string }).description)).toContain('* allows any host');
		expect(api.requests.length).toBe(before);
	});

	test('an IDN URL stays valid however often URLs are checked in one process', () => {
		for (let round = 0; round < 20_000; round++) resolveUrl(`/items/${round}`, 'https://api.example.com/v1');
		expect(resolveUrl('https://bücher.example/x', '').hostname).toBe('xn--bcher-kva.example');
	});
});
