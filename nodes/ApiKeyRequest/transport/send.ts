import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { assertHostAllowed } from '../../../shared/hosts';
import { applyKey } from '../../../shared/key/placement';
import type { Redactor } from '../../../shared/redaction';
import { findHeaderName } from '../../../shared/text';
import type { KeyConfig } from '../../../shared/types';
import { resolveUrl } from '../../../shared/url';
import { encodeMultipart } from './multipart';
import type { PreparedRequest, RawResponse, RequestBody } from './types';

/** One key as a request is sent with it: its configuration and what masks it. */
export interface KeyInUse {
	config: KeyConfig;
	redactor: Redactor;
}

/** A request that failed before an HTTP answer arrived. Its message holds no secret. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly url: string,
		readonly timeout?: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return findHeaderName(headers, name) !== undefined;
}

function serializeBody(
	body: RequestBody | undefined,
	headers: Record<string, string>,
): { data?: string | Buffer; headers: Record<string, string> } {
	if (body === undefined) return { headers };
	const withType = (type: string) => (hasHeader(headers, 'content-type') ? headers : { ...headers, 'Content-Type': type });
	switch (body.kind) {
		case 'json':
			return { data: JSON.stringify(body.value), headers: withType('application/json') };
		case 'form':
			return {
				data: new URLSearchParams(body.fields).toString(),
				headers: withType('application/x-www-form-urlencoded'),
			};
		case 'multipart': {
			const encoded = encodeMultipart(body.parts);
			return { data: encoded.body, headers: { ...headers, 'Content-Type': encoded.contentType } };
		}
		case 'raw':
			return { data: body.data, headers: withType(body.contentType || 'text/plain') };
	}
}

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

async function sendOnce(ctx: IExecuteFunctions, request: PreparedRequest, url: URL): Promise<RawResponse> {
	const { data, headers } = serializeBody(request.body, request.headers);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: url.toString(),
		qs: request.qs,
		arrayFormat: 'repeat',
		headers,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: request.timeout,
		json: false,
	};
	if (data !== undefined) options.body = data;
	if (request.abortSignal) options.abortSignal = request.abortSignal;
	// A failed request's error carries the request config, key included: only its code is kept.
	const response = (await ctx.helpers.httpRequest(options).catch((error: unknown) => ({
		failureCode: failureCode(error),
	}))) as IN8nHttpFullResponse | { failureCode: string };
	if ('failureCode' in response) {
		throw new TransportError('request failed', response.failureCode, url.toString(), request.timeout);
	}
	const body = response.body as unknown;
	return {
		statusCode: response.statusCode,
		statusMessage: String((response as { statusMessage?: string }).statusMessage ?? ''),
		headers: response.headers as RawResponse['headers'],
		body: Buffer.isBuffer(body) ? body : Buffer.from((body as string | undefined) ?? ''),
		url: url.toString(),
	};
}

function failureCode(error: unknown): string {
	const code = String((error as { code?: unknown })?.code ?? 'UNKNOWN');
	const isTimeout = code === 'ECONNABORTED' || /timeout/i.test(String((error as Error)?.message));
	return isTimeout ? 'ETIMEDOUT' : code;
}

function redirectedRequest(request: PreparedRequest, status: number): PreparedRequest {
	const becomesGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
	if (!becomesGet) return { ...request, qs: {} };
	const headers = Object.fromEntries(
		Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
	);
	return { ...request, method: 'GET', qs: {}, body: undefined, headers };
}

/** Resolved URLs the credential allows, per credential: items usually share a handful of URLs. */
const allowedUrls = new WeakMap<KeyConfig, Map<string, URL>>();
const MAX_CACHED_URLS = 64;

/** The URL resolved against the Base URL, once the credential is known to allow its host. */
function allowedUrl(url: string, config: KeyConfig): URL {
	let cache = allowedUrls.get(config);
	const cached = cache?.get(url);
	if (cached) return cached;
	const resolved = resolveUrl(url, config.baseUrl);
	assertHostAllowed(resolved, config);
	if (!cache) {
		cache = new Map();
		allowedUrls.set(config, cache);
	}
	if (cache.size < MAX_CACHED_URLS) cache.set(url, resolved);
	return resolved;
}

/**
 * Sends a request with the key. Redirects are followed by hand: the key goes along only while the
 * redirect stays on the origin it was sent to first; beyond that the request continues without it.
 */
export async function sendWithKey(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	key: KeyInUse,
): Promise<RawResponse> {
	const firstUrl = allowedUrl(request.url, key.config);
	let url = firstUrl;
	let current = request;
	let keyed = true;
	for (let redirects = 0; ; redirects++) {
		const response = await sendOnce(ctx, keyed ? applyKey(current, key.config) : current, url);
		const location = firstHeader(response.headers.location);
		if (!REDIRECT_STATUSES.has(response.statusCode) || !location || !request.followRedirects) {
			return response;
		}
		if (redirects >= request.maxRedirects) {
			throw new TransportError('too many redirects', 'EMAXREDIRECTS', url.toString());
		}
		let next: URL;
		try {
			next = new URL(location, url);
		} catch {
			return response;
		}
		if (next.protocol !== 'http:' && next.protocol !== 'https:') return response;
		keyed = keyed && next.origin === firstUrl.origin;
		if (!keyed && key.redactor.reveals(next.toString())) {
			throw new TransportError('redirect carries the key', 'EREDIRECTLEAK', next.origin);
		}
		current = { ...redirectedRequest(current, response.statusCode), url: next.toString() };
		url = next;
	}
}
