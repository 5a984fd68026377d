import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { ALL_PLACEMENTS, credentialFor, keyIn, startKeyApi } from '../helpers/keyApi';
import { json, startServer, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

const run = (credentials: Record<string, unknown>, parameters: Record<string, unknown>, items?: Array<{ json: Record<string, unknown> }>) =>
	runNode({
		node: new ApiKeyRequest(),
		parameters: parameters as never,
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentials as never },
		items: items as never,
	});

describe('every placement reaches a key-checking API', () => {
	test.each(ALL_PLACEMENTS)('%s', async (placement) => {
		const key = `key-${placement}-Ab12`;
		const api = await startKeyApi(placement, key);
		try {
			const method = placement === 'body' ? 'POST' : 'GET';
			const good = await run(credentialFor(placement, key, { baseUrl: api.url }), { method, url: '/items' });
			expect(good.error).toBeUndefined();
			expect(good.items).toEqual([{ json: { ok: true, method, path: '/items' }, pairedItem: { item: 0 } }]);
			expect(keyIn(api.requests[0], placement)).toBe(key);

			const bad = await run(credentialFor(placement, 'wrong-key', { baseUrl: api.url }), { method, url: '/items' });
			expect(bad.error?.message).toBe('The API rejected the key (401)');
			expect((bad.error as { description?: string }).description).toContain('The API said: Invalid API key');
		} finally {
			await api.close();
		}
	});
});

describe('credential details', () => {
	let api: TestServer;
	beforeAll(async () => {
		api = await startServer((req, res) => json(res, 200, { path: req.path, query: Object.fromEntries(req.query), headers: req.headers }));
	});
	afterAll(async () => await api.close());

	test('extra headers and query parameters go along; secret ones are masked in the output', async () => {
		const result = await run(
			credentialFor('header', 'main-key-Qw12', {
				baseUrl: api.url,
				extraFields: {
					field: [
						{ location: 'header', name: 'X-Api-Secret', value: 'the-secret-Zx98', secret: true },
						{ location: 'header', name: 'anthropic-version', value: '2023-06-01', secret: false },
						{ location: 'query', name: 'account_id', value: 'acct-42', secret: false },
					],
				},
			}),
			{ method: 'GET', url: '/echo' },
		);
		const received = api.requests.at(-1)!;
		expect(received.headers['x-api-key']).toBe('main-key-Qw12');
		expect(received.headers['x-api-secret']).toBe('the-secret-Zx98');
		expect(received.headers['anthropic-version']).toBe('2023-06-01');
		expect(received.query.get('account_id')).toBe('acct-42');
		const output = result.items[0].json as { headers: Record<string, string>; query: Record<string, string> };
		expect(output.headers['x-api-key']).toBe('[redacted]');
		expect(output.headers['x-api-secret']).toBe('[redacted]');
		expect(output.headers['anthropic-version']).toBe('2023-06-01');
		expect(output.query.account_id).toBe('acct-42');
	});

	test('relative paths resolve against the Base URL, with or without slashes', async () => {
		for (const [baseUrl, url, path] of [
			[`${api.url}/v1`, 'items', '/v1/items'],
			[`${api.url}/v1/`, '/items', '/v1/items'],
			[api.url, '/a/b?x=1', '/a/b'],
		]) {
			const result = await run(credentialFor('query', 'k-1234', { baseUrl }), { method: 'GET', url });
			expect(result.items[0].json.path).toBe(path);
		}
	});

	test('an absolute URL works without a Base URL; a relative one says what to fix', async () => {
		const absolute = await run(credentialFor('bearer', 'k-5678'), { method: 'GET', url: `${api.url}/abs` });
		expect(absolute.items[0].json.path).toBe('/abs');
		const relative = await run(credentialFor('bearer', 'k-5678'), { method: 'GET', url: '/rel' });
		expect(relative.error?.message).toContain('"/rel" is not a full URL and the API Key credential has no Base URL');
	});

	test('the key goes to allowed hosts only: a blocked host receives nothing', async () => {
		const blocked = await startServer((_req, res) => json(res, 200, {}));
		try {
			const viaBase = await run(credentialFor('header', 'k-host-1', { baseUrl: api.url }), {
				method: 'GET',
				url: `http://localhost:${blocked.port}/steal`,
			});
			expect(viaBase.error?.message).toContain('does not allow sending its key to http://localhost:');
			const viaList = await run(credentialFor('header', 'k-host-1', { allowedHosts: 'api.example.com, *.example.org' }), {
				method: 'GET',
				url: `${blocked.url}/steal`,
			});
			expect(viaList.error?.message).toContain('does not allow sending its key to http://127.0.0.1:');
			expect(blocked.requests).toHaveLength(0);

			const allowed = await run(credentialFor('header', 'k-host-1', { allowedHosts: `http://localhost:${blocked.port}` }), {
				method: 'GET',
				url: `http://localhost:${blocked.port}/fine`,
			});
			expect(allowed.error).toBeUndefined();
			expect(blocked.requests).toHaveLength(1);
		} finally {
			await blocked.close();
		}
	});

	test('a node header with the same name as the credential header is replaced by the key', async () => {
		await run(credentialFor('bearer', 'k-auth-9'), {
			method: 'GET',
			url: `${api.url}/h`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'authorization', value: 'Bearer someone-else' }, { name: 'X-Trace', value: 't1' }] },
		});
		const received = api.requests.at(-1)!;
		expect(received.headers.authorization).toBe('Bearer k-auth-9');
		expect(received.headers['x-trace']).toBe('t1');
	});

	test('a broken credential fails with a message that names the field, not the key', async () => {
		const result = await run(credentialFor('authScheme', 'k-scheme', { scheme: 'two words' }), { method: 'GET', url: `${api.url}/x` });
		expect(result.error?.message).toBe('The authorization scheme is missing or invalid');
		expect(JSON.stringify(result.error)).not.toContain('k-scheme');
	});
});

describe('items and expressions', () => {
	test('every item gets its own request and pairing; Continue On Fail keeps going', async () => {
		const api = await startKeyApi('header', 'k-items-1', {
			'/fail': (_req, res) => json(res, 500, { message: 'boom' }),
		});
		try {
			const result = await runNode({
				node: new ApiKeyRequest(),
				parameters: { method: 'GET', url: '={{ $json.path }}' },
				credentialTypes: [new ApiKeyApi()],
				credentials: { apiKeyApi: credentialFor('header', 'k-items-1', { baseUrl: api.url }) },
				items: ['/a', '/fail', '/b', '/fail', '/c'].map((path) => ({ json: { path } })),
				continueOnFail: true,
			});
			expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
			expect(result.items.map((item) => item.json.path ?? item.json.error)).toEqual([
				'/a',
				'The API had a problem answering (500)',
				'/b',
				'The API had a problem answering (500)',
				'/c',
			]);
			expect(api.requests.map((req) => req.path)).toEqual(['/a', '/fail', '/b', '/fail', '/c']);

			const strict = await runNode({
				node: new ApiKeyRequest(),
				parameters: { method: 'GET', url: '={{ $json.path }}' },
				credentialTypes: [new ApiKeyApi()],
				credentials: { apiKeyApi: credentialFor('header', 'k-items-1', { baseUrl: api.url }) },
				items: ['/a', '/fail', '/b'].map((path) => ({ json: { path } })),
			});
			expect(strict.error?.message).toBe('The API had a problem answering (500)');
			expect((strict.error as { description?: string }).description).toContain('The API said: boom');
		} finally {
			await api.close();
		}
	});
});
