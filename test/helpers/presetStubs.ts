/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Local stand-ins for the providers behind the presets. A stub answers 200 only when a request has
 * the provider's documented shape (test/contracts/providerContracts.ts): right host, path, method,
 * required headers and the key in a documented place. Anything else gets the provider's kind of
 * error: 404 for a wrong URL, 400 for a missing version header, 401 for a key in the wrong place.
 *
 * Presets point at real HTTPS hosts. `pointPresetAt` rewrites a preset's URLs for one test so that
 * `https://api.example.com/v1` becomes `http://127.0.0.1:<port>/__host/api.example.com/v1`: the
 * stub still sees which host the request was meant for.
 */
import type { ServerResponse } from 'node:http';

import { PRESETS, type ServicePreset } from '../../shared/services/presets';
import type { KeyShape, ProviderContract } from '../contracts/providerContracts';
import { json, startServer, type RecordedRequest, type TestServer } from './servers';

const HOST_PREFIX = '/__host/';

/** Every shape the battery tries: the documented ones of all providers, and common mistakes. */
export const SHAPE_BATTERY: KeyShape[] = [
	'bearer',
	'scheme:token',
	'authorization-raw',
	'basic-user',
	'basic-password',
	...[
		'x-api-key',
		'api-key',
		'apikey',
		'xi-api-key',
		'x-api-token',
		'x-n8n-api-key',
		'x-postmark-server-token',
		'x-goog-api-key',
	].map((name) => `header:${name}` as KeyShape),
	...['api_key', 'key', 'apikey', 'appid', 'api_token', 'token', 'access_token'].map(
		(name) => `query:${name}` as KeyShape,
	),
];

