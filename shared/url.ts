/**
 * URLs as the package reads them: the credential's Base URL, a node's URL (full, or a path below
 * the Base URL) and the addresses an API hands out (redirects, next pages).
 *
 * Parsing never uses `URL.canParse`: on Node.js 20 it starts answering false for valid IDN URLs
 * after a few thousand calls in one process, so validity would depend on uptime.
 */
import { KeyConfigError } from './errors';
import { hasAuthority, hasScheme } from './text';

/** The URL, or undefined when it cannot be parsed. */
export function parseUrl(value: string, base?: string | URL): URL | undefined {
	try {
		return base === undefined ? new URL(value) : new URL(value, base);
	} catch {
		return undefined;
	}
}

export function isHttpUrl(url: URL): boolean {
	return url.protocol === 'http:' || url.protocol === 'https:';
}

/** An absolute http(s) URL, or a KeyConfigError that says what is wrong with it. */
export function parseHttpUrl(value: string, label: string): URL {
	const trimmed = value.trim();
	if (trimmed.includes('\\')) {
		throw new KeyConfigError(`The ${label} contains a backslash`, 'URLs use forward slashes: https://api.example.com/v1/items.');
	}
	if (hasScheme(trimmed) && !hasAuthority(trimmed)) {
		throw new KeyConfigError(`The ${label} "${trimmed}" must start with http:// or https://`);
	}
	const parsed = parseUrl(trimmed);
	if (!parsed || !hasScheme(trimmed)) {
		throw new KeyConfigError(`The ${label} is not a valid URL: it should look like https://api.example.com/v1`);
	}
	if (!isHttpUrl(parsed)) {
		throw new KeyConfigError(`The ${label} must start with http:// or https://, not ${parsed.protocol}`);
	}
	if (parsed.hostname === '') {
		throw new KeyConfigError(`The ${label} has no host: it should look like https://api.example.com/v1`);
	}
	return parsed;
}

/**
 * The credential's Base URL. It may not carry a user name, password, query or fragment: those
 * would be secrets outside the fields the package masks, sent for some URLs and not others.
 */
export function parseBaseUrl(value: string, label = 'Base URL'): URL {
	const url = parseHttpUrl(value, label);
	if (url.username !== '' || url.password !== '') {
		throw new KeyConfigError(
			`The ${label} contains a user name or password`,
			'Remove the user:password@ part: put the secret into Key (Placement Basic Auth) or into Additional Fields, where it is masked.',
		);
	}
	if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
		throw new KeyConfigError(
			`The ${label} contains a query (?…) or fragment (#…)`,
			'A Base URL is scheme, host and path only. Send parameters such as ?token= as Additional Fields (Send In: Query Parameter, marked Secret when they are).',
		);
	}
	return url;
}

/**
 * Resolves a node's URL against the credential's Base URL. Absolute URLs are kept as they are; a
 * relative path stays below the Base URL's path (its `..` segments cannot climb above it).
 */
export function resolveUrl(url: string, baseUrl: string): URL {
	const trimmed = url.trim();
	if (trimmed.startsWith('//')) {
		throw new KeyConfigError(
			`The URL "${trimmed}" starts with //`,
			'Write a full URL with https:// or a path that starts with a single /.',
		);
	}
	if (hasScheme(trimmed)) return parseHttpUrl(trimmed, 'URL');
	if (baseUrl === '') {
		if (trimmed === '') {
			throw new KeyConfigError('No URL to call: set a URL, or a Base URL in the API Key credential');
		}
		throw new KeyConfigError(
			`"${trimmed}" is not a full URL and the API Key credential has no Base URL`,
			'Use a full URL such as https://api.example.com/v1/items, or set a Base URL in the API Key credential.',
		);
	}
	const base = parseBaseUrl(baseUrl);
	if (trimmed === '') return base;
	if (trimmed.includes('\\')) {
		throw new KeyConfigError('The URL contains a backslash', 'URLs use forward slashes: /v1/items.');
	}
	const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
	const relative = trimmed.replace(/^\/+/, '');
	const resolved = parseUrl(`${base.origin}${basePath}${relative}`);
	if (!resolved) throw new KeyConfigError(`The URL "${trimmed}" is not a valid path`);
	const below = resolved.pathname === base.pathname || resolved.pathname.startsWith(basePath);
	if (!below) {
		throw new KeyConfigError(
			`The URL "${trimmed}" leaves the Base URL's path ${base.pathname}`,
			'Paths are relative to the Base URL and stay below it. Use a full URL to call another path.',
		);
	}
	return resolved;
}
