/**
 * Self-test of the in-process workflow harness (test/helpers/workflow.ts) and the local test
 * servers (test/helpers/servers.ts), using tiny node and credential types defined here.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { closedPort, json, startServer } from '../helpers/servers';
import type { TestServer } from '../helpers/servers';
import {
	binaryBuffer,
	binaryItem,
	runNode,
	runWorkflow,
	useBinaryDataMode,
} from '../helpers/workflow';

function description(
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: `Harness ${name}`,
		name,
		group: ['transform'],
		version: 1,
		description: `Harness test node ${name}`,
		defaults: { name: `Harness ${name}` },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** Sends every item's JSON to `url` with this.helpers.httpRequest and outputs the answer. */
class HarnessHttpNode implements INodeType {
	description = description('harnessHttp', {
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				default: 'POST',
				options: [
					{ name: 'GET', value: 'GET' },
					{ name: 'POST', value: 'POST' },
				],
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
			const response = (await this.helpers.httpRequest({
				method,
				url: this.getNodeParameter('url', i) as string,
				body: method === 'GET' ? undefined : items[i].json,
				json: true,
			})) as IDataObject;
			out.push({ json: response, pairedItem: { item: i } });
		}
		this.addExecutionHints({ message: `sent ${items.length} request(s)`, location: 'outputPane' });
		return [out];
	}
}

/** Copies an expression-resolved parameter into the item (for multi-node runs). */
class HarnessSetNode implements INodeType {
	description = description('harnessSet', {
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: { ...item.json, value: this.getNodeParameter('value', i) as string },
				pairedItem: { item: i },
			})),
		];
	}
}

/** Function-style authenticate, as the project's ApiKeyApi uses. */
class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';

	displayName = 'Harness Token';

	properties = [
		{ displayName: 'Token', name: 'token', type: 'string' as const, default: '' },
		{
			displayName: 'Header',
			name: 'headerName',
			type: 'string' as const,
			default: 'X-Harness-Token',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// Uses `this` on purpose: the harness must call authenticate as a method.
		expect(this).toBeInstanceOf(HarnessTokenApi);
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				[credentials.headerName as string]: credentials.token as string,
			},
		};
	}
}

/** Declarative (generic) authenticate, resolved with $credentials expressions. */
class HarnessGenericApi implements ICredentialType {
	name = 'harnessGenericApi';

	displayName = 'Harness Generic';

	properties = [{ displayName: 'Key', name: 'key', type: 'string' as const, default: '' }];

	authenticate = {
		type: 'generic' as const,
		properties: { qs: { key: '={{$credentials.key}}' }, headers: { 'X-Static': 'yes' } },
	};
}

class HarnessAuthNode implements INodeType {
	description = description('harnessAuth', {
		credentials: [
			{ name: 'harnessTokenApi', required: true, displayOptions: { show: { auth: ['token'] } } },
			{
				name: 'harnessGenericApi',
				required: true,
				displayOptions: { show: { auth: ['generic'] } },
			},
		],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{
				displayName: 'Auth',
				name: 'auth',
				type: 'options',
				default: 'token',
				options: [
					{ name: 'Token', value: 'token' },
					{ name: 'Generic', value: 'generic' },
				],
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType =
			this.getNodeParameter('auth', 0) === 'generic' ? 'harnessGenericApi' : 'harnessTokenApi';
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
			method: 'GET',
			url: this.getNodeParameter('url', 0) as string,
			json: true,
		})) as IDataObject;
		return [[{ json: response, pairedItem: { item: 0 } }]];
	}
}

