/**
 * The credential's `authenticate`: n8n's request options (from the Test button, the HTTP Request
 * node, any node calling `httpRequestWithAuthentication`) turned into the package's request shape,
 * keyed by `applyKey` like the API Key Request node's own requests, and turned back.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { assertHostAllowed, normalizeHost, toAllowedDomainsOption } from '../hosts';
import { applyKey, keyQueryNames } from '../key/placement';
import { hasScheme, headerValue } from '../text';
import type { KeyConfig, KeyedRequest, QueryValue, RequestBody } from '../types';
import { resolveUrl } from '../url';

/** n8n hands `authenticate` both its own request options and the older request-library shape. */
type AnyRequestOptions = IHttpRequestOptions & {
	uri?: string;
	form?: Record<string, unknown>;
	formData?: Record<string, unknown>;
};

function requestUrl(options: AnyRequestOptions, config: KeyConfig): URL {
	const url = String(options.url ?? options.uri ?? '');
	const base = String(options.baseURL ?? '') || config.baseUrl;
	return resolveUrl(url, base);
}

function isFormContentType(headers: Record<string, string>): boolean {
	return (headerValue(headers, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Where a body came from in n8n's options, so the keyed body goes back to the same place. */
type BodySlot = 'form' | 'formData' | 'body' | 'bodyParams' | 'bodyFormString' | 'none';

/**
 * The body in the package's shape. Every object-shaped body (JSON, the legacy `form` and
 * `formData` objects) is the object kind, whose merge keeps the caller's own values as they are.
 */
function readBody(options: AnyRequestOptions): { slot: BodySlot; body?: RequestBody } {
	if (options.form && typeof options.form === 'object') return { slot: 'form', body: { kind: 'json', value: options.form } };
	if (options.formData && typeof options.formData === 'object') {
		return { slot: 'formData', body: { kind: 'json', value: options.formData } };
	}
	const body = options.body as unknown;
	if (body instanceof URLSearchParams) return { slot: 'bodyParams', body: { kind: 'form', fields: [...body.entries()] } };
	if (typeof body === 'string' && body !== '' && isFormContentType((options.headers ?? {}) as Record<string, string>)) {
		return { slot: 'bodyFormString', body: { kind: 'form', fields: [...new URLSearchParams(body).entries()] } };
	}
	if (body === undefined || body === null || body === '') return { slot: 'none' };
	if (typeof body === 'string' || Buffer.isBuffer(body)) return { slot: 'body', body: { kind: 'raw', data: body, contentType: '' } };
	return { slot: 'body', body: { kind: 'json', value: body } };
}

function writeBody(options: AnyRequestOptions, slot: BodySlot, body: RequestBody | undefined): void {
	if (body === undefined) return;
	const fields = body.kind === 'form' ? body.fields : [];
	switch (slot) {
		case 'form':
		case 'formData':
			options[slot] = (body as { value: Record<string, unknown> }).value;
			return;
		case 'bodyParams':
			// A copy: the caller's own object must not end up holding the key.
			options.body = new URLSearchParams(fields);
			return;
		case 'bodyFormString':
			options.body = new URLSearchParams(fields).toString();
			return;
		default:
			if (body.kind === 'form') {
				options.body = new URLSearchParams(fields).toString();
				options.headers = { ...options.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
				return;
			}
			options.body = (body as { value: IHttpRequestOptions['body'] }).value;
	}
}

/**
 * Puts the key into request options built by n8n. Refuses hosts the credential does not allow and
 * keeps the key off cross-origin redirects.
 */
export function authenticateRequestOptions(requestOptions: IHttpRequestOptions, config: KeyConfig): IHttpRequestOptions {
	const options = { ...requestOptions } as AnyRequestOptions;
	const target = requestUrl(options, config);
	assertHostAllowed(target, config);
	if (!options.url && !options.uri && !options.baseURL && config.baseUrl) {
		options.url = target.toString();
	} else if (!options.baseURL && config.baseUrl && !hasScheme(String(options.url ?? options.uri ?? ''))) {
		options.baseURL = config.baseUrl;
	}

	const { slot, body } = config.placement === 'body' ? readBody(options) : { slot: 'none' as const, body: undefined };
	const request: KeyedRequest = {
		method: String(options.method ?? 'GET'),
		url: target.toString(),
		qs: (options.qs ?? {}) as Record<string, QueryValue>,
		headers: (options.headers ?? {}) as Record<string, string>,
		body,
	};
	const keyed = applyKey(request, config);
	options.headers = keyed.headers;
	if (keyQueryNames(config).length > 0) options.qs = keyed.qs as IHttpRequestOptions['qs'];
	if (config.placement === 'body') writeBody(options, slot, keyed.body);

	// n8n strips only Authorization on cross-origin redirects; a key in any other header, the query
	// or a cookie would follow. Pinning redirects to the request's own host makes n8n refuse them.
	options.sendCredentialsOnCrossOriginRedirect = false;
	options.allowedDomains = toAllowedDomainsOption([normalizeHost(target.hostname)]);
	return options;
}
