/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * The key against a hostile API: echoes in JSON escapes, text, error bodies, headers, file names,
 * file bytes and every guaranteed encoding, for every placement, through the real node run by
 * n8n-core. The key must show nowhere a user, a log or the database could see it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { startHostileApi, ENCODINGS, JSON_STYLES, type HostileApi } from '../helpers/hostileApi';
import { ALL_PLACEMENTS, credentialFor, serverSaw, type PlacementName } from '../helpers/keyApi';
import { findLeak, runKeepingErrors } from '../helpers/leaks';

let hostile: HostileApi;
beforeAll(async () => {
	hostile = await startHostileApi();
});
afterAll(async () => await hostile.close());

const SECRET_EXTRA = 'extra-secret-Hq7/+Zk';

async function call(placement: PlacementName, key: string, path: string, options: INodeParameters = {}, extra: Record<string, unknown> = {}) {
	return await runKeepingErrors({
		node: new ApiKeyRequest(),
		parameters: { method: placement === 'body' ? 'POST' : 'GET', url: path, options: { timeout: 2000, ...options } },
		credentialTypes: [new ApiKeyApi()],
		credentials: {
			apiKeyApi: credentialFor(placement, key, {
				baseUrl: hostile.api.url,
				extraFields: { field: [{ location: 'header', name: 'X-Api-Secret', value: SECRET_EXTRA, secret: true }] },
				...extra,
			}),
		},
	});
}

const keyFor = (placement: PlacementName) => `Hk-${placement}/9+Qz=Rw`;
const asciiKeyFor = (placement: PlacementName) => `Hk-${placement}-9Qz-Rw`;
/** A key every placement accepts (cookies refuse / + =). */
const keyOf = (placement: PlacementName) => (placement === 'cookie' ? asciiKeyFor(placement) : keyFor(placement));

describe('echoes of the key are masked after decoding', () => {
	const routes: Array<[string, INodeParameters]> = [
		...JSON_STYLES.map((style): [string, INodeParameters] => [`/json/${style}`, {}]),
		...JSON_STYLES.map((style): [string, INodeParameters] => [`/json/${style}`, { responseFormat: 'text' }]),
		...ENCODINGS.map((encoding): [string, INodeParameters] => [`/text/${encodeURIComponent(encoding)}`, {}]),
		['/status/401/u-lower', { neverError: true }],
		['/status/401/dotnet', { neverError: true, fullResponse: true }],
		['/status/401/u-upper', {}],
		['/status/500/php', { retry: { retry: { maxRetries: 0 } } }],
		['/headers', { fullResponse: true }],
		['/file', {}],
		['/file', { responseFormat: 'file', fullResponse: true }],
	];
	const cases = ALL_PLACEMENTS.flatMap((placement) => routes.map(([path, options]) => [placement, path, options] as const));

	test.each(cases)('%s placement, %s %j', async (placement, path, options) => {
		const key = keyOf(placement);
		const result = await call(placement, key, path, options);
		expect(serverSaw(hostile.api, key)).toBe(true);
		expect(findLeak(result.texts, [key, SECRET_EXTRA])).toBeUndefined();
		if (!path.startsWith('/status') || options.neverError) {
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBeGreaterThan(0);
		}
	});

	test('JSON stays JSON: an escaped echo is parsed, then masked', async () => {
		const result = await call('header', 'Rk9-abc/DEF+xyz', '/json/u-lower');
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.ok).toBe(true);
		expect(result.items[0].json.echo).toContain('[redacted]');
	});

	test('a short numeric key inside larger numbers does not break the JSON', async () => {
		const result = await call('query', '12345', '/numbers');
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.s).toBe('plain');
		expect(JSON.stringify(result.items[0].json)).not.toContain('12345');
	});

	test('a key used as a field name is masked, and Split Into Items still splits', async () => {
		const key = 'Fk-field-name-77';
		const result = await call('header', key, '/field-name', { splitAtPath: 'data' });
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(1);
		expect(result.items.every((item) => item.json.name === 'record')).toBe(true);
		expect(findLeak(result.texts, [key])).toBeUndefined();
	});

	test('binary metadata (file name, extension, MIME type) is masked', async () => {
		const key = 'Bk-binary-meta-42';
		const result = await call('header', key, '/file');
		const binary = result.items[0].binary?.data;
		expect(binary).toBeDefined();
		expect(binary!.fileName).toContain('[redacted]');
		expect(binary!.mimeType).not.toContain(key);
		expect(findLeak(result.texts, [key])).toBeUndefined();
	});
});

describe('error texts are masked first and cut after', () => {
	test.each([280, 285, 290, 295, 298, 300])('a key straddling the cut at %i characters leaves no part of itself', async (filler) => {
		const key = 'Ck-straddle-0123456789-abcdef';
		const result = await call('header', key, `/long-error/${filler}`);
		expect(result.error?.message).toBe('The API rejected the key (401)');
		const description = String((result.error as { description?: string }).description);
		for (let length = 6; length <= key.length; length++) {
			expect(description).not.toContain(key.slice(0, length));
		}
		expect(findLeak(result.texts, [key])).toBeUndefined();
	});
});

describe('pagination with the key in the next URL', () => {
	test('goes on to the next pages and never shows the key', async () => {
		const key = 'Pk-next-url-5/6+7';
		const result = await call('query', key, '/next-with-key', {
			splitAtPath: 'data',
			pagination: { pagination: { paginationMode: 'nextUrlInBody', nextUrlPath: 'next' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.page)).toEqual([1, 2, 3]);
		expect(findLeak(result.texts, [key])).toBeUndefined();
	});
});

describe('redirects that carry the key in another encoding', () => {
	const cases = (['query', 'path', 'userinfo', 'fragment'] as const).flatMap((where) => (['upper', 'lower'] as const).map((hexCase) => [where, hexCase] as const));

	test.each(cases)('a Location with the key percent-encoded byte by byte in the %s (%s hex) is refused', async (where, hexCase) => {
		const key = 'Rk-redirect-key-31';
		const before = hostile.other.requests.length;
		const result = await call('header', key, `/redirect/${where}/${hexCase}`);
		expect(result.error?.message).toBe('A redirect to another origin was refused');
		expect(hostile.other.requests.length).toBe(before);
		expect(findLeak(result.texts, [key])).toBeUndefined();
	});
});
