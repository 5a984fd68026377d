/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * A local API that accepts one key in one placement, the way real key-protected APIs do,
 * and fixtures for credentials that put a key in each placement.
 */
import type { ServerResponse } from 'node:http';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PLACEMENTS, type Placement } from '../../shared/types';
import { json, startServer, type RecordedRequest, type TestServer } from './servers';

export type PlacementName = Placement;

export const ALL_PLACEMENTS: PlacementName[] = [...PLACEMENTS];

/** Credential data that puts `key` into `placement` with default or conventional names. */
export function credentialFor(
	placement: PlacementName,
	key: string,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		apiKey: key,
		placement,
		headerName: 'X-API-Key',
		queryName: 'api_key',
		scheme: 'Token',
		basicUsername: 'account-user',
		basicPassword: '',
		bodyFieldName: 'api_key',
		bodyFormat: 'json',
		cookieName: 'session_key',
		extraFields: {},
		baseUrl: '',
		allowedHosts: '',
		testUrl: '',
		testMethod: 'GET',
		...extra,
		// A credential with neither Base URL nor Allowed Hosts sends nowhere: tests that call
		// local servers by full URL allow any host explicitly, as a user would with *.
		...(!extra.baseUrl && !extra.allowedHosts ? { allowedHosts: '*' } : {}),
	};
}

function parseBody(req: RecordedRequest): Record<string, unknown> {
	const type = String(req.headers['content-type'] ?? '');
	const text = req.body.toString('utf8');
	if (type.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
	if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
	return {};
}

/** The key as the API would read it for a placement, or undefined when it is not there. */
export function keyIn(req: RecordedRequest, placement: PlacementName): string | undefined {
	const authorization = String(req.headers.authorization ?? '');
	const basic = () => {
		if (!authorization.startsWith('Basic ')) return undefined;
		const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		return [decoded.slice(0, colon), decoded.slice(colon + 1)];
	};
	switch (placement) {
		case 'header':
			return req.headers['x-api-key'] as string | undefined;
		case 'query':
			return req.query.get('api_key') ?? undefined;
		case 'bearer':
			return authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined;
		case 'authScheme':
			return authorization.startsWith('Token ') ? authorization.slice(6) : undefined;
		case 'basicUsername':
			return basic()?.[0];
		case 'basicPassword': {
			const pair = basic();
			return pair && pair[0] === 'account-user' ? pair[1] : undefined;
		}
		case 'body': {
			try {
				const value = parseBody(req).api_key;
				return typeof value === 'string' ? value : undefined;
			} catch {
				return undefined;
			}
		}
		case 'cookie': {
			const cookie = String(req.headers.cookie ?? '');
			const match = /(?:^|;\s*)session_key=([^;]*)/.exec(cookie);
			return match?.[1];
		}
	}
}

export type Route = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/**
 * An API that answers 401 unless the request carries `key` in `placement`, then hands over to
 * the route for the path (default: echo of what arrived).
 */
export async function startKeyApi(
	placement: PlacementName,
	key: string,
	routes: Record<string, Route> = {},
): Promise<TestServer> {
	return await startServer(async (req, res) => {
		if (keyIn(req, placement) !== key) {
			json(res, 401, { error: { message: 'Invalid API key' } });
			return;
		}
		const route = routes[req.path];
		if (route) {
			await route(req, res);
			return;
		}
		json(res, 200, { ok: true, method: req.method, path: req.path });
	});
}

/** True when the raw bytes of any recorded request contain the needle anywhere. */
export function serverSaw(server: TestServer, needle: string): boolean {
	return server.requests.some((req) => {
		const authorization = String(req.headers.authorization ?? '');
		const basic = authorization.startsWith('Basic ')
			? Buffer.from(authorization.slice(6), 'base64').toString('utf8')
			: '';
		return (
			req.url.includes(needle) ||
			req.url.includes(encodeURIComponent(needle)) ||
			JSON.stringify(req.headers).includes(needle) ||
			basic.includes(needle) ||
			req.body.includes(needle)
		);
	});
}
