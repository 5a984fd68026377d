/**
 * A copy of the request without the presented key, so what the Guard passes on (the request for
 * the nodes after it) never carries the key: the key's header, query parameter, body field or
 * cookie is left out, and every remaining string that still contains the key is masked.
 */
import type { PlacementConfig } from './placement';
import type { RequestView } from './presentedKey';

export interface SanitizedRequest {
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
	body: unknown;
	[extra: string]: unknown;
}

const PASS_THROUGH = ['params', 'webhookUrl', 'executionMode'];

function without(container: Record<string, unknown>, name: string): Record<string, unknown> {
	const copy = { ...container };
	delete copy[name];
	return copy;
}

function withoutCookie(cookieHeader: unknown, name: string): string | undefined {
	if (typeof cookieHeader !== 'string') return undefined;
	const kept = cookieHeader
		.split(';')
		.map((pair) => pair.trim())
		.filter((pair) => pair !== '' && pair.slice(0, Math.max(0, pair.indexOf('='))).trim() !== name);
	return kept.length > 0 ? kept.join('; ') : undefined;
}

/** The request without the key's own place; `redact` masks whatever else still holds the key. */
export function sanitizeRequest(
	item: Record<string, unknown>,
	view: RequestView,
	config: PlacementConfig,
	redact: <T>(value: T) => T,
): SanitizedRequest {
	let headers = { ...view.headers };
	let query = view.query;
	let body = view.body;
	switch (config.placement) {
		case 'header':
			headers = without(headers, config.name.toLowerCase());
			break;
		case 'bearer':
		case 'authScheme':
		case 'basicUsername':
		case 'basicPassword':
			headers = without(headers, 'authorization');
			break;
		case 'query':
			query = without(query, config.name);
			break;
		case 'body':
			if (body && typeof body === 'object' && !Array.isArray(body)) body = without(body as Record<string, unknown>, config.name);
			break;
		case 'cookie': {
			const rest = withoutCookie(headers.cookie, config.name);
			headers = without(headers, 'cookie');
			if (rest !== undefined) headers.cookie = rest;
			break;
		}
	}
	const request: SanitizedRequest = { headers, query, body };
	for (const name of PASS_THROUGH) if (item[name] !== undefined) request[name] = item[name];
	return redact(request);
}
