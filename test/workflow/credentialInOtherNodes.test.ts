/**
 * The credential used by nodes that are not ours (n8n's HTTP Request node and any node calling
 * `httpRequestWithAuthentication`): n8n-core sends and redirects, our `authenticate` decides.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ALL_PLACEMENTS, credentialFor, keyIn, serverSaw } from '../helpers/keyApi';
import { json, startServer, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

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
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'apiKeyApi', {
			url: this.getNodeParameter('url', 0) as string,
			method: this.getNodeParameter('method', 0) as 'GET',
			json: true,
		})) as IDataObject;
		return [[{ json: body, pairedItem: { item: 0 } }]];
	},
} as INodeType;

let api: TestServer;
let other: TestServer;
beforeAll(async () => {
	other = await startServer((_req, res) => json(res, 200, { landed: true }));
	api = await startServer((req, res) => {
		if (req.path === '/away') {
			res.writeHead(302, { location: `http://localhost:${other.port}/landing` });
			res.end();
			return;
		}
		json(res, 200, { path: req.path });
	});
});
afterAll(async () => {
	await api.close();
	await other.close();
});

describe('the credential in other nodes', () => {
	test.each(ALL_PLACEMENTS)('%s: the key arrives, and a cross-origin redirect does not get it', async (placement) => {
		const key = `foreign-${placement}-Pq12`;
		const method = placement === 'body' ? 'POST' : 'GET';
		const run = async (url: string) =>
			await runNode({
				node: foreignNode,
				parameters: { url, method },
				credentialTypes: [new ApiKeyApi()],
				credentials: { apiKeyApi: credentialFor(placement, key, { baseUrl: api.url }) },
			});
		const ok = await run('/hello');
		expect(ok.items[0].json).toEqual({ path: '/hello' });
		expect(keyIn(api.requests.at(-1)!, placement)).toBe(key);

		const redirected = await run('/away');
		expect(redirected.error).toBeDefined();
		// Also when the credential allows any host (no Base URL, no Allowed Hosts).
		const anyHost = await runNode({
			node: foreignNode,
			parameters: { url: `${api.url}/away`, method },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credentialFor(placement, key) },
		});
		expect(anyHost.error).toBeDefined();
		expect(other.requests).toHaveLength(0);
		expect(serverSaw(other, key)).toBe(false);
		expect(JSON.stringify([redirected.runData, anyHost.runData])).not.toContain(key);
	});

	test('a host outside Allowed Hosts is refused before anything is sent', async () => {
		const before = other.requests.length;
		const result = await runNode({
			node: foreignNode,
			parameters: { url: `http://localhost:${other.port}/x`, method: 'GET' },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credentialFor('header', 'foreign-host-1', { baseUrl: api.url }) },
		});
		expect(result.error?.message).toContain('does not allow sending its key to http://localhost:');
		expect(other.requests.length).toBe(before);
	});
});
