import { hostMatches } from './allowedHosts';
import { KeyConfigError, type KeyConfig } from './keyPlacement';

/**
 * Resolves a node's URL against the credential's Base URL. Absolute URLs are kept as they are;
 * relative paths need a Base URL.
 */
export function resolveUrl(url: string, baseUrl: string): URL {
	const trimmed = url.trim();
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
		return parseHttpUrl(trimmed, 'URL');
	}
	if (baseUrl === '') {
		if (trimmed === '') {
			throw new KeyConfigError(
				'No URL to call: set a URL, or a Base URL in the API Key credential',
			);
		}
		throw new KeyConfigError(
			`"${trimmed}" is not a full URL and the API Key credential has no Base URL`,
			'Use a full URL such as https://api.example.com/v1/items, or set a Base URL in the API Key credential.',
		);
	}
	const base = parseHttpUrl(baseUrl, 'Base URL');
	if (trimmed === '') return base;
	const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
	const relative = trimmed.replace(/^\/+/, '');
	return parseHttpUrl(`${base.origin}${basePath}${relative}`, 'URL');
}

function parseHttpUrl(value: string, label: string): URL {
	if (!URL.canParse(value)) {
		throw new KeyConfigError(
			`The ${label} is not a valid URL: it should look like https://api.example.com/v1`,
		);
	}
	const parsed = new URL(value);
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new KeyConfigError(`The ${label} must start with http:// or https://`);
	}
	return parsed;
}

/** Throws before anything is sent when the credential does not allow the URL's host. */
export function assertHostAllowed(url: URL, config: KeyConfig): void {
	if (hostMatches(url.hostname, config.allowedHosts)) return;
	throw new KeyConfigError(
		`The API Key credential does not allow sending its key to ${url.hostname}: add it to Allowed Hosts if it should receive the key`,
		`Allowed hosts: ${config.allowedHosts.join(', ') || 'none'}. Nothing was sent.`,
	);
}
