/**
 * How an API key (and the credential's extra fields) enter a request.
 *
 * Pure: no I/O, no n8n context. The credential's `authenticate`, the credential test and every
 * node of this package go through these functions, so a placement behaves the same everywhere.
 */
import { resolveAllowedHosts, type HostPatterns } from './allowedHosts';
import { resolveService } from './presetConfig';

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

export type ExtraFieldLocation = 'header' | 'query';

export interface ExtraField {
	location: ExtraFieldLocation;
	name: string;
	value: string;
	secret: boolean;
}

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
}

/** What a configured key adds to a request, before it is merged with the request's own parts. */
export interface AuthParts {
	headers: Record<string, string>;
	query: Record<string, string>;
	bodyFields: Record<string, string>;
	cookies: Record<string, string>;
	bodyFormat: 'json' | 'form';
}

/** A problem with the credential's configuration. Its message never contains a secret. */
export class KeyConfigError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'KeyConfigError';
	}
}

const DEFAULT_NAMES: Partial<Record<Placement, string>> = {
	header: 'X-API-Key',
	query: 'api_key',
	body: 'api_key',
	cookie: 'api_key',
};

const PLACEMENT_NAME_FIELD: Partial<Record<Placement, string>> = {
	header: 'headerName',
	query: 'queryName',
	body: 'bodyFieldName',
	cookie: 'cookieName',
};

const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value);
}

function isPlacement(value: string): value is Placement {
	return (PLACEMENTS as readonly string[]).includes(value);
}

/** Removes a scheme the user pasted along with the key, e.g. `Bearer abc` with the Bearer placement. */
function stripScheme(key: string, scheme: string): string {
	if (scheme === '') return key;
	const prefix = `${scheme.toLowerCase()} `;
	let stripped = key;
	while (stripped.toLowerCase().startsWith(prefix)) {
		stripped = stripped.slice(prefix.length).trimStart();
	}
	// `Bearer` alone: the scheme was pasted without a key.
	return stripped.toLowerCase() === scheme.toLowerCase() ? '' : stripped;
}

function readExtraFields(raw: unknown): ExtraField[] {
	const container = (raw ?? {}) as { field?: unknown };
	const list = Array.isArray(container.field) ? container.field : Array.isArray(raw) ? raw : [];
	return (list as Array<Record<string, unknown>>)
		.map((entry) => ({
			location: (text(entry.location) === 'query' ? 'query' : 'header') as ExtraFieldLocation,
			name: text(entry.name).trim(),
			value: text(entry.value),
			secret: entry.secret === undefined ? true : entry.secret === true,
		}))
		.filter((entry) => entry.name !== '');
}

/**
 * Reads and validates the stored credential fields. Errors name the field to fix, never its value.
 */
export function parseKeyConfig(stored: Record<string, unknown>): KeyConfig {
	// A service preset becomes the settings a Custom configuration would hold (shared/presets.ts).
	const service = resolveService(stored);
	if (service.problem) throw new KeyConfigError(service.problem.message, service.problem.description);
	const data = service.data;
	const placementValue = text(data.placement) || 'header';
	if (!isPlacement(placementValue)) {
		throw new KeyConfigError(`Unknown key placement "${placementValue}"`, 'Choose a placement in the API Key credential.');
	}
	const placement: Placement = placementValue;
	const nameField = PLACEMENT_NAME_FIELD[placement];
	const name = nameField ? text(data[nameField]).trim() || (DEFAULT_NAMES[placement] ?? '') : '';
	const scheme =
		placement === 'bearer' ? 'Bearer' : placement === 'authScheme' ? text(data.scheme).trim() : '';

	let key = text(data.apiKey).trim();
	if (placement === 'bearer' || placement === 'authScheme') key = stripScheme(key, scheme);
	if (key === '') {
		throw new KeyConfigError('The API key is empty', 'Paste the key into the Key field of the API Key credential.');
	}
	if (placement === 'authScheme' && (scheme === '' || !HEADER_TOKEN.test(scheme))) {
		throw new KeyConfigError(
			'The authorization scheme is missing or invalid',
			'Set Scheme in the API Key credential to a single word such as Token, Api-Key or ApiKey.',
		);
	}
	if (nameField && !isValidName(placement, name)) {
		throw new KeyConfigError(
			`"${name}" is not a valid ${placementLabel(placement)} name`,
			'Use letters, digits and - _ . only.',
		);
	}

	const basicUsername = placement === 'basicPassword' ? text(data.basicUsername) : '';
	const basicPassword = placement === 'basicUsername' ? text(data.basicPassword) : '';
	if (placement === 'basicPassword' && basicUsername.trim() === '') {
		throw new KeyConfigError(
			'The Basic Auth username is empty',
			'Set Username in the API Key credential, or choose "Basic Auth (Key as Username)".',
		);
	}
	// Basic auth splits "username:password" at the first colon, so a username cannot contain one.
	if ((placement === 'basicUsername' ? key : basicUsername).includes(':')) {
		throw new KeyConfigError(
			placement === 'basicUsername'
				? 'The API key contains a colon, which Basic Auth cannot carry as a username'
				: 'The Basic Auth username contains a colon, which Basic Auth cannot carry',
			'Choose "Basic Auth (Key as Password)" or another placement in the API Key credential.',
		);
	}

	const config: KeyConfig = {
		key,
		placement,
		name,
		scheme,
		basicUsername,
		basicPassword,
		bodyFormat: text(data.bodyFormat) === 'form' ? 'form' : 'json',
		extraFields: readExtraFields(data.extraFields),
		baseUrl: text(data.baseUrl).trim(),
		allowedHosts: resolveAllowedHosts(text(data.allowedHosts), text(data.baseUrl)),
	};
	checkKeyCharacters(config);
	checkExtraFields(config);
	return config;
}

