/* eslint-disable @n8n/community-nodes/credential-password-field -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * What the other tests take on trust from the harness, checked so that none of them can pass
 * vacuously: the test servers really record every request, the credential's authenticate really
 * runs, a failing run really reports its error, binary data really round-trips, and the leak
 * scanner really finds a planted key in every encoding and in every place a run leaves text.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { encodingsOf, findLeak, leakCount, runKeepingErrors } from '../helpers/leaks';
import { CANARY, CANARY_ASCII } from '../helpers/secretAssertions';
import { closedPort, json, startServer, type TestServer } from '../helpers/servers';
import { binaryBuffer, binaryItem, runNode, useBinaryDataMode } from '../helpers/workflow';

function description(name: string, extra: Partial<INodeTypeDescription> = {}): INodeTypeDescription {
	return {
		displayName: `Harness ${name}`,
		name,
		group: ['transform'],
		version: 1,
		description: `Harness test node ${name}`,
		defaults: { name: `Harness ${name}` },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
		...extra,
	};
}

/** Sends every item's JSON to `url` with this.helpers.httpRequest (or, with a credential, with authentication). */
class HarnessHttpNode implements INodeType {
	description = description('harnessHttp', {
		credentials: [
			{ name: 'harnessTokenApi', required: false },
			{ name: 'harnessGenericApi', required: false },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const credentialType = Object.keys(this.getNode().credentials ?? {})[0];
		for (let i = 0; i < items.length; i++) {
			const request: IHttpRequestOptions = { method: 'POST', url: this.getNodeParameter('url', i) as string, body: items[i].json, json: true };
			const response = (credentialType
				? await this.helpers.httpRequestWithAuthentication.call(this, credentialType, request)
				: await this.helpers.httpRequest(request)) as IDataObject;
			out.push({ json: response, pairedItem: { item: i } });
		}
		return [out];
	}
}

/** Function-style authenticate, as the package's credential uses. */
class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';
	displayName = 'Harness Token';
	properties = [
		{ displayName: 'Token', name: 'token', type: 'string' as const, default: '' },
		{ displayName: 'Header', name: 'headerName', type: 'string' as const, default: 'X-Harness-Token' },
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, [credentials.headerName as string]: credentials.token as string } };
	}
}

/** Declarative (generic) authenticate, resolved with $credentials expressions. */
class HarnessGenericApi implements ICredentialType {
	name = 'harnessGenericApi';
	displayName = 'Harness Generic';
	properties = [{ displayName: 'Token', name: 'token', type: 'string' as const, default: '' }];
	authenticate = { type: 'generic' as const, properties: { headers: { 'X-Harness-Token': '={{$credentials.token}}' } } };
}

type Place = 'json' | 'binary bytes' | 'binary file name' | 'hint' | 'error message' | 'error description';

