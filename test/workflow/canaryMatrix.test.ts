/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Every placement × every way a request can fail: the key never shows up in the node's output,
 * its error (serialised whole), or the stored run data, and never reaches another origin.
 * The failing API echoes everything it received back, the worst case for leaks.
 */
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { ALL_PLACEMENTS, credentialFor, serverSaw, type PlacementName } from '../helpers/keyApi';
import { closedPort, json, startServer, type TestServer } from '../helpers/servers';
import { runNode, type RunNodeResult } from '../helpers/workflow';

const FAILURES = [
	'401',
	'403',
	'404',
	'429',
	'500',
	'timeout',
	'refused',
	'badJson',
	'crossOriginRedirect',
	'redirectWithKeyInLocation',
	'disallowedHost',
] as const;
type Failure = (typeof FAILURES)[number];

const EXPECTED_MESSAGE: Record<Failure, RegExp | undefined> = {
	'401': /rejected the key \(401\)/,
	'403': /not allowed to do this \(403\)/,
	'404': /not found \(404\)/,
	'429': /rate limiting this key \(429\)/,
	'500': /problem answering \(500\)/,
	timeout: /did not answer within 300 ms/,
	refused: /refused the connection/,
	badJson: /not valid JSON/,
	crossOriginRedirect: undefined,
	redirectWithKeyInLocation: /redirect to another origin was refused/,
	disallowedHost: /does not allow sending its key to http:\/\/localhost:/,
};

let api: TestServer;
let other: TestServer;
let refusedPort: number;

function echo(req: { url: string; headers: unknown; body: Buffer }) {
	return { url: req.url, headers: req.headers, body: req.body.toString('utf8') };
}

beforeAll(async () => {
	other = await startServer((req, res) => json(res, 200, { landed: true, saw: echo(req) }));
	api = await startServer(async (req, res) => {
		const status = /^\/status\/(\d+)$/.exec(req.path);
		if (status) {
			const code = Number(status[1]);
			const headers = code === 429 ? { 'retry-after': '30' } : {};
			json(res, code, { message: `Rejected request ${JSON.stringify(echo(req))}`, echo: echo(req) }, headers);
			return;
		}
		if (req.path === '/slow') {
			await new Promise((resolve) => setTimeout(resolve, 1500).unref());
			json(res, 200, { late: true });
			return;
		}
		if (req.path === '/bad-json') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(`{"echo": ${JSON.stringify(echo(req))}, broken`);
			return;
		}
		if (req.path === '/redirect') {
			res.writeHead(302, { location: `${other.origin}/landing` });
			res.end();
			return;
		}
		if (req.path === '/redirect-with-query') {
			res.writeHead(302, { location: `${other.origin}/landing?${req.url.split('?')[1] ?? ''}&h=${encodeURIComponent(JSON.stringify(req.headers))}` });
			res.end();
			return;
		}
		json(res, 200, { echo: echo(req) });
	});
	refusedPort = await closedPort();
});

afterAll(async () => {
	await api.close();
	await other.close();
});

function scenario(failure: Failure): { url: string; extra: Record<string, unknown> } {
	switch (failure) {
		case 'timeout':
			return { url: '/slow', extra: {} };
		case 'refused':
			return { url: `http://127.0.0.1:${refusedPort}/anything`, extra: { allowedHosts: `http://127.0.0.1:${refusedPort}` } };
		case 'badJson':
			return { url: '/bad-json', extra: {} };
		case 'crossOriginRedirect':
			return { url: '/redirect', extra: { allowedHosts: api.url } };
		case 'redirectWithKeyInLocation':
			return { url: '/redirect-with-query', extra: { allowedHosts: api.url } };
		case 'disallowedHost':
			return { url: `http://localhost:${other.port}/landing`, extra: {} };
		default:
			return { url: `/status/${failure}`, extra: {} };
	}
}

type SerializableError = Error & { toJSON: () => unknown; description?: string };