function placementLabel(placement: Placement): string {
	if (placement === 'query') return 'query parameter';
	if (placement === 'body') return 'body field';
	return placement;
}

function isValidName(placement: Placement, name: string): boolean {
	if (name === '') return false;
	if (placement === 'header' || placement === 'cookie') return HEADER_TOKEN.test(name);
	return PRINTABLE_ASCII.test(name);
}

function checkKeyCharacters(config: KeyConfig): void {
	const { placement, key } = config;
	const inHeader = placement === 'header' || placement === 'bearer' || placement === 'authScheme';
	if (inHeader && !PRINTABLE_ASCII.test(key)) {
		throw new KeyConfigError(
			'The API key contains characters that cannot be sent in an HTTP header',
			'Only printable ASCII characters are allowed in headers. Check the key for a stray character or line break from copy and paste, or choose a Query Parameter or Body placement.',
		);
	}
	if (placement === 'cookie' && !COOKIE_VALUE.test(key)) {
		throw new KeyConfigError(
			'The API key contains characters that cannot be sent in a cookie',
			'Cookies cannot contain spaces, quotes, commas, semicolons or backslashes. Check the key, or choose another placement.',
		);
	}
}

function checkExtraFields(config: KeyConfig): void {
	const seen = new Map<string, string>();
	const claim = (location: string, name: string) => {
		const id = `${location}:${location === 'header' ? name.toLowerCase() : name}`;
		if (seen.has(id)) {
			throw new KeyConfigError(
				`The ${location === 'header' ? 'header' : 'query parameter'} "${name}" is set twice in the API Key credential`,
				'Remove the duplicate from Additional Fields, or rename it.',
			);
		}
		seen.set(id, name);
	};
	for (const header of Object.keys(authHeadersOnly(config))) claim('header', header);
	if (config.placement === 'query') claim('query', config.name);
	for (const field of config.extraFields) {
		if (field.location === 'header') {
			if (!HEADER_TOKEN.test(field.name)) {
				throw new KeyConfigError(
					`"${field.name}" is not a valid header name`,
					'Fix the name in the Additional Fields of the API Key credential.',
				);
			}
			if (!PRINTABLE_ASCII.test(field.value)) {
				throw new KeyConfigError(
					`The value of the header "${field.name}" contains characters that cannot be sent in an HTTP header`,
					'Check the value in the Additional Fields of the API Key credential for a stray character or line break.',
				);
			}
		}
		claim(field.location, field.name);
	}
}

