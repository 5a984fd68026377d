/**
 * The shapes every layer shares: where a key goes, what a configured key holds, and the request a
 * key is put into. A leaf: it imports nothing, so any module may depend on it.
 */

export const PLACEMENTS = [
	'header',
	'query',
	'bearer',
	'authScheme',
	'basicUsername',
	'basicPassword',
	'body',
	'cookie',
] as const;
export type Placement = (typeof PLACEMENTS)[number];

export type Environment = 'live' | 'test';
export type KeyRole = 'primary' | 'secondary';

export type ExtraFieldLocation = 'header' | 'query';

export interface ExtraField {
	location: ExtraFieldLocation;
	name: string;
	value: string;
	secret: boolean;
}

/**
 * Origins the key may go to, as shared/hosts.ts writes them: `api.example.com` or `*.example.com`
 * (https, default port), `api.example.com:8443`, `http://localhost:5678`, or `*` (any).
 */
export type HostPatterns = readonly string[];

/**
 * Where the allowed hosts came from: the credential's own list (or a service's), or the Base
 * URL's origin because the list was empty.
 */
export type HostSource = 'list' | 'baseUrl';

export interface KeyConfig {
	key: string;
	placement: Placement;
	/** Header, query parameter, body field or cookie name, depending on the placement. */
	name: string;
	scheme: string;
	basicUsername: string;
	basicPassword: string;
	bodyFormat: 'json' | 'form';
	extraFields: ExtraField[];
	baseUrl: string;
	allowedHosts: HostPatterns;
	allowedHostsSource: HostSource;
}

/** What a configured key adds to a request, before it is merged with the request's own parts. */
export interface AuthParts {
	headers: Record<string, string>;
	query: Record<string, string>;
	bodyFields: Record<string, string>;
	cookies: Record<string, string>;
	bodyFormat: 'json' | 'form';
}

export type MultipartPart =
	| { kind: 'field'; name: string; value: string }
	| { kind: 'file'; name: string; data: Buffer; fileName: string; mimeType: string };

export type RequestBody =
	| { kind: 'json'; value: unknown }
	| { kind: 'form'; fields: Array<[string, string]> }
	| { kind: 'multipart'; parts: MultipartPart[] }
	| { kind: 'raw'; data: string | Buffer; contentType: string };

export type QueryValue = string | number | boolean | Array<string | number | boolean>;

/** A request as the key sees it: the one shape both the node and `authenticate` put a key into. */
export interface KeyedRequest {
	method: string;
	url: string;
	qs: Record<string, QueryValue>;
	headers: Record<string, string>;
	body?: RequestBody;
}
