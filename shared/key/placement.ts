/**
 * How a key (and the credential's extra fields) enter a request. Pure: no I/O, no n8n context.
 *
 * `applyKey` is the one place a key is put into a request. The API Key Request node calls it on
 * its own requests; the credential's `authenticate` (the Test button, n8n's HTTP Request node, any
 * node calling `httpRequestWithAuthentication`) turns n8n's request options into the same shape,
 * calls it, and turns the result back (shared/credential/authenticate.ts).
 */
import { KeyConfigError } from '../errors';
import { hasOwn, ownRecord, setOwn } from '../objects';
import { findHeaderName } from '../text';
import type { AuthParts, KeyConfig, KeyedRequest, QueryValue, RequestBody } from '../types';

export function basicHeader(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** The headers the placement itself sets (not the extra fields). */
export function authHeaders(config: KeyConfig): Record<string, string> {
	switch (config.placement) {
		case 'header':
			return ownRecord([[config.name, config.key]]);
		case 'bearer':
		case 'authScheme':
			return { Authorization: `${config.scheme} ${config.key}` };
		case 'basicUsername':
			return { Authorization: basicHeader(config.key, config.basicPassword) };
		case 'basicPassword':
			return { Authorization: basicHeader(config.basicUsername, config.key) };
		default:
			return {};
	}
}

export function computeAuthParts(config: KeyConfig): AuthParts {
	const parts: AuthParts = {
		headers: authHeaders(config),
		query: {},
		bodyFields: {},
		cookies: {},
		bodyFormat: config.bodyFormat,
	};
	if (config.placement === 'query') setOwn(parts.query, config.name, config.key);
	if (config.placement === 'body') setOwn(parts.bodyFields, config.name, config.key);
	if (config.placement === 'cookie') setOwn(parts.cookies, config.name, config.key);
	for (const field of config.extraFields) {
		setOwn(field.location === 'header' ? parts.headers : parts.query, field.name, field.value);
	}
	return parts;
}

/**
 * Merges the credential's headers over a request's own: a credential header replaces a request
 * header of the same name (any case); cookies are appended to an existing Cookie header.
 */
export function mergeHeaders(own: Record<string, unknown> | undefined, parts: AuthParts): Record<string, string> {
	const merged: Record<string, string> = {};
	for (const [name, value] of Object.entries(own ?? {})) {
		if (value !== undefined && value !== null) setOwn(merged, name, String(value));
	}
	for (const [name, value] of Object.entries(parts.headers)) {
		const existing = findHeaderName(merged, name);
		if (existing !== undefined) delete merged[existing];
		setOwn(merged, name, value);
	}
	const cookieEntries = Object.entries(parts.cookies);
	if (cookieEntries.length > 0) {
		const existing = findHeaderName(merged, 'cookie');
		const ownCookies = existing !== undefined ? merged[existing] : '';
		if (existing !== undefined) delete merged[existing];
		const ownPairs = ownCookies
			.split(';')
			.map((pair) => pair.trim())
			.filter((pair) => pair !== '' && !hasOwn(parts.cookies, pair.split('=')[0].trim()));
		merged.Cookie = [...ownPairs, ...cookieEntries.map(([name, value]) => `${name}=${value}`)].join('; ');
	}
	return merged;
}

export function mergeQuery<T>(own: Record<string, T> | undefined, parts: AuthParts): Record<string, T | string> {
	const merged: Record<string, T | string> = {};
	for (const [name, value] of Object.entries(own ?? {})) setOwn(merged, name, value);
	for (const [name, value] of Object.entries(parts.query)) setOwn(merged, name, value);
	return merged;
}

export function hasBodyFields(parts: AuthParts): boolean {
	return Object.keys(parts.bodyFields).length > 0;
}

/** A plain object from any realm; not an array, Buffer, stream, FormData or other class instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value) as object | null;
	return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Adds the body fields to a JSON object body; a missing body becomes an object. */
export function mergeJsonBody(own: unknown, parts: AuthParts): Record<string, unknown> {
	if (own === undefined || own === null || own === '') return { ...parts.bodyFields };
	if (!isPlainObject(own)) {
		throw new KeyConfigError(
			'The key goes into the request body, but the body is not a JSON object',
			'Send a JSON object or a form body, or choose another placement in the API Key credential.',
		);
	}
	const merged: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(own)) setOwn(merged, name, value);
	for (const [name, value] of Object.entries(parts.bodyFields)) setOwn(merged, name, value);
	return merged;
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** n8n drops bodies of GET and HEAD requests, which would silently drop a body-placed key. */
export function assertMethodCarriesBody(method: string | undefined, parts: AuthParts): void {
	if (!hasBodyFields(parts) || !METHODS_WITHOUT_BODY.has((method ?? 'GET').toUpperCase())) return;
	throw new KeyConfigError(
		`The key goes into the request body, but ${(method ?? 'GET').toUpperCase()} requests have no body: use POST, PUT or PATCH, or choose another placement in the API Key credential`,
	);
}

function addBodyFields(body: RequestBody | undefined, parts: AuthParts): RequestBody | undefined {
	if (!hasBodyFields(parts)) return body;
	const isKeyField = (name: string) => hasOwn(parts.bodyFields, name);
	const fields = Object.entries(parts.bodyFields);
	if (body === undefined) {
		return parts.bodyFormat === 'form' ? { kind: 'form', fields } : { kind: 'json', value: mergeJsonBody(undefined, parts) };
	}
	switch (body.kind) {
		case 'json':
			return { kind: 'json', value: mergeJsonBody(body.value, parts) };
		case 'form':
			return { kind: 'form', fields: [...body.fields.filter(([name]) => !isKeyField(name)), ...fields] };
		case 'multipart':
			return {
				kind: 'multipart',
				parts: [
					...body.parts.filter((part) => !isKeyField(part.name)),
					...fields.map(([name, value]) => ({ kind: 'field' as const, name, value })),
				],
			};
		default:
			throw new KeyConfigError(
				'The key goes into the request body, but the body is raw data',
				'Send a JSON or form body, or choose another placement in the API Key credential.',
			);
	}
}

/** The request with the credential's key and extra fields in the places the credential names. */
export function applyKey<R extends KeyedRequest>(request: R, config: KeyConfig): R {
	const parts = computeAuthParts(config);
	assertMethodCarriesBody(request.method, parts);
	return {
		...request,
		headers: mergeHeaders(request.headers, parts),
		qs: mergeQuery<QueryValue>(request.qs, parts),
		body: addBodyFields(request.body, parts),
	};
}

/** Query parameter names the key and its extra fields use (they are set again on every request). */
export function keyQueryNames(config: KeyConfig): string[] {
	return Object.keys(computeAuthParts(config).query);
}
