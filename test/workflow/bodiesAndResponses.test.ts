import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { credentialFor } from '../helpers/keyApi';
import { json, startServer, type RecordedRequest, type TestServer } from '../helpers/servers';
import { binaryBuffer, binaryItem, runNode } from '../helpers/workflow';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let api: TestServer;
const last = (): RecordedRequest => api.requests.at(-1)!;

beforeAll(async () => {
	api = await startServer(async (req, res) => {
		switch (req.path) {
			case '/text':
				res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
				res.end('plain answer');
				return;
			case '/image':
				res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="pixel.png"' });
				res.end(PNG);
				return;
			case '/list':
				json(res, 200, [{ id: 1 }, { id: 2 }, { id: 3 }]);
				return;
			case '/nested':
				json(res, 200, { data: { items: [{ id: 'a' }, { id: 'b' }], next: null } });
				return;
			case '/empty':
				res.writeHead(204);
				res.end();
				return;
			case '/missing':
				json(res, 404, { error: 'no such thing' });
				return;
			case '/hop':
				res.writeHead(302, { location: '/text' });
				res.end();
				return;
			default:
				json(res, 200, { received: true });
		}
	});
});
afterAll(async () => await api.close());

async function call(parameters: INodeParameters, items?: INodeExecutionData[]) {
	return await runNode({
		node: new ApiKeyRequest(),
		parameters,
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor('header', 'body-key-77', { baseUrl: api.url }) },
		items,
	});
}

describe('request bodies', () => {
	test('JSON from fields and from raw JSON', async () => {
		await call({
			method: 'POST',
			url: '/json',
			sendBody: true,
			contentType: 'json',
			bodyParameters: { parameters: [{ name: 'name', value: 'Ada' }, { name: 'role', value: 'admin' }] },
		});
		expect(last().headers['content-type']).toBe('application/json');
		expect(JSON.parse(last().body.toString())).toEqual({ name: 'Ada', role: 'admin' });

		await call({ method: 'PUT', url: '/json', sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '{"list":[1,2],"ok":true}' });
		expect(last().method).toBe('PUT');
		expect(JSON.parse(last().body.toString())).toEqual({ list: [1, 2], ok: true });

		const broken = await call({ method: 'POST', url: '/json', sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '{"a":' });
		expect(broken.error?.message).toBe('The JSON body is not valid JSON');
	});

	test('form URL-encoded', async () => {
		await call({
			method: 'POST',
			url: '/form',
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: [{ name: 'a', value: '1 2' }, { name: 'b', value: 'x&y' }] },
		});
		expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(last().body.toString()))).toEqual({ a: '1 2', b: 'x&y' });
	});

	test('multipart form-data with a text field and a binary file from the item', async () => {
		const item = await binaryItem(PNG, 'pixel.png', 'image/png', { caption: 'hi' }, 'photo');
		const result = await call(
			{
				method: 'POST',
				url: '/upload',
				sendBody: true,
				contentType: 'multipart-form-data',
				multipartParameters: {
					parameters: [
						{ parameterType: 'formData', name: 'caption', value: '={{ $json.caption }}' },
						{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'photo' },
					],
				},
			},
			[item],
		);
		expect(result.error).toBeUndefined();
		const type = String(last().headers['content-type']);
		expect(type).toMatch(/^multipart\/form-data; boundary=/);
		const body = last().body;
		expect(body.toString('latin1')).toContain('name="caption"\r\n\r\nhi\r\n');
		expect(body.toString('latin1')).toContain('name="file"; filename="pixel.png"\r\nContent-Type: image/png\r\n\r\n');
		expect(body.includes(PNG)).toBe(true);
	});

	test('raw text with its content type, and a binary file as the whole body', async () => {
		await call({ method: 'POST', url: '/raw', sendBody: true, contentType: 'raw', rawContentType: 'text/csv', rawBody: 'a,b\n1,2' });
		expect(last().headers['content-type']).toBe('text/csv');
		expect(last().body.toString()).toBe('a,b\n1,2');

		const item = await binaryItem(PNG, 'pixel.png', 'image/png');
		await call({ method: 'POST', url: '/file', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data' }, [item]);
		expect(last().headers['content-type']).toBe('image/png');
		expect(last().body.equals(PNG)).toBe(true);

		const missing = await call({ method: 'POST', url: '/file', sendBody: true, contentType: 'binaryData', inputDataFieldName: 'nope' });
		expect(missing.error?.message).toBe('The input item has no binary field "nope"');
	});

	test('query parameters, repeated names become repeated parameters', async () => {
		await call({
			method: 'GET',
			url: '/q',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'tag', value: 'a' }, { name: 'tag', value: 'b' }, { name: 'limit', value: '5' }] },
		});
		expect(last().query.getAll('tag')).toEqual(['a', 'b']);
		expect(last().query.get('limit')).toBe('5');
	});
});