/** Reads binary property `data`, upper-cases it and writes it to property `out`. */
class HarnessBinaryNode implements INodeType {
	description = description('harnessBinary');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			this.helpers.assertBinaryData(i, 'data');
			const input = await this.helpers.getBinaryDataBuffer(i, 'data');
			const upper = Buffer.from(input.toString('utf8').toUpperCase(), 'utf8');
			const binary = await this.helpers.prepareBinaryData(upper, 'upper.txt', 'text/plain');
			out.push({
				json: { inputLength: input.length, inputFileName: items[i].binary!.data.fileName ?? null },
				binary: { out: binary },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

/** Throws a NodeOperationError for items with json.fail, or returns error items on continueOnFail. */
class HarnessFailNode implements INodeType {
	description = description('harnessFail');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail) {
					throw new NodeOperationError(this.getNode(), `boom on item ${i}`, {
						itemIndex: i,
						description: 'the item asked to fail',
					});
				}
				out.push({ json: { ok: i }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

describe('workflow harness', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await startServer(async (req, res) => {
			if (req.path === '/echo') {
				json(res, 200, {
					method: req.method,
					received: req.body.length ? JSON.parse(req.body.toString('utf8')) : null,
					token: req.headers['x-harness-token'] ?? null,
					custom: req.headers['x-custom-token'] ?? null,
					key: req.query.get('key'),
					static: req.headers['x-static'] ?? null,
				});
				return;
			}
			json(res, 404, { message: 'not found' });
		});
	});

	afterAll(async () => {
		await server.close();
	});

	beforeEach(() => {
		server.requests.length = 0;
	});

	it('runs a node through WorkflowExecute with real this.helpers.httpRequest, pairing and hints', async () => {
		const result = await runNode({
			node: new HarnessHttpNode(),
			parameters: { url: `${server.url}/echo` }, // method left at its default (POST)
			items: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(server.requests.map((r) => [r.method, r.path, JSON.parse(r.body.toString())])).toEqual([
			['POST', '/echo', { n: 1 }],
			['POST', '/echo', { n: 2 }],
		]);
		expect(server.requests[0].headers['content-type']).toMatch(/application\/json/);
		expect(result.items.map((item) => item.json.received)).toEqual([{ n: 1 }, { n: 2 }]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.outputs).toHaveLength(1);
		expect(result.hints).toEqual([
			expect.objectContaining({ message: 'sent 2 request(s)', location: 'outputPane' }),
		]);
		expect(Object.keys(result.runData)).toEqual(['Harness harnessHttp']);
	});

	it('defaults to one empty input item, manual mode', async () => {
		const result = await runNode({
			node: new HarnessHttpNode(),
			parameters: { url: `${server.url}/echo`, method: 'GET' },
		});
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].method).toBe('GET');
		expect(result.items).toHaveLength(1);
		expect(result.run.mode).toBe('manual');
	});

	it('httpRequestWithAuthentication calls a function authenticate, with credential defaults applied', async () => {
		const result = await runNode({
			node: new HarnessAuthNode(),
			parameters: { url: `${server.url}/echo`, auth: 'token' },
			credentials: { harnessTokenApi: { token: 's3cret' } }, // headerName left at its default
			credentialTypes: [new HarnessTokenApi()],
		});

		expect(result.error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers['x-harness-token']).toBe('s3cret');
		expect(result.items[0].json.token).toBe('s3cret');
	});

	it('passes the given credential data through to authenticate', async () => {
		await runNode({
			node: new HarnessAuthNode(),
			parameters: { url: `${server.url}/echo` },
			credentials: { harnessTokenApi: { token: 'abc', headerName: 'X-Custom-Token' } },
			credentialTypes: [new HarnessTokenApi()],
		});
		expect(server.requests[0].headers['x-custom-token']).toBe('abc');
		expect(server.requests[0].headers['x-harness-token']).toBeUndefined();
	});

	it('supports generic (declarative) authenticate with $credentials expressions', async () => {
		const result = await runNode({
			node: new HarnessAuthNode(),
			parameters: { url: `${server.url}/echo`, auth: 'generic' },
			credentials: { harnessGenericApi: { key: 'k-123' } },
			credentialTypes: [new HarnessGenericApi()],
		});
		expect(result.error).toBeUndefined();
		expect(server.requests[0].query.get('key')).toBe('k-123');
		expect(server.requests[0].headers['x-static']).toBe('yes');
	});

	it('reads and writes binary data (in-memory mode)', async () => {
		const input = await binaryItem(Buffer.from('hello binary'), 'hello.txt', 'text/plain', {
			id: 7,
		});
		expect(input.json).toEqual({ id: 7 });
		expect(input.binary!.data).toMatchObject({ fileName: 'hello.txt', mimeType: 'text/plain' });

		const result = await runNode({ node: new HarnessBinaryNode(), parameters: {}, items: [input] });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({ inputLength: 12, inputFileName: 'hello.txt' });
		expect(result.items[0].binary!.out).toMatchObject({
			fileName: 'upper.txt',
			mimeType: 'text/plain',
			fileExtension: 'txt',
		});
		expect((await binaryBuffer(result.items[0], 'out')).toString()).toBe('HELLO BINARY');
		await expect(binaryBuffer(result.items[0])).rejects.toThrow(/no binary property "data"/);
	});

	it('reads and writes binary data (filesystem mode, items only carry an id)', async () => {
		await useBinaryDataMode('filesystem');
		try {
			const input = await binaryItem(Buffer.from('on disk'), 'disk.txt', 'text/plain');
			expect(input.binary!.data.id).toMatch(/^filesystem-v2:/);

			const result = await runNode({
				node: new HarnessBinaryNode(),
				parameters: {},
				items: [input],
			});

			expect(result.error).toBeUndefined();
			const out = result.items[0].binary!.out;
			expect(out.id).toMatch(/^filesystem-v2:/);
			expect(out.data).toBe('filesystem-v2');
			expect((await binaryBuffer(result.items[0], 'out')).toString()).toBe('ON DISK');
		} finally {
			await useBinaryDataMode('default');
		}
	});

	it('reports a NodeOperationError as the run error', async () => {
		const result = await runNode({
			node: new HarnessFailNode(),
			parameters: {},
			items: [{ json: {} }, { json: { fail: true } }],
		});

		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.outputs).toEqual([]);
		expect(result.error).toBeDefined();
		expect(result.error!.message).toBe('boom on item 1');
		expect(result.error!.description).toBe('the item asked to fail');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			node: { name: 'Harness harnessFail' },
		});
		expect(result.runData['Harness harnessFail'][0].error?.message).toBe('boom on item 1');
	});