function authHeadersOnly(config: KeyConfig): Record<string, string> {
	switch (config.placement) {
		case 'header':
			return { [config.name]: config.key };
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

export function basicHeader(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function computeAuthParts(config: KeyConfig): AuthParts {
	const parts: AuthParts = {
		headers: authHeadersOnly(config),
		query: {},
		bodyFields: {},
		cookies: {},
		bodyFormat: config.bodyFormat,
	};
	if (config.placement === 'query') parts.query[config.name] = config.key;
	if (config.placement === 'body') parts.bodyFields[config.name] = config.key;
	if (config.placement === 'cookie') parts.cookies[config.name] = config.key;
	for (const field of config.extraFields) {
		if (field.location === 'header') parts.headers[field.name] = field.value;
		else parts.query[field.name] = field.value;
	}
	return parts;
}

/** How the libraries that send requests write a value into URLs and bodies. */
function encodedForms(value: string): string[] {
	const uri = encodeURIComponent(value);
	const strict = uri.replace(
		/[!'()*]/g,
		(char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
	);
	const inUrls = [
		uri,
		uri.replace(/%20/g, '+'),
		// axios query parameters keep : $ , as they are
		uri.replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+'),
		// qs (n8n's arrayFormat serializer), spaces as %20 or +
		strict,
		strict.replace(/%20/g, '+'),
		// URLSearchParams (form bodies, URL.searchParams)
		new URLSearchParams([['', value]]).toString().slice(1),
	];
	// The URL parser escapes ' in the query of http(s) URLs.
	const parsed = inUrls
		.filter((form) => form.includes("'"))
		.map((form) => form.replace(/'/g, '%27'));
	return [value, ...inUrls, ...parsed, JSON.stringify(value).slice(1, -1)];
}

/** Every string that would reveal a secret if it showed up in output, errors or logs. */
export function secretValues(config: KeyConfig): string[] {
	const raw = [config.key, ...config.extraFields.filter((f) => f.secret).map((f) => f.value)];
	if (config.placement === 'basicUsername' && config.basicPassword !== '') raw.push(config.basicPassword);
	const derived: string[] = [];
	for (const value of raw) derived.push(...encodedForms(value));
	const basic = authHeadersOnly(config).Authorization;
	if (basic?.startsWith('Basic ')) derived.push(basic.slice('Basic '.length));
	return [...new Set(derived.filter((value) => value !== ''))];
}

function findHeader(headers: Record<string, unknown>, name: string): string | undefined {
	const lower = name.toLowerCase();
	return Object.keys(headers).find((existing) => existing.toLowerCase() === lower);
}

/**
 * Merges the credential's headers over a request's own: a credential header replaces a request
 * header of the same name (any case); cookies are appended to an existing Cookie header.
 */
export function mergeHeaders(
	own: Record<string, unknown> | undefined,
	parts: AuthParts,
): Record<string, string> {
	const merged: Record<string, string> = {};
	for (const [name, value] of Object.entries(own ?? {})) {
		if (value !== undefined && value !== null) merged[name] = String(value);
	}
	for (const [name, value] of Object.entries(parts.headers)) {
		const existing = findHeader(merged, name);
		if (existing !== undefined) delete merged[existing];
		merged[name] = value;
	}
	const cookieEntries = Object.entries(parts.cookies);
	if (cookieEntries.length > 0) {
		const existing = findHeader(merged, 'cookie');
		const ownCookies = existing !== undefined ? merged[existing] : '';
		if (existing !== undefined) delete merged[existing];
		const ownPairs = ownCookies
			.split(';')
			.map((pair) => pair.trim())
			.filter(
				(pair) =>
					pair !== '' &&
					!Object.prototype.hasOwnProperty.call(parts.cookies, pair.split('=')[0].trim()),
			);
		merged.Cookie = [...ownPairs, ...cookieEntries.map(([name, value]) => `${name}=${value}`)].join('; ');
	}
	return merged;
}

export function mergeQuery<T>(own: Record<string, T> | undefined, parts: AuthParts): Record<string, T | string> {
	return { ...(own ?? {}), ...parts.query };
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
	return { ...own, ...parts.bodyFields };
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** n8n drops bodies of GET and HEAD requests, which would silently drop a body-placed key. */
export function assertMethodCarriesBody(method: string | undefined, parts: AuthParts): void {
	if (!hasBodyFields(parts) || !METHODS_WITHOUT_BODY.has((method ?? 'GET').toUpperCase())) return;
	throw new KeyConfigError(
		`The key goes into the request body, but ${(method ?? 'GET').toUpperCase()} requests have no body: use POST, PUT or PATCH, or choose another placement in the API Key credential`,
	);
}