describe('responses', () => {
	test('autodetect: JSON object, text, binary file, empty', async () => {
		expect((await call({ method: 'GET', url: '/obj' })).items[0].json).toEqual({ received: true });
		expect((await call({ method: 'GET', url: '/text' })).items[0].json).toEqual({ data: 'plain answer' });
		const file = await call({ method: 'GET', url: '/image' });
		expect(file.items[0].binary?.data.fileName).toBe('pixel.png');
		expect(file.items[0].binary?.data.mimeType).toBe('image/png');
		expect((await binaryBuffer(file.items[0])).equals(PNG)).toBe(true);
		expect((await call({ method: 'GET', url: '/empty' })).items[0].json).toEqual({ data: '' });
	});

	test('forced formats: text of JSON, JSON of text fails clearly, file into a named field', async () => {
		const text = await call({ method: 'GET', url: '/obj', options: { responseFormat: 'text' } });
		expect(text.items[0].json).toEqual({ data: '{"received":true}' });
		const notJson = await call({ method: 'GET', url: '/text', options: { responseFormat: 'json' } });
		expect(notJson.error?.message).toBe('The API answer is not valid JSON');
		const file = await call({ method: 'GET', url: '/obj', options: { responseFormat: 'file', outputPropertyName: 'download' } });
		expect((await binaryBuffer(file.items[0], 'download')).toString()).toBe('{"received":true}');
	});

	test('top-level arrays and arrays at a path become one item each, paired to their input', async () => {
		const list = await call({ method: 'GET', url: '/list' }, [{ json: {} }, { json: {} }]);
		expect(list.items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 0 }],
			[3, { item: 0 }],
			[1, { item: 1 }],
			[2, { item: 1 }],
			[3, { item: 1 }],
		]);
		const nested = await call({ method: 'GET', url: '/nested', options: { splitAtPath: 'data.items' } });
		expect(nested.items.map((item) => item.json)).toEqual([{ id: 'a' }, { id: 'b' }]);
		const wrong = await call({ method: 'GET', url: '/nested', options: { splitAtPath: 'data.next' } });
		expect(wrong.error?.message).toBe('The response has no array at "data.next"');
	});

	test('full response and Never Error', async () => {
		const full = await call({ method: 'GET', url: '/obj', options: { fullResponse: true } });
		expect(full.items[0].json).toMatchObject({ statusCode: 200, body: { received: true } });
		expect((full.items[0].json.headers as Record<string, string>)['content-type']).toContain('application/json');

		const failing = await call({ method: 'GET', url: '/missing' });
		expect(failing.error?.message).toBe('The resource was not found (404)');
		const tolerated = await call({ method: 'GET', url: '/missing', options: { neverError: true, fullResponse: true } });
		expect(tolerated.items[0].json).toMatchObject({ statusCode: 404, body: { error: 'no such thing' } });
	});

	test('redirects on the same origin are followed; off when asked', async () => {
		const followed = await call({ method: 'GET', url: '/hop' });
		expect(followed.items[0].json).toEqual({ data: 'plain answer' });
		expect(api.requests.at(-1)!.headers['x-api-key']).toBe('body-key-77');
		const kept = await call({ method: 'GET', url: '/hop', options: { followRedirects: false, fullResponse: true } });
		expect(kept.items[0].json).toMatchObject({ statusCode: 302 });
	});
});
