import type { IHttpRequestMethods } from 'n8n-workflow';

import type { KeyedRequest } from '../../../shared/types';

export type { MultipartPart, RequestBody } from '../../../shared/types';

/** A request as the user described it, before the key is added. */
export interface PreparedRequest extends KeyedRequest {
	method: IHttpRequestMethods;
	qs: Record<string, string | string[]>;
	timeout: number;
	followRedirects: boolean;
	maxRedirects: number;
	/** Largest answer body accepted, in bytes. */
	maxResponseBytes: number;
	/** Accept TLS certificates that cannot be verified (Ignore SSL Issues). */
	skipTlsVerification?: boolean;
	/** Aborts the request (the execution was cancelled) */
	abortSignal?: AbortSignal;
}

export interface RawResponse {
	statusCode: number;
	statusMessage: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	/** The URL that produced this response, after redirects. */
	url: string;
}