/** Writes `secret` into exactly one place a run leaves text: an item, binary data, a hint or an error. */
class HarnessPlantNode implements INodeType {
	description = description('harnessPlant', {
		properties: [
			{ displayName: 'Place', name: 'place', type: 'string', default: 'json' },
			{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const place = this.getNodeParameter('place', 0) as Place;
		const secret = this.getNodeParameter('secret', 0) as string;
		const item: INodeExecutionData = { json: { place }, pairedItem: { item: 0 } };
		if (place === 'json') item.json.echo = secret;
		if (place === 'binary bytes') item.binary = { data: await this.helpers.prepareBinaryData(Buffer.from(secret), 'a.txt', 'text/plain') };
		if (place === 'binary file name') item.binary = { data: await this.helpers.prepareBinaryData(Buffer.from('x'), `${secret}.txt`, 'text/plain') };
		if (place === 'hint') this.addExecutionHints({ message: secret, location: 'outputPane' });
		if (place === 'error message') throw new NodeOperationError(this.getNode(), `bad ${secret}`);
		if (place === 'error description') throw new NodeOperationError(this.getNode(), 'bad', { description: secret });
		return [[item]];
	}
}

describe('test servers', () => {
	it('record every request, in order, with method, path, query, headers and the full body', async () => {
		const server = await startServer((req, res) => json(res, 201, { length: req.body.length }));
		try {
			for (const n of [1, 2, 3]) {
				const response = await fetch(`${server.url}/up/load?n=${n}`, { method: 'PUT', headers: { 'x-test': `v${n}` }, body: 'a'.repeat(100_000) });
				expect(response.status).toBe(201);
				expect(await response.json()).toEqual({ length: 100_000 });
			}
			expect(server.requests.map((req) => [req.method, req.path, req.query.get('n'), req.headers['x-test'], req.body.length])).toEqual([
				['PUT', '/up/load', '1', 'v1', 100_000],
				['PUT', '/up/load', '2', 'v2', 100_000],
				['PUT', '/up/load', '3', 'v3', 100_000],
			]);
		} finally {
			await server.close();
		}
	});

	it('answer 500 when the handler throws, and closedPort refuses connections', async () => {
		const server = await startServer(() => {
			throw new Error('handler exploded');
		});
		try {
			const response = await fetch(server.url);
			expect(response.status).toBe(500);
			expect(server.requests).toHaveLength(1);
		} finally {
			await server.close();
		}
		await expect(fetch(`http://127.0.0.1:${await closedPort()}/`)).rejects.toThrow();
	});
});

describe('workflow harness', () => {
	let server: TestServer;

	beforeAll(async () => {
		server = await startServer((req, res) =>
			json(res, 200, { received: JSON.parse(req.body.toString('utf8') || 'null'), token: req.headers['x-harness-token'] ?? null }),
		);
	});
	afterAll(async () => server.close());
	beforeEach(() => {
		server.requests.length = 0;
	});

	it('sends each item through the real this.helpers.httpRequest, one request per item, paired', async () => {
		const result = await runNode({ node: new HarnessHttpNode(), parameters: { url: `${server.url}/echo` }, items: [{ json: { n: 1 } }, { json: { n: 2 } }] });
		expect(result.error).toBeUndefined();
		expect(server.requests.map((req) => JSON.parse(req.body.toString()))).toEqual([{ n: 1 }, { n: 2 }]);
		expect(result.items.map((item) => [item.json.received, item.pairedItem])).toEqual([
			[{ n: 1 }, { item: 0 }],
			[{ n: 2 }, { item: 1 }],
		]);
	});

	it.each([
		['function', new HarnessTokenApi()],
		['generic', new HarnessGenericApi()],
	])('runs the credential’s %s authenticate on every request', async (_style, credentialType) => {
		const result = await runNode({
			node: new HarnessHttpNode(),
			parameters: { url: `${server.url}/echo` },
			credentials: { [credentialType.name]: { token: 's3cret' } },
			credentialTypes: [credentialType],
		});
		expect(result.error).toBeUndefined();
		expect(server.requests.map((req) => req.headers['x-harness-token'])).toEqual(['s3cret']);
	});

	it('reports a failing node as the run error, and a refused connection too', async () => {
		const failing = await runNode({ node: new HarnessPlantNode(), parameters: { place: 'error message', secret: 'x' } });
		expect(failing.run.status).toBe('error');
		expect(failing.items).toEqual([]);
		expect(failing.error).toMatchObject({ name: 'NodeOperationError', message: 'bad x' });

		const refused = await runNode({ node: new HarnessHttpNode(), parameters: { url: `http://127.0.0.1:${await closedPort()}/` } });
		expect(refused.run.status).toBe('error');
		expect(JSON.stringify(refused.error)).toMatch(/ECONNREFUSED/);
	});

	it.each(['default', 'filesystem'] as const)('round-trips binary data (%s mode)', async (mode) => {
		await useBinaryDataMode(mode);
		try {
			const input = await binaryItem(Buffer.from('hello binary'), 'hello.txt', 'text/plain');
			expect(input.binary!.data).toMatchObject({ fileName: 'hello.txt', mimeType: 'text/plain' });
			expect((await binaryBuffer(input)).toString()).toBe('hello binary');
			if (mode === 'filesystem') expect(input.binary!.data.id).toMatch(/^filesystem-v2:/);
		} finally {
			await useBinaryDataMode('default');
		}
	});
});

describe('leak scanner', () => {
	const planted = [CANARY, CANARY_ASCII].flatMap((key) => encodingsOf(key).map(([name, form]) => [key, name, form] as const));

	it.each(planted)('finds %j planted as %s', (key, _name, form) => {
		const texts = { before: 'nothing here', planted: `«${form}»` };
		expect(findLeak(texts, [key])).toMatch(/ in planted$/);
		expect(leakCount(texts, key)).toBeGreaterThan(0);
	});

	it('finds nothing when the key is absent', () => {
		expect(findLeak({ text: 'canary-KEY-12 and KEY-123' }, [CANARY, CANARY_ASCII])).toBeUndefined();
	});

	it.each<[Place, 'default' | 'filesystem']>([
		['json', 'default'],
		['binary bytes', 'default'],
		['binary bytes', 'filesystem'],
		['binary file name', 'default'],
		['hint', 'default'],
		['error message', 'default'],
		['error description', 'default'],
	])('sees a key a run leaves in %s (%s binary mode)', async (place, mode) => {
		await useBinaryDataMode(mode);
		try {
			const result = await runKeepingErrors({ node: new HarnessPlantNode(), parameters: { place, secret: CANARY } });
			expect(findLeak(result.texts, [CANARY])).toBeDefined();
		} finally {
			await useBinaryDataMode('default');
		}
	});
});
