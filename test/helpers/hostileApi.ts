/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * A hostile API for the secrecy tests: it echoes back everything a request carried (every header,
 * query value, the body, Basic credentials decoded, cookies) in an encoding the route picks, in
 * JSON, text, error bodies, headers, file names and file bytes, and it redirects elsewhere with
 * the key in the new address. A key that survives any of this in the node's output is a leak.
 */
import type { ServerResponse } from 'node:http';

import { encodingsOf } from './leaks';
import { json, startServer, type RecordedRequest, type TestServer } from './servers';

/** Every value a request carried, as the API received it. */
export function receivedValues(req: RecordedRequest): string[] {
	const values: string[] = [];
	for (const [name, value] of Object.entries(req.headers)) {
		if (['host', 'connection', 'content-length', 'accept-encoding', 'user-agent', 'accept'].includes(name)) continue;
		values.push(...(Array.isArray(value) ? value : [String(value)]));
	}
	for (const [, value] of req.query) values.push(value);
	if (req.body.length > 0) {
		const text = req.body.toString('utf8');
		values.push(text);
		try {
			const parsed = JSON.parse(text) as Record<string, unknown>;
			for (const value of Object.values(parsed)) if (typeof value === 'string') values.push(value);
		} catch {
			for (const [, value] of new URLSearchParams(text)) values.push(value);
		}
	}
	const authorization = String(req.headers.authorization ?? '');
	const [scheme, token] = authorization.split(' ');
	if (token) values.push(token);
	if (scheme === 'Basic' && token) {
		const decoded = Buffer.from(token, 'base64').toString('utf8');
		values.push(decoded, ...decoded.split(':'));
	}
	for (const pair of String(req.headers.cookie ?? '').split(';')) {
		const value = pair.split('=').slice(1).join('=').trim();
		if (value) values.push(value);
	}
	return [...new Set(values.filter((value) => value !== ''))];
}

/** The encoding names the text routes can use (those of test/helpers/leaks.ts). */
export const ENCODINGS = encodingsOf('x').map(([name]) => name);

function encode(value: string, encoding: string): string {
	const found = encodingsOf(value).find(([name]) => name === encoding);
	if (!found) throw new Error(`unknown encoding ${encoding}`);
	return found[1];
}

/** JSON text whose strings are written with escapes, the way other languages' encoders do. */
function escapedJson(values: string[], style: string): string {
	const escapeAll = (value: string, upper: boolean) =>
		[...Array(value.length).keys()].map((index) => {
			const hex = value.charCodeAt(index).toString(16).padStart(4, '0');
			return `\\u${upper ? hex.toUpperCase() : hex}`;
		}).join('');
	const write = (value: string) => {
		switch (style) {
			case 'u-lower':
				return escapeAll(value, false);
			case 'u-upper':
				return escapeAll(value, true);
			case 'php':
				return JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/');
			case 'dotnet':
				// .NET's default encoder escapes +, <, >, &, ' and non-ASCII.
				return JSON.stringify(value).slice(1, -1).replace(/[+<>&'\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
			default:
				return JSON.stringify(value).slice(1, -1);
		}
	};
	return `{"echo":[${values.map((value) => `"${write(value)}"`).join(',')}],"ok":true}`;
}

export const JSON_STYLES = ['plain', 'u-lower', 'u-upper', 'php', 'dotnet'];

/** Latin-1 without line breaks: what a response header can carry. */
const headerSafe = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

export interface HostileApi {
	api: TestServer;
	/** The other origin the API redirects to; it must never receive a key. */
	other: TestServer;
	close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
	const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	res.writeHead(status, { 'content-type': type, 'content-length': payload.length, ...headers });
	res.end(payload);
}

export async function startHostileApi(): Promise<HostileApi> {
	const other = await startServer((req, res) => json(res, 200, { landed: true, path: req.path }));
	const api = await startServer((req, res) => {
		const values = receivedValues(req);
		const [, route, a, b] = req.path.split('/');
		switch (route) {
			case 'json':
				return send(res, 200, 'application/json', escapedJson(values, a ?? 'plain'));
			case 'text':
				return send(res, 200, 'text/plain; charset=utf-8', values.map((value) => encode(value, decodeURIComponent(a))).join('\n'));
			case 'status':
				return send(res, Number(a), 'application/json', escapedJson(values, b ?? 'u-lower'));
			case 'long-error':
				// The key right where a description would be cut.
				return send(res, 401, 'text/plain', `${'x'.repeat(Number(a ?? 290))}${values.join(' ')}`);
			case 'numbers':
				return send(res, 200, 'application/json', `{"n":${values.find((value) => /^\d+$/.test(value)) ?? 0}1234,"m":91234567,"s":"plain"}`);
			case 'field-name':
				return send(res, 200, 'application/json', JSON.stringify({ data: values.map((value) => ({ [value]: 1, name: 'record' })) }));
			case 'headers': {
				const headers: Record<string, string> = {};
				values.filter(headerSafe).forEach((value, index) => {
					headers[`x-echo-${index}`] = value;
					headers[`x-echo-upper-${index}`] = value.toUpperCase();
				});
				return send(res, 200, 'application/json', '{"ok":true}', headers);
			}
			case 'file': {
				const value = values[0] ?? 'none';
				const headers: Record<string, string> = {
					'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(value)}.bin${headerSafe(value) && !value.includes('"') ? `; filename="${value}.bin"` : ''}`,
				};
				const type = /^[A-Za-z0-9.+-]+$/.test(value) ? `application/x-${value}` : 'application/octet-stream';
				return send(res, 200, type, Buffer.concat([Buffer.from('start '), Buffer.from(value, 'utf16le'), Buffer.from(' mid '), Buffer.from(value, 'utf8'), Buffer.from(` ${Buffer.from(value).toString('base64')} end`)]), headers);
			}
			case 'redirect': {
				// a: where the key goes (query, path, userinfo, fragment); b: hex case (upper, lower).
				const value = values[0] ?? 'none';
				const pct = [...Buffer.from(value, 'utf8')].map((byte) => `%${b === 'lower' ? byte.toString(16).padStart(2, '0') : byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
				const base = `http://127.0.0.1:${other.port}`;
				const location =
					a === 'path' ? `${base}/landing/${pct}` : a === 'userinfo' ? `http://${pct}@127.0.0.1:${other.port}/landing` : a === 'fragment' ? `${base}/landing#${pct}` : `${base}/landing?k=${pct}`;
				res.writeHead(302, { location });
				return res.end();
			}
			case 'next-with-key': {
				const page = Number(req.query.get('page') ?? '1');
				const value = values.find((entry) => req.query.get('api_key') === entry) ?? values[0] ?? '';
				const next = page < 3 ? `${api.url}/next-with-key?api_key=${encodeURIComponent(value)}&page=${page + 1}` : null;
				return json(res, 200, { data: [{ page }], next });
			}
			default:
				return json(res, 404, { error: 'no such route' });
		}
	});
	return {
		api,
		other,
		close: async () => {
			await api.close();
			await other.close();
		},
	};
}
