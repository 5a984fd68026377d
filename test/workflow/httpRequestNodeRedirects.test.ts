/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * The credential in n8n's own HTTP Request node (from the pinned n8n, Authentication → Predefined
 * Credential Type → API Key) and in any node calling httpRequestWithAuthentication, against
 * redirects to another port on the same host, from https to plain http, and 301/302/303/307/308
 * with the key in the body: no request with the key (or a secret extra field) reaches another
 * origin, for every placement. The API Key Request node meets the same redirects for comparison.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { ALL_PLACEMENTS, credentialFor, serverSaw, type PlacementName } from '../helpers/keyApi';
import { findLeak, visibleTexts } from '../helpers/leaks';
import { loadHttpRequestNode } from '../helpers/n8nNodes';
import { json, startServer, startTlsServer, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

const STATUSES = [301, 302, 303, 307, 308] as const;
const SECRET_EXTRA = 'extra-secret-redirect-Vb3';

let landing: TestServer;
let api: TestServer;
let tls: TestServer;
const httpRequest = loadHttpRequestNode();

function redirector(target: () => string) {
	return (req: { path: string; url: string }, res: import('node:http').ServerResponse) => {
		const match = /^\/redirect\/(\d{3})(\/repeat)?/.exec(req.path);
		if (!match) return json(res, 200, { ok: true });
		// /repeat: the Location repeats the query, as many APIs do, so a query key travels along.
		const query = match[2] && req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
		res.writeHead(Number(match[1]), { location: `${target()}/landing${query}` });
		res.end();
	};
}

beforeAll(async () => {
	landing = await startServer((_req, res) => json(res, 200, { landed: true }));
	api = await startServer(redirector(() => `http://127.0.0.1:${landing.port}`));
	tls = await startTlsServer(redirector(() => `http://127.0.0.1:${landing.port}`));
});
afterAll(async () => {
	await Promise.all([landing.close(), api.close(), tls.close()]);
});

const credential = (placement: PlacementName, key: string) =>
	credentialFor(placement, key, {
		extraFields: {
			field: [
				{ location: 'header', name: 'X-Api-Secret', value: SECRET_EXTRA, secret: true },
				{ location: 'query', name: 'q_secret', value: SECRET_EXTRA, secret: true },
			],
		},
	});

const body = { sendBody: true, contentType: 'json', specifyBody: 'keypair', bodyParameters: { parameters: [{ name: 'note', value: 'hello' }] } };

function httpRequestParameters(placement: PlacementName, status: number, base: string): INodeParameters {
	return {
		method: placement === 'body' || status === 307 || status === 308 ? 'POST' : 'GET',
		url: `${base}/redirect/${status}/repeat`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'apiKeyApi',
		...(placement === 'body' || status >= 307 ? body : {}),
		options: { allowUnauthorizedCerts: true },
	};
}

const cases = ALL_PLACEMENTS.flatMap((placement) =>
	STATUSES.flatMap((status) => [
		[placement, status, 'another port'] as const,
		[placement, status, 'https to http'] as const,
	]),
);

describe("n8n's HTTP Request node with the API Key credential", () => {
	test.each(cases)('%s placement, %i to %s: no key reaches the other origin', async (placement, status, kind) => {
		const key = `redirect-${placement}-${status}-Kq9`;
		const before = landing.requests.length;
		const source = kind === 'another port' ? api : tls;
		const result = await runNode({
			node: httpRequest,
			typeVersion: 4.2,
			parameters: httpRequestParameters(placement, status, source.url),
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credential(placement, key) },
		});
		// The key reached the first origin: the assertions below are about a live secret.
		expect(serverSaw(source, key)).toBe(true);
		expect(serverSaw(landing, key)).toBe(false);
		expect(serverSaw(landing, SECRET_EXTRA)).toBe(false);
		// authenticate turns redirect following off: the redirect is answered, not followed.
		expect(landing.requests.length).toBe(before);
		expect(result.error?.message).toContain(String(status));
		expect(findLeak(await visibleTexts({ items: result.items, runData: result.runData }), [key, SECRET_EXTRA])).toBeUndefined();
	});
});

/** A node that calls httpRequestWithAuthentication, as many community and built-in nodes do. */
const foreignNode: INodeType = {
	description: {
		displayName: 'Foreign Node',
		name: 'foreignNode',
		group: ['transform'],
		version: 1,
		description: 'Calls a URL with httpRequestWithAuthentication',
		defaults: { name: 'Foreign Node' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'apiKeyApi', required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const method = this.getNodeParameter('method', 0) as 'GET' | 'POST';
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'apiKeyApi', {
			url: this.getNodeParameter('url', 0) as string,
			method,
			...(method === 'POST' ? { body: { note: 'hello' } } : {}),
			skipSslCertificateValidation: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: true,
		})) as IDataObject;
		return [[{ json: { statusCode: response.statusCode as number }, pairedItem: { item: 0 } }]];
	},
} as INodeType;

describe('any node calling httpRequestWithAuthentication', () => {
	test.each(cases)('%s placement, %i to %s: the redirect is answered, not followed', async (placement, status, kind) => {
		const key = `foreign-${placement}-${status}-Lm4`;
		const before = landing.requests.length;
		const source = kind === 'another port' ? api : tls;
		const result = await runNode({
			node: foreignNode,
			parameters: { url: `${source.url}/redirect/${status}/repeat`, method: placement === 'body' || status >= 307 ? 'POST' : 'GET' },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credential(placement, key) },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.statusCode).toBe(status);
		expect(serverSaw(source, key)).toBe(true);
		expect(landing.requests.length).toBe(before);
	});
});

describe('the API Key Request node on the same redirects', () => {
	test.each(cases)('%s placement, %i to %s: followed without the key, or refused when the Location carries it', async (placement, status, kind) => {
		const key = `ours-${placement}-${status}-Pz2`;
		const before = landing.requests.length;
		const source = kind === 'another port' ? api : tls;
		const result = await runNode({
			node: new ApiKeyRequest(),
			parameters: {
				method: placement === 'body' || status >= 307 ? 'POST' : 'GET',
				url: `${source.url}/redirect/${status}/repeat`,
				...(placement === 'body' || status >= 307 ? body : {}),
				options: { allowUnauthorizedCerts: true },
			},
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credentialFor(placement, key, { extraFields: { field: [{ location: 'header', name: 'X-Api-Secret', value: SECRET_EXTRA, secret: true }] } }) },
		});
		expect(serverSaw(source, key)).toBe(true);
		expect(serverSaw(landing, key)).toBe(false);
		expect(serverSaw(landing, SECRET_EXTRA)).toBe(false);
		const landed = landing.requests.length - before;
		if (placement === 'query') {
			// The Location repeats the query, so the new address itself carries the key.
			expect(result.error?.message).toBe('A redirect to another origin was refused');
			expect(landed).toBe(0);
		} else {
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.landed).toBe(true);
			expect(landed).toBe(1);
		}
		expect(findLeak(await visibleTexts({ items: result.items, runData: result.runData }), [key, SECRET_EXTRA])).toBeUndefined();
	});
});
