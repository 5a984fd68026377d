import type { IHttpRequestMethods } from 'n8n-workflow';

export type MultipartPart =
	| { kind: 'field'; name: string; value: string }
	| { kind: 'file'; name: string; data: Buffer; fileName: string; mimeType: string };

export type RequestBody =
	| { kind: 'json'; value: unknown }
	| { kind: 'form'; fields: Array<[string, string]> }
	| { kind: 'multipart'; parts: MultipartPart[] }
	| { kind: 'raw'; data: string | Buffer; contentType: string };

/** A request as the user described it, before the key is added. */
export interface PreparedRequest {
	method: IHttpRequestMethods;
	url: string;
	qs: Record<string, string | string[]>;
	headers: Record<string, string>;
	body?: RequestBody;
	timeout: number;
	followRedirects: boolean;
	maxRedirects: number;
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
