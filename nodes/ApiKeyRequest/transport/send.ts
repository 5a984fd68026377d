/**
 * Sends one request with the key through n8n's own `httpRequest` helper, and follows redirects by
 * hand so the key only goes where the credential allows. The answer is read as a stream: its size
 * is bounded by Max Response Size, and connect, headers and body together by Timeout.
 */
import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { RequestInputError } from '../../../shared/errors';
import { assertNoRoutingOverride } from '../../../shared/egress';
import { assertUrlAllowed, keyMayFollowRedirect } from '../../../shared/hosts';
import { applyKey } from '../../../shared/key/placement';
import type { Redactor } from '../../../shared/redaction';
import { findHeaderName, headerValue } from '../../../shared/text';
import type { KeyConfig } from '../../../shared/types';
import { isHttpUrl, parseUrl, resolveUrl } from '../../../shared/url';
import { encodeMultipart } from './multipart';
import type { PreparedRequest, RawResponse, RequestBody } from './types';

/** One key as a request is sent with it: its configuration and what masks it. */
export interface KeyInUse {
	config: KeyConfig;
	redactor: Redactor;
}

/** A request that failed before a complete HTTP answer arrived. Its message holds no secret. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string,
		/** Where it failed: the URL, or for a refused redirect the origin it pointed to. */
		readonly url: string,
		readonly timeout?: number,
		/** For ETOOLARGE: the limit in bytes. For redirects: the status. */
		readonly detail?: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function serializeBody(body: RequestBody | undefined, headers: Record<string, string>): { data?: string | Buffer; headers: Record<string, string> } {
	if (body === undefined) return { headers };
	const withType = (type: string) => (findHeaderName(headers, 'content-type') !== undefined ? headers : { ...headers, 'Content-Type': type });
	switch (body.kind) {
		case 'json':
			return { data: jsonText(body.value), headers: withType('application/json') };
		case 'form':
			return { data: new URLSearchParams(body.fields).toString(), headers: withType('application/x-www-form-urlencoded') };
		case 'multipart': {
			const encoded = encodeMultipart(body.parts);
			return { data: encoded.body, headers: { ...headers, 'Content-Type': encoded.contentType } };
		}
		case 'raw':
			return { data: body.data, headers: withType(body.contentType || 'text/plain') };
	}
}

function jsonText(value: unknown): string {
	let failure: unknown;
	try {
		return JSON.stringify(value) ?? 'null';
	} catch (error) {
		failure = error;
	}
	const circular = failure instanceof TypeError && /circular/i.test(failure.message);
	throw new RequestInputError(
		circular ? 'The JSON body refers to itself, so it cannot be sent' : 'The JSON body cannot be turned into JSON',
		circular
			? 'An object in the body contains itself. Build the body from plain values, e.g. with an Edit Fields node.'
			: 'The body holds a value JSON has no form for (such as a BigInt). Convert it to a string or number.',
	);
}

/** The deadline of one request: connect, headers and body must all arrive before it. */
interface Deadline {
	signal: AbortSignal;
	expired: () => boolean;
	clear: () => void;
}

function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
	const controller = new AbortController();
	// A timer of the runtime's own signal: it keeps no process alive and needs no clearing.
	const timeout = AbortSignal.timeout(timeoutMs);
	const onTimeout = () => controller.abort();
	const onOuter = () => controller.abort();
	timeout.addEventListener('abort', onTimeout, { once: true });
	if (outer?.aborted) controller.abort();
	else outer?.addEventListener('abort', onOuter, { once: true });
	return {
		signal: controller.signal,
		expired: () => timeout.aborted,
		clear: () => {
			timeout.removeEventListener('abort', onTimeout);
			outer?.removeEventListener('abort', onOuter);
		},
	};
}

type Readable = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

function isReadable(value: unknown): value is Readable {
	return typeof (value as Readable | undefined)?.on === 'function' && typeof (value as Readable).pipe === 'function';
}

/** First buffer for an answer with a Content-Length; it doubles up to that length as bytes arrive. */
const FIRST_BUFFER = 1 << 20;

/**
 * Reads a body up to `limit` bytes. With a Content-Length the bytes go into one buffer that grows
 * as they arrive (never beyond that length), so a large answer costs about its size and not twice
 * that, and a server that announces 100 MB and sends nothing costs nothing; without one, chunks
 * are joined at the end.
 */
