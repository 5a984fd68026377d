/** Small text rules used across layers, written once. */

/** A stored value as text: undefined and null are empty. */
export function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value);
}

/** `https://…`, `file:…`: a URL that names its scheme. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function hasScheme(url: string): boolean {
	return SCHEME.test(url.trim());
}

/** `https://host…`: a scheme followed by an authority. */
const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;

export function hasAuthority(url: string): boolean {
	return SCHEME_AND_AUTHORITY.test(url.trim());
}

/** The URL without its `scheme://`. */
export function withoutScheme(url: string): string {
	return url.trim().replace(SCHEME_AND_AUTHORITY, '');
}

/** The name under which `headers` holds `name`, compared without case; undefined when absent. */
export function findHeaderName(headers: Record<string, unknown>, name: string): string | undefined {
	const lower = name.toLowerCase();
	for (const existing of Object.keys(headers)) if (existing.toLowerCase() === lower) return existing;
	return undefined;
}

/** The first value of a header, compared without case. */
export function headerValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const found = findHeaderName(headers, name);
	const value = found === undefined ? undefined : headers[found];
	return Array.isArray(value) ? value[0] : value;
}
