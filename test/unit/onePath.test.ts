/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * One path for the key: the API Key Request node (applyKey on its own request shape) and the
 * credential's authenticate (n8n's request options, as the HTTP Request node, the Test button and
 * other nodes send them) put the key into the same places, through the same cases.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { authenticateRequestOptions } from '../../shared/credential/authenticate';
import { parseKeyConfig } from '../../shared/key/config';
import { applyKey } from '../../shared/key/placement';
import type { KeyedRequest, RequestBody } from '../../shared/types';
import { ALL_PLACEMENTS, credentialFor, type PlacementName } from '../helpers/keyApi';

const KEY = 'one-path-key-Zx1';
const SECRET = 'one-path-secret-Yw2';

interface Wire {
	headers: Record<string, string>;
	query: Record<string, unknown>;
	body: Record<string, unknown> | undefined;
}

const lower = (headers: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));

function nodeWire(request: KeyedRequest): Wire {
	const body = request.body;
	return {
		headers: lower(request.headers),
		query: request.qs,
		body: body === undefined ? undefined : body.kind === 'json' ? (body.value as Record<string, unknown>) : body.kind === 'form' ? Object.fromEntries(body.fields) : undefined,
	};
}

function optionsWire(options: IHttpRequestOptions): Wire {
	const headers = lower((options.headers ?? {}) as Record<string, unknown>);
	const raw = options.body as unknown;
	let body: Record<string, unknown> | undefined;
	if (raw instanceof URLSearchParams) body = Object.fromEntries(raw);
	else if (typeof raw === 'string') body = Object.fromEntries(new URLSearchParams(raw));
	else if (raw && typeof raw === 'object') body = raw as Record<string, unknown>;
	// Content-Type is how n8n options say a body is a form; the node's body kind says it itself.
	delete headers['content-type'];
	return { headers, query: (options.qs ?? {}) as Record<string, unknown>, body };
}

type Shape = 'no body' | 'JSON body' | 'form body';

function bodies(shape: Shape): { node?: RequestBody; options: Partial<IHttpRequestOptions> } {
	switch (shape) {
		case 'JSON body':
			return { node: { kind: 'json', value: { note: 'hi', api_key: 'old' } }, options: { body: { note: 'hi', api_key: 'old' } } };
		case 'form body':
			return {
				node: { kind: 'form', fields: [['note', 'hi'], ['api_key', 'old']] },
				options: { body: 'note=hi&api_key=old', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
			};
		default:
			return { options: {} };
	}
}

const SHAPES: Shape[] = ['no body', 'JSON body', 'form body'];
const cases = ALL_PLACEMENTS.flatMap((placement) => SHAPES.map((shape) => [placement, shape] as const));

describe('the node and authenticate put the key in the same places', () => {
	test.each(cases)('%s placement, %s', (placement: PlacementName, shape: Shape) => {
		const config = parseKeyConfig(
			credentialFor(placement, KEY, {
				baseUrl: 'https://api.example.com/v1',
				bodyFormat: shape === 'form body' ? 'form' : 'json',
				extraFields: { field: [{ location: 'header', name: 'X-Secret', value: SECRET }, { location: 'query', name: 'q_secret', value: SECRET }] },
			}),
		);
		const method = placement === 'body' || shape !== 'no body' ? 'POST' : 'GET';
		const { node, options } = bodies(shape);
		const fromNode = applyKey({ method, url: 'https://api.example.com/v1/items', qs: { page: '1' }, headers: { Accept: 'application/json', ...(options.headers as Record<string, string>) }, body: node }, config);
		const fromOptions = authenticateRequestOptions(
			{ method, url: 'https://api.example.com/v1/items', qs: { page: '1' }, ...options, headers: { Accept: 'application/json', ...(options.headers as Record<string, string>) } } as IHttpRequestOptions,
			config,
		);
		const a = nodeWire(fromNode);
		const b = optionsWire(fromOptions);
		delete a.headers['content-type'];
		expect(b).toEqual(a);
		// And the key is really there, in the one place the placement names.
		expect(JSON.stringify(a)).toContain(placement.startsWith('basic') ? 'Basic ' : KEY);
	});

	test('both refuse a key in the body of a GET, and a raw body, with the same message', () => {
		const config = parseKeyConfig(credentialFor('body', KEY));
		const viaNode = () => applyKey({ method: 'GET', url: 'https://api.example.com/x', qs: {}, headers: {} }, config);
		const viaOptions = () => authenticateRequestOptions({ method: 'GET', url: 'https://api.example.com/x' } as IHttpRequestOptions, config);
		expect(viaNode).toThrow(/GET requests have no body/);
		expect(viaOptions).toThrow(/GET requests have no body/);
		const raw = () => applyKey({ method: 'POST', url: 'https://api.example.com/x', qs: {}, headers: {}, body: { kind: 'raw', data: 'x', contentType: 'text/plain' } }, config);
		const rawOptions = () => authenticateRequestOptions({ method: 'POST', url: 'https://api.example.com/x', body: 'x' } as IHttpRequestOptions, config);
		expect(raw).toThrow('The key goes into the request body, but the body is raw data');
		expect(rawOptions).toThrow('The key goes into the request body, but the body is raw data');
	});
});
