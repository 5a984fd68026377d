/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Bounded and nothing lost: answers larger than Max Response Size, endless answers and answers
 * that drip in fail their item with a clear error; Continue On Fail gives every item its own
 * paired error item, also when the credential itself cannot be used; a failing later page says
 * how far pagination got. No timed assertions: what is checked is how a request ended.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { credentialFor } from '../helpers/keyApi';
import { json, startServer, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

const KEY = 'bounds-key-7Yt';
let announcedStarted: (() => void) | undefined;
let api: TestServer;

beforeAll(async () => {
	api = await startServer(async (req, res) => {
		switch (req.path) {
			case '/big': {
				const size = Number(req.query.get('mb') ?? '2') * 1024 * 1024;
				res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
				res.end(Buffer.alloc(size, 0x61));
				return;
			}
			case '/announced-only': {
				// Announces 90 MB, sends 1 KB, then nothing: a lie that must not cost 90 MB.
				res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 90 * 1024 * 1024 });
				res.write(Buffer.alloc(1024, 0x64));
				announcedStarted?.();
				return;
			}
			case '/big-unannounced': {
				// No Content-Length: chunked, so only counting what arrives can stop it.
				res.writeHead(200, { 'content-type': 'text/plain' });
				const chunk = Buffer.alloc(64 * 1024, 0x62);
				for (let sent = 0; sent < 3 * 1024 * 1024 && !res.destroyed; sent += chunk.length) {
					if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
				}
				res.end();
				return;
			}
			case '/endless': {
				res.writeHead(200, { 'content-type': 'text/plain' });
				const chunk = Buffer.alloc(64 * 1024, 0x63);
				const pump = () => {
					while (!res.destroyed && res.write(chunk));
					if (!res.destroyed) res.once('drain', pump);
				};
				pump();
				return;
			}
			case '/drip': {
				// 10 bytes every 100 ms: never idle long enough for a socket timeout.
				res.writeHead(200, { 'content-type': 'text/plain' });
				const timer = setInterval(() => {
					if (res.destroyed) return clearInterval(timer);
					res.write('0123456789');
				}, 100);
				res.on('close', () => clearInterval(timer));
				return;
			}
			case '/slow': {
				// Answers after 200 ms: any real Timeout lets it through.
				const timer = setTimeout(() => json(res, 200, { ok: true, slow: true }), 200);
				res.on('close', () => clearTimeout(timer));
				return;
			}
			case '/pages': {
				const page = Number(req.query.get('page') ?? '1');
				if (page === 3) return json(res, 500, { error: 'page 3 broke' });
				return json(res, 200, { data: [{ page, n: 1 }, { page, n: 2 }] });
			}
			default:
				return json(res, 200, { ok: true });
		}
	});
});
afterAll(async () => await api.close());

async function call(parameters: INodeParameters, extra: Record<string, unknown> = {}, options: { continueOnFail?: boolean; items?: number } = {}) {
	return await runNode({
		node: new ApiKeyRequest(),
		parameters: { method: 'GET', ...parameters },
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor('header', KEY, { baseUrl: api.url, ...extra }) },
		continueOnFail: options.continueOnFail,
		items: Array.from({ length: options.items ?? 1 }, (_, index) => ({ json: { index } })),
	});
}

describe('Max Response Size', () => {
	test('an answer larger than the limit fails before it is read', async () => {
		const result = await call({ url: '/big?mb=3', options: { maxResponseSizeMb: 1, responseFormat: 'file' } });
		expect(result.error?.message).toBe("The API's answer is larger than Max Response Size (1 MB)");
		expect((result.error as { description?: string }).description).toContain('Raise Max Response Size');
	});

	test('an answer without Content-Length is counted as it arrives', async () => {
		const result = await call({ url: '/big-unannounced', options: { maxResponseSizeMb: 1 } });
		expect(result.error?.message).toBe("The API's answer is larger than Max Response Size (1 MB)");
	});

	test('an endless answer ends at the limit', async () => {
		const result = await call({ url: '/endless', options: { maxResponseSizeMb: 2 } });
		expect(result.error?.message).toBe("The API's answer is larger than Max Response Size (2 MB)");
	});

	test('an answer within the limit arrives whole', async () => {
		const result = await call({ url: '/big?mb=2', options: { maxResponseSizeMb: 3, responseFormat: 'text' } });
		expect(result.error).toBeUndefined();
		expect(String(result.items[0].json.data)).toHaveLength(2 * 1024 * 1024);
	});
});