async function readBody(stream: Readable, limit: number, contentLength: number | undefined, deadline: Deadline, url: string, timeout: number): Promise<Buffer> {
	if (contentLength !== undefined && contentLength > limit) {
		stream.destroy?.();
		throw new TransportError('answer too large', 'ETOOLARGE', url, timeout, limit);
	}
	return await new Promise<Buffer>((resolve, reject) => {
		const announced = contentLength !== undefined && contentLength > 0 ? contentLength : 0;
		let buffer = announced > 0 ? Buffer.allocUnsafe(Math.min(announced, FIRST_BUFFER)) : undefined;
		let filled = 0;
		const chunks: Buffer[] = [];
		let size = 0;
		const fail = (error: TransportError) => {
			cleanup();
			stream.destroy?.();
			reject(error);
		};
		const onAbort = () =>
			fail(deadline.expired() ? new TransportError('timed out', 'ETIMEDOUT', url, timeout) : new TransportError('cancelled', 'ERR_CANCELED', url, timeout));
		const onData = (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += bytes.length;
			if (size > limit) return fail(new TransportError('answer too large', 'ETOOLARGE', url, timeout, limit));
			if (buffer && filled + bytes.length > buffer.length && filled + bytes.length <= announced) {
				const grown = Buffer.allocUnsafe(Math.min(announced, Math.max(buffer.length * 2, filled + bytes.length)));
				buffer.copy(grown, 0, 0, filled);
				buffer = grown;
			}
			if (buffer && filled + bytes.length <= buffer.length) {
				bytes.copy(buffer, filled);
				filled += bytes.length;
				return;
			}
			// More than Content-Length said (a decompressed answer): fall back to chunks.
			if (buffer) {
				chunks.push(buffer.subarray(0, filled));
				buffer = undefined;
			}
			chunks.push(bytes);
		};
		const onEnd = () => {
			cleanup();
			if (buffer) resolve(filled === buffer.length ? buffer : buffer.subarray(0, filled));
			else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
		};
		const onError = (error: Error) => {
			if (deadline.signal.aborted) return onAbort();
			fail(new TransportError('connection lost', failureCode(error), url, timeout));
		};
		const cleanup = () => {
			stream.removeListener('data', onData);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			deadline.signal.removeEventListener('abort', onAbort);
		};
		if (deadline.signal.aborted) return onAbort();
		deadline.signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', onData);
		stream.on('end', onEnd);
		stream.on('error', onError);
	});
}

function failureCode(error: unknown): string {
	const code = String((error as { code?: unknown })?.code ?? 'UNKNOWN');
	const isTimeout = code === 'ECONNABORTED' || /timeout/i.test(String((error as Error)?.message));
	return isTimeout ? 'ETIMEDOUT' : code;
}

/**
 * The URL with the request's query in it. Written here rather than left to the HTTP client:
 * axios merges `params` into a plain object, which drops names such as `__proto__`.
 */