	it('continueOnFail sets onError so the node returns error items instead of failing', async () => {
		const result = await runNode({
			node: new HarnessFailNode(),
			parameters: {},
			items: [{ json: {} }, { json: { fail: true } }],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.items.map((item) => item.json)).toEqual([{ ok: 0 }, { error: 'boom on item 1' }]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('surfaces a connection-refused error from a closed port', async () => {
		const port = await closedPort();
		const result = await runNode({
			node: new HarnessHttpNode(),
			parameters: { url: `http://127.0.0.1:${port}/nothing` },
		});
		expect(result.run.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.error)).toMatch(/ECONNREFUSED/);
	});

	it('runs several nodes as a chain, resolving expressions against the previous output', async () => {
		const result = await runWorkflow({
			nodes: [
				{ node: new HarnessHttpNode(), parameters: { url: `${server.url}/echo` } },
				{ node: new HarnessSetNode(), parameters: { value: '={{ $json.received.n * 10 }}' } },
			],
			items: [{ json: { n: 4 } }, { json: { n: 5 } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.nodeNames).toEqual(['Harness harnessHttp', 'Harness harnessSet']);
		const set = result.nodes['Harness harnessSet'];
		expect(set.items.map((item) => item.json.value)).toEqual([40, 50]);
		expect(server.requests).toHaveLength(2);
	});

	it('keeps the caller’s items and parameters unmodified', async () => {
		const items = [{ json: { n: 1 } }];
		const parameters = { url: `${server.url}/echo` };
		await runNode({ node: new HarnessHttpNode(), parameters, items });
		expect(items).toEqual([{ json: { n: 1 } }]);
		expect(parameters).toEqual({ url: `${server.url}/echo` });
	});
});

describe('test servers', () => {
	it('records method, path, query, headers and the full body before the handler runs', async () => {
		const server = await startServer((req, res) => {
			expect(req.body.toString()).toBe('a'.repeat(100_000));
			res.writeHead(201, { 'x-reply': 'yes' });
			res.end('done');
		});
		try {
			const response = await fetch(`${server.url}/up/load?x=1&y=two`, {
				method: 'PUT',
				headers: { 'x-test': 'value' },
				body: 'a'.repeat(100_000),
			});
			expect(response.status).toBe(201);
			expect(await response.text()).toBe('done');
			expect(server.requests).toHaveLength(1);
			const [req] = server.requests;
			expect(req.method).toBe('PUT');
			expect(req.url).toBe('/up/load?x=1&y=two');
			expect(req.path).toBe('/up/load');
			expect(req.query.get('y')).toBe('two');
			expect(req.headers['x-test']).toBe('value');
			expect(req.body.length).toBe(100_000);
			expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
		} finally {
			await server.close();
		}
	});

	it('answers 500 when the handler throws, and closedPort refuses connections', async () => {
		const server = await startServer(() => {
			throw new Error('handler exploded');
		});
		try {
			const response = await fetch(server.url);
			expect(response.status).toBe(500);
			expect(await response.text()).toMatch(/handler exploded/);
		} finally {
			await server.close();
		}
		const port = await closedPort();
		await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
	});
});
