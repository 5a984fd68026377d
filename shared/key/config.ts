/**
 * Reads and validates a Custom-shaped key configuration (a service preset is turned into one by
 * shared/services/resolve.ts before it gets here). Pure. Errors name the field to fix, never its
 * value.
 */
import { KeyConfigError } from '../errors';
import { resolveAllowedHosts } from '../hosts';
import { text } from '../text';
import { PLACEMENTS, type ExtraField, type ExtraFieldLocation, type KeyConfig, type Placement } from '../types';
import { authHeaders } from './placement';

/** The name a placement uses when none is set. */
export const DEFAULT_PLACEMENT_NAMES: Partial<Record<Placement, string>> = {
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

export const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Header names n8n's HTTP client (axios) cannot send: it reads them as its own per-method header
 * groups or drops them as object members. A request would silently go without them.
 */
const UNSENDABLE_HEADERS = new Set(['common', 'delete', 'get', 'head', 'patch', 'post', 'put', 'query', 'constructor', 'prototype', '__proto__']);

/** Whether a header of this name can be sent at all. */
export function isSendableHeaderName(name: string): boolean {
	return HEADER_TOKEN.test(name) && !UNSENDABLE_HEADERS.has(name.toLowerCase());
}
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

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

/** Reads and validates Custom-shaped credential fields. */
export function parseKeyConfig(data: Record<string, unknown>): KeyConfig {
	const placementValue = text(data.placement) || 'header';
	if (!isPlacement(placementValue)) {
		throw new KeyConfigError(`Unknown key placement "${placementValue}"`, 'Choose a placement in the API Key credential.');
	}
	const placement: Placement = placementValue;
	const nameField = PLACEMENT_NAME_FIELD[placement];
	const name = nameField ? text(data[nameField]).trim() || (DEFAULT_PLACEMENT_NAMES[placement] ?? '') : '';
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
			// The value is not repeated: a key pasted into the name field by mistake would be.
			`The ${placementLabel(placement)} name in the API Key credential is not valid`,
			'Use letters, digits and - _ . only. If the key ended up in the name field, move it to Key.',
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

	const hosts = resolveAllowedHosts(text(data.allowedHosts), text(data.baseUrl));
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
		allowedHosts: hosts.patterns,
		allowedHostsSource: hosts.source,
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
	if (placement === 'header') return isSendableHeaderName(name);
	if (placement === 'cookie') return HEADER_TOKEN.test(name);
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
	const seen = new Set<string>();
	const claim = (location: string, name: string) => {
		const id = `${location}:${location === 'header' ? name.toLowerCase() : name}`;
		if (seen.has(id)) {
			throw new KeyConfigError(
				`The ${location === 'header' ? 'header' : 'query parameter'} "${name}" is set twice in the API Key credential`,
				'Remove the duplicate from Additional Fields, or rename it.',
			);
		}
		seen.add(id);
	};
	for (const header of Object.keys(authHeaders(config))) claim('header', header);
	if (config.placement === 'query') claim('query', config.name);
	for (const [index, field] of config.extraFields.entries()) {
		if (field.location === 'header') {
			// Names and values are not repeated: either may be a secret typed into the wrong box.
			if (!isSendableHeaderName(field.name)) {
				throw new KeyConfigError(
					`The header name of additional field ${index + 1} in the API Key credential is not valid`,
					'Fix the name in the Additional Fields of the API Key credential: letters, digits and ! # $ % & \' * + - . ^ _ ` | ~, no spaces or colons.',
				);
			}
			if (!PRINTABLE_ASCII.test(field.value)) {
				throw new KeyConfigError(
					`The value of ${field.secret ? `additional field ${index + 1} (header)` : `the header "${field.name}"`} contains characters that cannot be sent in an HTTP header`,
					'Check the value in the Additional Fields of the API Key credential for a stray character or line break.',
				);
			}
		}
		claim(field.location, field.name);
	}
}