function header(req: RecordedRequest, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function basicPair(req: RecordedRequest): [string, string] | undefined {
	const authorization = header(req, 'authorization') ?? '';
	if (!/^basic /i.test(authorization)) return undefined;
	const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon === -1 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** The key as a provider reading `shape` would see it, or undefined when it is not there. */
export function keyFromShape(req: RecordedRequest, shape: KeyShape): string | undefined {
	const authorization = header(req, 'authorization');
	if (shape === 'bearer') return /^bearer /i.test(authorization ?? '') ? authorization!.slice(7) : undefined;
	if (shape === 'scheme:token') return /^token /i.test(authorization ?? '') ? authorization!.slice(6) : undefined;
	if (shape === 'authorization-raw') return authorization;
	if (shape === 'basic-user') {
		const pair = basicPair(req);
		return pair && pair[1] === '' ? pair[0] : undefined;
	}
	if (shape === 'basic-password') {
		const pair = basicPair(req);
		return pair && pair[0] !== '' ? pair[1] : undefined;
	}
	if (shape.startsWith('header:')) return header(req, shape.slice('header:'.length));
	if (shape.startsWith('query:')) return req.query.get(shape.slice('query:'.length)) ?? undefined;
	return undefined;
}

/** Request parts that carry `key` in `shape`, and nothing else. */
export function partsForShape(shape: KeyShape, key: string): { headers: Record<string, string>; query: Record<string, string> } {
	const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	if (shape === 'bearer') return { headers: { Authorization: `Bearer ${key}` }, query: {} };
	if (shape === 'scheme:token') return { headers: { Authorization: `Token ${key}` }, query: {} };
	if (shape === 'authorization-raw') return { headers: { Authorization: key }, query: {} };
	if (shape === 'basic-user') return { headers: { Authorization: basic(key, '') }, query: {} };
	if (shape === 'basic-password') return { headers: { Authorization: basic('anystring', key) }, query: {} };
	if (shape.startsWith('header:')) return { headers: { [shape.slice('header:'.length)]: key }, query: {} };
	return { headers: {}, query: { [shape.slice('query:'.length)]: key } };
}

/** The documented shapes that accept the key of this request, if any. */
export function acceptedShapes(req: RecordedRequest, contract: ProviderContract): KeyShape[] {
	return contract.keyShapes.filter((shape) => keyFromShape(req, shape) === contract.sample.apiKey);
}

type HeaderRule = NonNullable<ProviderContract['headers']>[string];

function headerMatches(actual: string | undefined, expected: HeaderRule): boolean {
	if (actual === undefined) return false;
	return typeof expected === 'string' ? actual === expected : expected.match.test(actual);
}

/** Values for the headers a contract requires, so that only the key's placement varies. */
export function requiredHeaders(contract: ProviderContract): Record<string, string> {
	return Object.fromEntries(
		Object.entries(contract.headers ?? {}).map(([name, rule]) => [name, typeof rule === 'string' ? rule : rule.example]),
	);
}

/** Splits `/__host/api.example.com/v1/x` into the meant-for host and path. */
export function targetOf(req: RecordedRequest): { host: string; path: string } | undefined {
	if (!req.path.startsWith(HOST_PREFIX)) return undefined;
	const rest = req.path.slice(HOST_PREFIX.length);
	const slash = rest.indexOf('/');
	return slash === -1 ? { host: rest, path: '/' } : { host: rest.slice(0, slash), path: rest.slice(slash) };
}

function handle(contract: ProviderContract, req: RecordedRequest, res: ServerResponse): void {
	const target = targetOf(req);
	if (!target || target.host !== contract.host || target.path !== contract.path || req.method !== contract.method) {
		json(res, 404, { error: 'not found', host: target?.host, path: target?.path, method: req.method });
		return;
	}
	for (const [name, value] of Object.entries(contract.query ?? {})) {
		if (req.query.get(name) !== value) {
			json(res, 400, { error: `query parameter ${name} is missing` });
			return;
		}
	}
	for (const [name, expected] of Object.entries(contract.headers ?? {})) {
		if (!headerMatches(header(req, name), expected)) {
			json(res, 400, { error: `header ${name} is missing or invalid` });
			return;
		}
	}
	if (acceptedShapes(req, contract).length === 0) {
		json(res, 401, { error: 'invalid or missing API key' });
		return;
	}
	json(res, 200, { ok: true });
}

export async function startProviderStub(contract: ProviderContract): Promise<TestServer> {
	return await startServer((req, res) => handle(contract, req, res));
}

/** The URL on the stub that stands for `https://<host><path>`. */
export function stubUrl(server: TestServer, host: string, path: string): string {
	return `${server.url}${HOST_PREFIX}${host}${path}`;
}

const rewrite = (url: string, origin: string) => url.replace(/^https:\/\//, `${origin}${HOST_PREFIX}`);

/**
 * Points a preset's URLs at a stub for one test and returns the function that undoes it. URLs that
 * start with the account (an instance or cluster URL) stay: give such presets a stub URL as account.
 */
export function pointPresetAt(id: string, origin: string): () => void {
	const preset = PRESETS.find((entry) => entry.id === id);
	if (!preset) throw new Error(`No preset ${id}`);
	const saved: ServicePreset = structuredClone(preset);
	Object.assign(preset, {
		baseUrl: rewrite(preset.baseUrl, origin),
		testBaseUrl: preset.testBaseUrl ? rewrite(preset.testBaseUrl, origin) : undefined,
		test: { ...preset.test, url: rewrite(preset.test.url, origin) },
		// The stub's host is allowed because it is the Base URL's host.
		allowedHosts: [],
	});
	return () => {
		for (const key of Object.keys(preset)) delete (preset as unknown as Record<string, unknown>)[key];
		Object.assign(preset, saved);
	};
}

/** The account value to use against a stub: a stub URL for presets whose account is a whole URL. */
export function accountForStub(preset: ServicePreset, contract: ProviderContract, server: TestServer): string | undefined {
	if (!preset.account) return undefined;
	if (preset.account.kind === 'url') return `${server.url}${HOST_PREFIX}${contract.host}`;
	return contract.sample.account;
}