/** The node as n8n runs it, keeping the error it throws: n8n stores only a copy of its fields. */
function capturingNode(thrown: SerializableError[]): ApiKeyRequest {
	const node = new ApiKeyRequest();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions) {
		try {
			return await execute.call(this);
		} catch (error) {
			thrown.push(error as SerializableError);
			throw error;
		}
	};
	return node;
}

function everythingVisible(result: RunNodeResult, thrown: SerializableError[]): string {
	const error = result.error as (Error & { description?: string }) | undefined;
	return [
		...thrown.map((original) => JSON.stringify(original.toJSON())),
		...thrown.map((original) => `${original.message}\n${original.description ?? ''}\n${original.stack ?? ''}`),
		JSON.stringify(result.items),
		JSON.stringify(result.runData),
		error ? JSON.stringify(error) : '',
		error?.message ?? '',
		error?.description ?? '',
		error?.stack ?? '',
	].join('\n');
}

const cases = ALL_PLACEMENTS.flatMap((placement) => FAILURES.map((failure) => [placement, failure] as const));

describe('canary key matrix', () => {
	test.each(cases)('%s placement, %s: the key stays secret', async (placement: PlacementName, failure: Failure) => {
		const canary = `canary-${placement}-${failure}-Zq81`;
		const secretExtra = `extra-secret-${placement}-${failure}-Wm42`;
		const { url, extra } = scenario(failure);
		const parameters: INodeParameters = {
			method: placement === 'body' ? 'POST' : 'GET',
			url,
			options: { timeout: 300 },
		};
		const requestsBefore = other.requests.length;
		const thrown: SerializableError[] = [];
		const result = await runNode({
			node: capturingNode(thrown),
			parameters,
			credentialTypes: [new ApiKeyApi()],
			credentials: {
				apiKeyApi: credentialFor(placement, canary, {
					baseUrl: api.url,
					extraFields: { field: [{ location: 'header', name: 'X-Api-Secret', value: secretExtra, secret: true }] },
					...extra,
				}),
			},
		});

		const visible = everythingVisible(result, thrown);
		expect(thrown).toHaveLength(failure === 'crossOriginRedirect' ? 0 : 1);
		expect(visible).not.toContain(canary);
		expect(visible).not.toContain(encodeURIComponent(canary));
		expect(visible).not.toContain(secretExtra);
		expect(visible).not.toContain(Buffer.from(`${canary}:`).toString('base64').slice(0, 20));
		expect(serverSaw(other, canary)).toBe(false);
		expect(serverSaw(other, secretExtra)).toBe(false);

		const expected = EXPECTED_MESSAGE[failure];
		if (expected) {
			expect(result.error?.message).toMatch(expected);
		} else {
			expect(result.error).toBeUndefined();
			expect(other.requests.length).toBe(requestsBefore + 1);
			expect(result.items[0].json.landed).toBe(true);
		}
		// The key really went to the API, so the assertions above are about a live secret.
		const reachedApi = failure !== 'refused' && failure !== 'disallowedHost';
		expect(serverSaw(api, canary)).toBe(reachedApi);
		if (failure === 'disallowedHost' || failure === 'redirectWithKeyInLocation') {
			expect(other.requests.length).toBe(requestsBefore);
		}
	});

	test('the matrix covers every placement and failure', () => {
		expect(cases).toHaveLength(ALL_PLACEMENTS.length * FAILURES.length);
	});
});

describe('canary key under Continue On Fail', () => {
	test.each(ALL_PLACEMENTS)('%s placement: error items carry no key', async (placement) => {
		const canary = `canary-cof-${placement}-Hx55`;
		const result = await runNode({
			node: new ApiKeyRequest(),
			parameters: { method: placement === 'body' ? 'POST' : 'GET', url: '={{ $json.path }}', options: { timeout: 300 } },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credentialFor(placement, canary, { baseUrl: api.url }) },
			items: ['/status/401', '/status/500', '/bad-json', '/slow', '/ok'].map((path) => ({ json: { path } })),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.items.slice(0, 4).every((item) => typeof item.json.error === 'string')).toBe(true);
		expect(JSON.stringify(result.runData)).not.toContain(canary);
		expect(JSON.stringify(result.items)).not.toContain(canary);
	});
});
