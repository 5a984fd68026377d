/**
 * Scopes are plain strings such as `orders:read`. A granted scope ending in `*` covers every
 * scope that starts with what comes before it (`orders:*` covers `orders:read`; `*` covers all).
 */

export type ScopeMode = 'all' | 'any';

const SEPARATORS = /[\s,]+/;
const MAX_SCOPES = 256;
const MAX_SCOPE_LENGTH = 128;

/** Scopes from a space- or comma-separated string, an array, or a JSON array string. */
export function parseScopes(value: unknown): string[] {
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			try {
				const parsed: unknown = JSON.parse(text);
				list = Array.isArray(parsed) ? parsed : [text];
			} catch {
				list = text.split(SEPARATORS);
			}
		} else list = text.split(SEPARATORS);
	} else if (value === undefined || value === null) list = [];
	else list = [String(value)];
	const scopes = list
		.map((scope) => (typeof scope === 'string' ? scope.trim() : String(scope)))
		.filter((scope) => scope !== '' && scope.length <= MAX_SCOPE_LENGTH);
	return [...new Set(scopes)].slice(0, MAX_SCOPES);
}

export function scopeCovers(granted: string, required: string): boolean {
	if (granted === required) return true;
	if (!granted.endsWith('*')) return false;
	return required.startsWith(granted.slice(0, -1));
}

/** The required scopes that the granted ones do not cover. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
	return required.filter((scope) => !granted.some((candidate) => scopeCovers(candidate, scope)));
}

/** True when the granted scopes satisfy the requirement (no required scopes: always true). */
export function hasScopes(granted: readonly string[], required: readonly string[], mode: ScopeMode = 'all'): boolean {
	if (required.length === 0) return true;
	const missing = missingScopes(granted, required);
	return mode === 'all' ? missing.length === 0 : missing.length < required.length;
}

/** Scopes as stored: one space-separated string (the OAuth 2.0 `scope` form). */
export function formatScopes(scopes: readonly string[]): string {
	return scopes.join(' ');
}
