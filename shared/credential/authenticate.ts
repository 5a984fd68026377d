/**
 * The credential's `authenticate`: n8n's request options (from the Test button, the HTTP Request
 * node, any node calling `httpRequestWithAuthentication`) turned into the package's request shape,
 * keyed by `applyKey` like the API Key Request node's own requests, and turned back.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { KeyConfigError } from '../errors';
import { assertNoRoutingOverride, assertProxyCannotReadKey } from '../egress';
import { assertUrlAllowed, hostMatches, normalizeHost, parseHostList, toAllowedDomainsOption } from '../hosts';
import { applyKey, keyQueryNames } from '../key/placement';
import { hasScheme, headerValue } from '../text';
import type { KeyConfig, KeyedRequest, QueryValue, RequestBody } from '../types';
import { resolveUrl } from '../url';

/** n8n hands `authenticate` both its own request options and the older request-library shape. */
type AnyRequestOptions = IHttpRequestOptions & {
	uri?: string;
	form?: Record<string, unknown>;
	formData?: Record<string, unknown>;
	maxRedirects?: number;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
	rejectUnauthorized?: boolean;
	strictSSL?: boolean;
	agentOptions?: { rejectUnauthorized?: boolean };
};

/** Whether the request checks the API's certificate, in any of the shapes n8n's paths set it. */
function tlsChecked(options: AnyRequestOptions): boolean {
	return options.skipSslCertificateValidation !== true && options.rejectUnauthorized !== false && options.strictSSL !== false && options.agentOptions?.rejectUnauthorized !== false;
}

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
 * n8n adds its own "Allowed HTTP Request Domains" to the credential and passes them in
 * `allowedDomains`; the package replaces that option with its own pin below, so it must never let
 * through a host n8n's list refuses.
 */
function assertN8nAllowsHost(allowedDomains: unknown, target: URL): void {
	const list = typeof allowedDomains === 'string' ? allowedDomains.trim() : '';
	if (list === '') return;
	let patterns: string[];
	try {
		patterns = parseHostList(list);
	} catch {
		patterns = [];
	}
	if (hostMatches(target.hostname, patterns)) return;
	throw new KeyConfigError(
		`The credential's Allowed HTTP Request Domains do not include ${target.hostname}`,
		'Add the host to Allowed HTTP Request Domains in the credential, or call a host it lists. Nothing was sent.',
	);
}

/**
 * Puts the key into request options built by n8n. Refuses hosts the credential (or n8n's own
 * domain list for it) does not allow, and turns redirect following off: n8n gives a credential no
 * way to decide per redirect, and on both pinned lines a redirect to another port or to plain
 * http keeps every header but Authorization and Cookie (and 307/308 keep the body). A redirect is
 * answered as it is instead; the API Key Request node follows same-origin redirects itself.
 */
export function authenticateRequestOptions(requestOptions: IHttpRequestOptions, config: KeyConfig): IHttpRequestOptions {
	const options = { ...requestOptions } as AnyRequestOptions;
	const target = requestUrl(options, config);
	assertUrlAllowed(target, config);
	assertN8nAllowsHost(requestOptions.allowedDomains, target);
	assertNoRoutingOverride((options.headers ?? {}) as Record<string, unknown>, target);
	assertProxyCannotReadKey(options.proxy, target, tlsChecked(options));
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

	// Read by n8n's httpRequest (both lines), its legacy request path (the HTTP Request node) and,
	// on 2.x, its maxRedirects; nothing re-applies the caller's redirect options after this.
	options.disableFollowRedirect = true;
	options.maxRedirects = 0;
	options.followRedirect = false;
	options.followAllRedirects = false;
	// Should a redirect still be followed somewhere, no credential goes along and no other host.
	options.sendCredentialsOnCrossOriginRedirect = false;
	options.allowedDomains = toAllowedDomainsOption([normalizeHost(target.hostname)]);
	return options;
}