describe('memory follows the bytes that arrive, not what the server announces', () => {
	test('an answer announcing 90 MB that sends 1 KB holds about 1 MB while it waits, then times out', async () => {
		const started = new Promise<void>((resolve) => (announcedStarted = resolve));
		const before = process.memoryUsage().arrayBuffers;
		const pending = call({ url: '/announced-only', options: { timeout: 1500, maxResponseSizeMb: 100, responseFormat: 'file' } });
		await started;
		await new Promise((resolve) => setTimeout(resolve, 300));
		const during = process.memoryUsage().arrayBuffers - before;
		const result = await pending;
		expect(result.error?.message).toBe('The API did not answer within 1500 ms');
		expect(during).toBeLessThan(16 * 1024 * 1024);
	});
});

describe('Timeout bounds the whole request', () => {
	test('an answer that drips in ends at Timeout with a clear error', async () => {
		const result = await call({ url: '/drip', options: { timeout: 700 } });
		expect(result.error?.message).toBe('The API did not answer within 700 ms');
	});

	// A Node timer holds at most 2^31 - 1 ms; beyond that it fires after 1 ms (and AbortSignal.timeout
	// throws beyond 2^32 - 1), so a huge Timeout must mean "very long", not "at once" or a crash.
	test.each([2 ** 31, 2 ** 32, 1e12])('a Timeout of %d ms waits for a slow answer instead of failing at once', async (timeout) => {
		const result = await call({ url: '/slow', options: { timeout } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ok: true, slow: true });
	});
});

describe('Continue On Fail', () => {
	test('an expired key gives every item its own paired error item', async () => {
		const result = await call({ url: '/ok' }, { expiresAt: '2020-01-01T00:00:00.000Z' }, { continueOnFail: true, items: 3 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of result.items) {
			expect(item.json.error).toBe('The API key expired on 2020-01-01, so nothing was sent');
			expect(item.json.index).toBeUndefined();
		}
		expect(JSON.stringify(result.runData)).not.toContain(KEY);
	});

	test('an invalid credential gives every item its own paired error item', async () => {
		const result = await call({ url: '/ok' }, { allowedHosts: 'api.example.com, *.' }, { continueOnFail: true, items: 2 });
		expect(result.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Allowed Hosts: "*." is not a host name, *.domain or *', { item: 0 }],
			['Allowed Hosts: "*." is not a host name, *.domain or *', { item: 1 }],
		]);
	});

	test('without Continue On Fail, the credential problem fails the node with the same message', async () => {
		const result = await call({ url: '/ok' }, { expiresAt: '2020-01-01T00:00:00.000Z' }, { items: 2 });
		expect(result.error?.message).toBe('The API key expired on 2020-01-01, so nothing was sent');
		expect(result.items).toHaveLength(0);
	});
});

describe('a failure on a later page', () => {
	test('says how many pages and records were fetched before it', async () => {
		const result = await call({
			url: '/pages',
			options: {
				splitAtPath: 'data',
				retry: { retry: { maxRetries: 0 } },
				pagination: { pagination: { paginationMode: 'pageNumber', pageParameter: 'page' } },
			},
		});
		expect(result.error?.message).toBe('The API had a problem answering (500)');
		expect((result.error as { description?: string }).description).toContain('Pagination had fetched 2 pages (4 records) before page 3 failed.');
	});
});