function withQuery(url: URL, qs: PreparedRequest['qs']): string {
	const pairs: string[] = [];
	for (const [name, value] of Object.entries(qs)) {
		for (const entry of Array.isArray(value) ? value : [value]) {
			pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(entry))}`);
		}
	}
	if (pairs.length === 0) return url.toString();
	// `url.search` is empty for a URL ending in a bare `?`: that `?` is dropped, not doubled.
	const href = url.toString().replace(/#.*$/, '').replace(/\?$/, '');
	return `${href}${url.search === '' ? '?' : '&'}${pairs.join('&')}`;
}

async function sendOnce(ctx: IExecuteFunctions, request: PreparedRequest, url: URL, deadline: Deadline): Promise<RawResponse> {
	const { data, headers } = serializeBody(request.body, request.headers);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: withQuery(url, request.qs),
		headers,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: request.timeout,
		json: false,
		abortSignal: deadline.signal,
	};
	if (data !== undefined) options.body = data;
	if (request.skipTlsVerification) options.skipSslCertificateValidation = true;
	// A failed request's error carries the request config, key included: only its code is kept.
	const response = (await ctx.helpers.httpRequest(options).catch((error: unknown) => ({
		failureCode: deadline.expired() ? 'ETIMEDOUT' : failureCode(error),
	}))) as IN8nHttpFullResponse | { failureCode: string };
	if ('failureCode' in response) {
		throw new TransportError('request failed', response.failureCode, url.toString(), request.timeout);
	}
	const raw = response.body as unknown;
	const responseHeaders = response.headers as RawResponse['headers'];
	let body: Buffer;
	if (isReadable(raw)) {
		const length = Number(headerValue(responseHeaders, 'content-length'));
		body = await readBody(raw, request.maxResponseBytes, Number.isInteger(length) && length >= 0 ? length : undefined, deadline, url.toString(), request.timeout);
	} else {
		body = Buffer.isBuffer(raw) ? raw : Buffer.from((raw as string | undefined) ?? '');
		if (body.length > request.maxResponseBytes) throw new TransportError('answer too large', 'ETOOLARGE', url.toString(), request.timeout, request.maxResponseBytes);
	}
	return {
		statusCode: response.statusCode,
		statusMessage: String((response as { statusMessage?: string }).statusMessage ?? ''),
		headers: responseHeaders,
		body,
		url: url.toString(),
	};
}

/** How a redirect changes the request, the way browsers and n8n-core's redirect library do. */
function redirectedRequest(request: PreparedRequest, status: number): PreparedRequest {
	const becomesGet = status === 303 ? request.method !== 'GET' && request.method !== 'HEAD' : (status === 301 || status === 302) && request.method === 'POST';
	if (!becomesGet) return { ...request, qs: {} };
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !/^content-/i.test(name)));
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
	assertUrlAllowed(resolved, config);
	if (!cache) {
		cache = new Map();
		allowedUrls.set(config, cache);
	}
	if (cache.size < MAX_CACHED_URLS) cache.set(url, resolved);
	return resolved;
}

/** The address and its decoded spellings, so a key in any encoding is seen. */
function spellings(url: URL): string[] {
	const href = url.toString();
	const decoded = [href];
	let current = href;
	for (let round = 0; round < 3; round++) {
		let next: string;
		try {
			next = decodeURIComponent(current.replace(/\+/g, ' '));
		} catch {
			next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		}
		if (next === current) break;
		decoded.push(next);
		current = next;
	}
	return decoded;
}

/**
 * Sends a request with the key. Redirects are followed by hand: the key goes along only while the
 * redirect stays on the first request's origin (scheme, host and port, so never from https to
 * http); beyond that the request continues without it, or is refused when the new address itself
 * carries the key in any encoding.
 */
export async function sendWithKey(ctx: IExecuteFunctions, request: PreparedRequest, key: KeyInUse): Promise<RawResponse> {
	const firstUrl = allowedUrl(request.url, key.config);
	assertNoRoutingOverride(request.headers, firstUrl);
	const deadline = startDeadline(request.timeout, request.abortSignal);
	try {
		let url = firstUrl;
		let current = request;
		let keyed = true;
		for (let redirects = 0; ; redirects++) {
			const response = await sendOnce(ctx, keyed ? applyKey(current, key.config) : current, url, deadline);
			const location = headerValue(response.headers, 'location');
			if (!REDIRECT_STATUSES.has(response.statusCode) || !location || !request.followRedirects) return response;
			if (redirects >= request.maxRedirects) {
				throw new TransportError('too many redirects', 'EMAXREDIRECTS', url.toString(), request.timeout, request.maxRedirects);
			}
			const next = parseUrl(location, url);
			if (!next || !isHttpUrl(next)) return response;
			const stillKeyed: boolean = keyed && keyMayFollowRedirect(firstUrl, next);
			if (!stillKeyed && spellings(next).some((spelling) => key.redactor.reveals(spelling))) {
				throw new TransportError('redirect carries the key', 'EREDIRECTLEAK', next.origin, request.timeout, response.statusCode);
			}
			const following = redirectedRequest(current, response.statusCode);
			if (stillKeyed && key.config.placement === 'body' && following.method !== current.method) {
				throw new TransportError('redirect drops the body', 'EREDIRECTBODY', url.toString(), request.timeout, response.statusCode);
			}
			keyed = stillKeyed;
			current = { ...following, url: next.toString() };
			url = next;
		}
	} finally {
		deadline.clear();
	}
}
