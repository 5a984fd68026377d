import type { IHttpRequestOptions } from 'n8n-workflow';

import { normalizeHost, toAllowedDomainsOption } from './allowedHosts';
import {
	assertMethodCarriesBody,
	computeAuthParts,
	hasBodyFields,
	KeyConfigError,
	mergeHeaders,
	mergeJsonBody,
	mergeQuery,
	type AuthParts,
	type KeyConfig,
} from './keyPlacement';
import { assertHostAllowed, resolveUrl } from './requestTarget';

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

function isFormContentType(headers: Record<string, unknown>): boolean {
	return Object.entries(headers).some(
		([name, value]) =>
			name.toLowerCase() === 'content-type' &&
			String(value).toLowerCase().startsWith('application/x-www-form-urlencoded'),
	);
}

function addBodyFields(options: AnyRequestOptions, parts: AuthParts): void {
	if (!hasBodyFields(parts)) return;
	if (options.form && typeof options.form === 'object') {
		options.form = { ...options.form, ...parts.bodyFields };
		return;
	}
	if (options.formData && typeof options.formData === 'object') {
		options.formData = { ...options.formData, ...parts.bodyFields };
		return;
	}
	const body = options.body as unknown;
	if (body instanceof URLSearchParams) {
		// A copy: the caller's own object must not end up holding the key.
		const params = new URLSearchParams(body);
		for (const [name, value] of Object.entries(parts.bodyFields)) params.set(name, value);
		options.body = params;
		return;
	}
	const headers = (options.headers ?? {}) as Record<string, unknown>;
	if (typeof body === 'string' && isFormContentType(headers)) {
		const params = new URLSearchParams(body);
		for (const [name, value] of Object.entries(parts.bodyFields)) params.set(name, value);
		options.body = params.toString();
		return;
	}
	if ((body === undefined || body === '') && parts.bodyFormat === 'form') {
		options.body = new URLSearchParams(parts.bodyFields).toString();
		options.headers = { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' };
		return;
	}
	if ((typeof body === 'string' && body !== '') || Buffer.isBuffer(body)) {
		throw new KeyConfigError(
			'The key goes into the request body, but the body is raw data',
			'Send a JSON or form body, or choose another placement in the API Key credential.',
		);
	}
	options.body = mergeJsonBody(body, parts);
}

/**
 * Puts the key into request options built by n8n (the credential test, the HTTP Request node, any
 * node that calls `httpRequestWithAuthentication`). Refuses hosts the credential does not allow and
 * keeps the key off cross-origin redirects.
 */
export function authenticateRequestOptions(
	requestOptions: IHttpRequestOptions,
	config: KeyConfig,
): IHttpRequestOptions {
	const options = { ...requestOptions } as AnyRequestOptions;
	const target = requestUrl(options, config);
	assertHostAllowed(target, config);
	if (!options.url && !options.uri && !options.baseURL && config.baseUrl) {
		options.url = target.toString();
	} else if (!options.baseURL && config.baseUrl && !/^[a-z][a-z0-9+.-]*:\/\//i.test(String(options.url ?? options.uri ?? ''))) {
		options.baseURL = config.baseUrl;
	}

	const parts = computeAuthParts(config);
	assertMethodCarriesBody(options.method, parts);
	options.headers = mergeHeaders(options.headers, parts);
	if (Object.keys(parts.query).length > 0) {
		options.qs = mergeQuery(options.qs as Record<string, unknown>, parts) as IHttpRequestOptions['qs'];
	}
	addBodyFields(options, parts);

	// n8n strips only Authorization on cross-origin redirects; a key in any other header, the query
	// or a cookie would follow. Pinning redirects to the request's own host makes n8n refuse them.
	options.sendCredentialsOnCrossOriginRedirect = false;
	options.allowedDomains = toAllowedDomainsOption([normalizeHost(target.hostname)]);
	return options;
}
